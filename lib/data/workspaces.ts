import "server-only";
import { getDb } from "@/lib/db";
import { effectiveWorkspaceRoles, WorkspaceTree, type Actor, type WorkspaceRole } from "@/lib/permissions";

export interface WorkspaceTreeNode {
  id: string;
  name: string;
  memberCount: number;
  /** The viewer's effective role here, or null when they have none (owners/admins: manager). */
  myRole: WorkspaceRole | null;
  children: WorkspaceTreeNode[];
}

/**
 * The workspace tree as the caller may see it: everything for owners and admins; for others the
 * workspaces where they have an effective role, with the ancestors needed to place them.
 */
export async function workspaceTreeFor(actor: Actor): Promise<WorkspaceTreeNode[]> {
  const db = await getDb();
  const where = { organizationId: actor.organizationId };
  const [workspaces, mine] = await Promise.all([
    db.workspace.findMany({
      where,
      orderBy: { name: "asc" },
      select: { id: true, parentId: true, name: true, _count: { select: { members: true } } },
    }),
    db.workspaceMembership.findMany({
      where: { ...where, membership: { userId: actor.userId } },
      select: { workspaceId: true, role: true },
    }),
  ]);
  const tree = new WorkspaceTree(workspaces);
  const roles = effectiveWorkspaceRoles(tree, mine, actor.orgRole);
  const visible = new Set<string>();
  for (const id of roles.keys()) {
    visible.add(id);
    for (const ancestor of tree.ancestors(id)) visible.add(ancestor.id);
  }
  const counts = new Map(workspaces.map((w) => [w.id, w._count.members]));
  const build = (parentId: string | null): WorkspaceTreeNode[] =>
    tree
      .children(parentId)
      .filter((node) => visible.has(node.id))
      .map((node) => ({
        id: node.id,
        name: node.name,
        memberCount: counts.get(node.id) ?? 0,
        myRole: roles.get(node.id)?.role ?? null,
        children: build(node.id),
      }));
  return build(null);
}
