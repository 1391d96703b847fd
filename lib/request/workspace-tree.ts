import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db";
import { WorkspaceTree } from "@/lib/permissions";
import { perRequest } from "./cache";

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

/** The organization's workspace tree, loaded once per request and shared by everything in it. */
export const getWorkspaceTree = perRequest(async (organizationId: string) =>
  loadWorkspaceTree(await getDb(), organizationId),
);

/** A membership's own (explicit) workspace roles, once per request; inherited ones follow from the tree. */
export const getWorkspaceGrants = perRequest(async (membershipId: string) => {
  const db = await getDb();
  return db.workspaceMembership.findMany({
    where: { membershipId },
    select: { workspaceId: true, role: true },
  });
});
