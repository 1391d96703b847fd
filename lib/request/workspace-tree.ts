import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db";
import {
  WorkspaceTree,
  type OrgRole,
  type WorkspaceGrant,
  type WorkspaceNode,
} from "@/lib/permissions";
import { perRequest } from "./cache";
import { byCatalogVersion } from "./catalog";

/**
 * Reads an organization's workspaces as a tree (by name, so children come out sorted). Actions
 * that change the tree's shape call this inside their transaction, after taking the tree lock;
 * everything else uses `getWorkspaceTree`.
 */
export async function loadWorkspaceTree(
  db: Pick<Db, "workspace"> | Pick<Tx, "workspace">,
  organizationId: string,
): Promise<WorkspaceTree> {
  return new WorkspaceTree(
    await db.workspace.findMany({
      where: { organizationId },
      orderBy: { name: "asc" },
      select: { id: true, parentId: true, name: true },
    }),
  );
}

/**
 * The organization's workspaces with their member counts and pending join requests, read once per
 * request, and only when the organization's catalog version has moved since this process last
 * read them (lib/request/catalog.ts).
 */
export const getWorkspaceRows = perRequest(
  byCatalogVersion("workspaces", async (organizationId: string) => {
    const db = await getDb();
    const organization = await db.organization.findUnique({
      where: { id: organizationId },
      select: {
        catalogVersion: true,
        workspaces: {
          orderBy: { name: "asc" },
          select: {
            id: true,
            parentId: true,
            name: true,
            memberCount: true,
            version: true,
            _count: { select: { joinRequests: { where: { status: "pending" } } } },
          },
        },
      },
    });
    return {
      version: organization?.catalogVersion ?? null,
      value: (organization?.workspaces ?? []).map(({ _count, ...row }) => ({
        ...row,
        pendingJoinRequests: _count.joinRequests,
      })),
    };
  }),
);

/** One of the organization's workspaces as read with the tree (its version too), or undefined. */
export async function getWorkspaceRow(organizationId: string, workspaceId: string) {
  const rows = await getWorkspaceRows(organizationId);
  return rows.find((row) => row.id === workspaceId);
}

// The tree built from each read of the rows: the rows the process remembers (lib/request/catalog.ts)
// stay the same object while the organization's catalog version stands, and so does their tree.
const treeOfRows = new WeakMap<readonly WorkspaceNode[], WorkspaceTree>();

/** The organization's workspace tree, loaded once per request and shared by everything in it. */
export const getWorkspaceTree = perRequest(async (organizationId: string) => {
  const rows = await getWorkspaceRows(organizationId);
  let tree = treeOfRows.get(rows);
  if (!tree) {
    tree = new WorkspaceTree(rows);
    treeOfRows.set(rows, tree);
  }
  return tree;
});

/**
 * How many people have a role in each of the organization's workspaces, explicit or inherited,
 * each once (owners and admins not counted): Workspace.memberCount, which the database keeps
 * (migration 20261202060000_workspace_member_counts). Read with the tree, in the same query.
 */
export async function getWorkspaceMemberCounts(
  organizationId: string,
): Promise<Map<string, number>> {
  const rows = await getWorkspaceRows(organizationId);
  return new Map(rows.map((row) => [row.id, row.memberCount]));
}

/**
 * What a grant reads of a custom role: enough to know what it allows (read live, so an edit of the
 * role takes effect on its holders' next request) and its version (the action pipeline's check).
 */
export const GRANT_CUSTOM_ROLE = {
  select: { id: true, name: true, permissions: true, version: true },
} as const;

/** A membership's own (explicit) workspace roles, once per request; inherited ones follow from the tree. */
export const getWorkspaceGrants = perRequest(async (membershipId: string) => {
  const db = await getDb();
  return db.workspaceMembership.findMany({
    where: { membershipId },
    select: { workspaceId: true, role: true, customRole: GRANT_CUSTOM_ROLE },
  });
});

/**
 * The workspace roles someone's effective roles are worked out from: a member's own, once per
 * request; none for owners and admins, who manage every workspace whatever they hold.
 */
export async function getGrantsThatCount(who: {
  membershipId: string;
  orgRole: OrgRole;
}): Promise<WorkspaceGrant[]> {
  return who.orgRole === "member" ? getWorkspaceGrants(who.membershipId) : [];
}
