"use server";

import { ActionError, denyMessage, memberAction, type Tx } from "@/lib/actions/pipeline";
import { isUniqueViolation } from "@/lib/db";
import {
  sortedPermissions,
  WORKSPACE_ROLE_LABELS,
  type Actor,
  type WorkspacePermission,
  type WorkspaceRole,
} from "@/lib/permissions";
import { resolveRoleKey, storedRole } from "./catalog";
import { customRoleUsage, UNUSED } from "./queries";
import {
  CUSTOM_ROLES_MAX,
  createCustomRoleInput,
  deleteCustomRoleInput,
  roleNameKey,
  updateCustomRoleInput,
} from "./schemas";

const NOT_FOUND = denyMessage("not_found");
const CHANGED_ELSEWHERE =
  "This role was changed by someone else since you opened it. Reload the page to see the latest version, then make your change again.";
const NOTHING_CHANGED = "Nothing to save: the role is as it was.";
const PATHS = ["/settings/organization/roles", "/users", "/workspaces"];

function nameTaken(name: string): ActionError {
  const message = `There is already a role named "${name}". Choose another name.`;
  return new ActionError(message, { name: [message] });
}

function manage(actor: Actor) {
  return {
    action: "roles.manage" as const,
    target: { kind: "organization" as const, organizationId: actor.organizationId },
  };
}

/** Creations of custom roles take turns per organization: the limit and the names hold. */
async function lockCustomRoles(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`custom-roles:${organizationId}`}))`;
}

/** The role, locked until the transaction ends; another organization's reads as not found. */
async function lockedRole(tx: Tx, organizationId: string, roleId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "CustomRole" WHERE "id" = ${roleId} AND "organizationId" = ${organizationId}
    FOR UPDATE`;
  if (!locked) throw new ActionError(NOT_FOUND);
  return tx.customRole.findUniqueOrThrow({
    where: { id: roleId },
    select: {
      id: true,
      name: true,
      description: true,
      baseRole: true,
      permissions: true,
      version: true,
    },
  });
}

interface Definition {
  name: string;
  description: string;
  baseRole: WorkspaceRole;
  permissions: readonly WorkspacePermission[];
}

function definitionOf(role: Definition) {
  return {
    name: role.name,
    description: role.description,
    baseRole: role.baseRole,
    permissions: sortedPermissions(role.permissions),
  };
}

/** Create a custom workspace role (owners and admins). */
export const createCustomRoleAction = memberAction({
  name: "create-custom-role",
  input: createCustomRoleInput,
  permission: ({ actor }) => manage(actor),
  async run({ input, tx, actor }) {
    const organizationId = actor.organizationId;
    await lockCustomRoles(tx, organizationId);
    const existing = await tx.customRole.count({ where: { organizationId } });
    if (existing >= CUSTOM_ROLES_MAX) {
      throw new ActionError(
        `An organization can have at most ${CUSTOM_ROLES_MAX} custom roles. Delete one it no longer needs first.`,
      );
    }
    const nameKey = roleNameKey(input.name);
    const clash = await tx.customRole.findFirst({
      where: { organizationId, nameKey },
      select: { id: true },
    });
    if (clash) throw nameTaken(input.name);
    let created: { id: string };
    try {
      created = await tx.customRole.create({
        data: { organizationId, nameKey, ...definitionOf(input) },
        select: { id: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
    return {
      result: { roleId: created.id },
      audit: {
        action: "role.created",
        target: { type: "role", id: created.id, label: input.name },
        metadata: definitionOf(input),
      },
      revalidate: PATHS,
    };
  },
});

/**
 * Edit a custom role: its name, description, base role and added permissions. Its holders get the
 * change on their next request (their permissions are read live); a new base role is written to
 * every workspace membership and invitation workspace that holds the role, in the same transaction.
 */
export const updateCustomRoleAction = memberAction({
  name: "update-custom-role",
  input: updateCustomRoleInput,
  permission: ({ actor }) => manage(actor),
  async run({ input, tx, actor }) {
    const organizationId = actor.organizationId;
    const role = await lockedRole(tx, organizationId, input.roleId);
    if (role.version !== input.version) throw new ActionError(CHANGED_ELSEWHERE);
    const before = definitionOf(role);
    const after = definitionOf(input);
    if (JSON.stringify(before) === JSON.stringify(after)) throw new ActionError(NOTHING_CHANGED);
    const nameKey = roleNameKey(input.name);
    const clash = await tx.customRole.findFirst({
      where: { organizationId, nameKey, NOT: { id: role.id } },
      select: { id: true },
    });
    if (clash) throw nameTaken(input.name);
    try {
      const updated = await tx.customRole.updateMany({
        where: { id: role.id, organizationId, version: input.version },
        data: {
          name: input.name,
          nameKey,
          description: input.description,
          baseRole: input.baseRole,
          permissions: input.permissions,
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
    let moved = { memberships: 0, invitationWorkspaces: 0 };
    if (input.baseRole !== role.baseRole) {
      const where = { organizationId, customRoleId: role.id };
      const data = { role: input.baseRole };
      const memberships = await tx.workspaceMembership.updateMany({ where, data });
      const invitations = await tx.invitationWorkspace.updateMany({ where, data });
      moved = { memberships: memberships.count, invitationWorkspaces: invitations.count };
    }
    return {
      result: { version: input.version + 1 },
      audit: {
        action: "role.updated",
        target: { type: "role", id: role.id, label: input.name },
        metadata: {
          before,
          after,
          ...(input.baseRole !== role.baseRole ? { baseRoleWrittenTo: moved } : {}),
        },
      },
      revalidate: PATHS,
    };
  },
});

function plural(count: number, one: string, many: string) {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Delete a custom role. Whoever holds it (workspace memberships) and whatever gives it
 * (invitation workspaces) gets the replacement instead, built-in or another custom role, in the
 * same transaction; only when what it affects is what the confirmation showed (`expected`).
 */
export const deleteCustomRoleAction = memberAction({
  name: "delete-custom-role",
  input: deleteCustomRoleInput,
  permission: ({ actor }) => manage(actor),
  async run({ input, tx, actor }) {
    const organizationId = actor.organizationId;
    const role = await lockedRole(tx, organizationId, input.roleId);
    const usage = (await customRoleUsage(tx, organizationId, role.id)).get(role.id) ?? UNUSED;
    const { expected } = input;
    if (
      usage.people !== expected.people ||
      usage.workspaces !== expected.workspaces ||
      usage.invitations !== expected.invitations
    ) {
      throw new ActionError(
        `Who holds ${role.name} changed since you looked (now ${plural(usage.people, "person", "people")} in ${plural(
          usage.workspaces,
          "workspace",
          "workspaces",
        )}, and ${plural(usage.invitations, "pending invitation", "pending invitations")}). Reload the page, check, and confirm again.`,
      );
    }
    // Its holders and the pending invitations that give it get the replacement. Accepted and
    // revoked invitations are history: theirs keep the base role, without the deleted role's name.
    const where = { organizationId, customRoleId: role.id };
    const pending = { ...where, invitation: { status: "pending" as const } };
    let replacement: { key: string; label: string } | null = null;
    let moved = { memberships: 0, invitationWorkspaces: 0 };
    if (usage.people > 0 || usage.invitations > 0) {
      if (!input.replacement) {
        const message = `Choose the role its holders get instead of ${role.name}.`;
        throw new ActionError(message, { replacement: [message] });
      }
      const resolved = await resolveRoleKey(tx, organizationId, input.replacement, "replacement");
      const data = storedRole(resolved);
      const memberships = await tx.workspaceMembership.updateMany({ where, data });
      const invitations = await tx.invitationWorkspace.updateMany({ where: pending, data });
      moved = { memberships: memberships.count, invitationWorkspaces: invitations.count };
      replacement = { key: input.replacement, label: resolved.label };
    }
    await tx.invitationWorkspace.updateMany({ where, data: { customRoleId: null } });
    await tx.customRole.delete({ where: { id: role.id } });
    return {
      result: {},
      audit: {
        action: "role.deleted",
        target: { type: "role", id: role.id, label: role.name },
        metadata: {
          ...definitionOf(role),
          baseRoleLabel: WORKSPACE_ROLE_LABELS[role.baseRole],
          replacement,
          moved: { ...usage, ...moved },
        },
      },
      revalidate: PATHS,
    };
  },
});
