// The workspaces feature: the tree, workspace pages, members and join requests. Other features
// and routes use what is exported here; the feature's own components also use its actions.
export {
  workspacesPageFor,
  workspaceTreeFor,
  type WorkspacesPage,
  type WorkspaceTreeNode,
} from "./overview";
export { workspaceDetailFor, workspaceNameFor, type WorkspaceDetail } from "./detail";
export {
  joinableWorkspacesFor,
  pendingJoinRequestCount,
  pendingJoinRequestsFor,
  type JoinableWorkspace,
  type JoinRequestRow,
} from "./join-requests";
export {
  WORKSPACE_MEMBERS_PAGE_SIZE,
  type OrganizationManagerRow,
  type WorkspaceMemberRow,
} from "./members";
export type { WorkspaceDeletion } from "./counts";
export {
  personWorkspaceRoles,
  type PersonWorkspaceRoleRow,
  type PersonWorkspaceRoles,
} from "./person-roles";
export type { RoleOption, RoleShown } from "./role-options";
export { workspacePageQuery, type WorkspacePageQuery } from "./schemas";
