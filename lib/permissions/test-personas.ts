import type { Actor, Persona } from "./matrix";
import type { MembershipStatus, OrgRole } from "./roles";
import { actorScope, WorkspaceTree } from "./workspace-roles";

// The actors the permission tests share: organization "org-a" with Engineering > Backend >
// Payments, and Sales; one actor per persona.
export const ORG = "org-a";

export const tree = new WorkspaceTree([
  { id: "eng", parentId: null, name: "Engineering" },
  { id: "backend", parentId: "eng", name: "Backend" },
  { id: "payments", parentId: "backend", name: "Payments" },
  { id: "sales", parentId: null, name: "Sales" },
]);

export function actor(
  userId: string,
  orgRole: OrgRole,
  status: MembershipStatus = "active",
): Actor {
  // The manager is explicitly manager of Backend only; Payments comes by inheritance.
  const grants =
    userId === "u-manager"
      ? [
          { workspaceId: "backend", role: "manager" as const },
          { workspaceId: "sales", role: "viewer" as const },
        ]
      : userId === "u-member"
        ? [{ workspaceId: "eng", role: "member" as const }]
        : [];
  return {
    userId,
    membershipId: `m-${userId}`,
    organizationId: ORG,
    orgRole,
    status,
    ...actorScope(tree, grants, orgRole),
  };
}

export const ACTORS: Record<Persona, (status?: MembershipStatus) => Actor> = {
  owner: (s) => actor("u-owner", "owner", s),
  admin: (s) => actor("u-admin", "admin", s),
  manager: (s) => actor("u-manager", "member", s),
  member: (s) => actor("u-member", "member", s),
};
