import type { WorkspaceRole } from "./roles";

/**
 * What a role in a workspace opens there besides the matrix: "full" = the workspace and its member
 * list; "guest" = chat-only (a guest takes part only in the conversations it is pulled into, so the
 * member list is not shown). The workspace page and the roles reference both read it.
 */
export type WorkspaceAccess = "full" | "guest";

export function workspaceAccessOf(role: WorkspaceRole): WorkspaceAccess {
  return role === "guest" ? "guest" : "full";
}
