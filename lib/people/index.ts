// The people feature: the Users list, a person's record and the lifecycle actions on it. Other
// features and routes use what is exported here; its own components also use its actions.
export {
  displayName,
  findTargetMember,
  requireTargetMember,
  userTarget,
  type TargetMember,
} from "./queries";
export {
  usersPageFor,
  workspaceChoicesFor,
  type UsersPage,
  type UsersPageRow,
  type WorkspaceChoice,
  type WorkspaceRoleChoice,
} from "./users-page";
export { editUserPageFor, type EditUserPage } from "./edit-user-page";
export { whyCanTheyFor, type WhyCanThey } from "./why-can-they";
export { usersQuery, type UserSort, type UsersQuery } from "./schemas";
export { memberSearch, type SearchedRows } from "./users-list";
export {
  accessReviewScopeFor,
  organizationAccessReviewAllowed,
  type AccessReviewScope,
} from "./access-review";
export { accessReviewCsvResponse } from "./access-review-export";
