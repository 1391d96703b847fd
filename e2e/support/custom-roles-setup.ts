// `node e2e/support/serve.mjs <name> <port> --seed --setup e2e/support/custom-roles-setup.ts`:
// gives the demo organization (Acme Inc.) three custom workspace roles, written straight to the
// database as the roles page would save them (that page's own story is another spec's): Editor
// (member + set workspace roles), Gatekeeper (member + approve join requests) and Recruiter
// (member + see members, invite into the workspace); makes Vic Viewer the Gatekeeper of Frontend,
// where Nora Noworkspace has asked to join, and Mona Manager (manager of Engineering) the
// Recruiter of Sales.
import { closeDb, getDb } from "../../lib/db/client";
import type { WorkspacePermission } from "../../lib/permissions/workspace-permissions";

async function main() {
  const db = await getDb();
  const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const role = (name: string, permissions: WorkspacePermission[]) =>
    db.customRole.create({
      data: {
        organizationId: acme.id,
        name,
        nameKey: name.toLowerCase(),
        baseRole: "member",
        permissions,
      },
    });
  await role("Editor", ["setMemberRoles"]);
  const gatekeeper = await role("Gatekeeper", ["decideJoinRequests"]);
  const frontend = await db.workspace.findFirstOrThrow({
    where: { organizationId: acme.id, name: "Frontend" },
  });
  const vic = await db.membership.findFirstOrThrow({
    where: { organizationId: acme.id, user: { email: "viewer@acme.example" } },
  });
  const recruiter = await role("Recruiter", ["viewMembers", "inviteMembers"]);
  const sales = await db.workspace.findFirstOrThrow({
    where: { organizationId: acme.id, name: "Sales" },
  });
  const mona = await db.membership.findFirstOrThrow({
    where: { organizationId: acme.id, user: { email: "manager@acme.example" } },
  });
  for (const [workspace, membership, custom] of [
    [frontend, vic, gatekeeper],
    [sales, mona, recruiter],
  ] as const) {
    await db.workspaceMembership.create({
      data: {
        organizationId: acme.id,
        workspaceId: workspace.id,
        membershipId: membership.id,
        role: custom.baseRole,
        customRoleId: custom.id,
      },
    });
  }
}

main()
  // Flushes the embedded database to its folder and releases its lock for the server.
  .then(() => closeDb())
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
