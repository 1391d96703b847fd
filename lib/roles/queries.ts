import "server-only";
import { getDb, Prisma, type Db, type Tx } from "@/lib/db";
import {
  can,
  roleRecipe,
  WORKSPACE_PERMISSIONS,
  WORKSPACE_PERMISSION_TEXT,
  WORKSPACE_ROLE_LABELS,
  WORKSPACE_ROLES,
  basePermissions,
  type Actor,
  type WorkspacePermission,
  type WorkspaceRole,
} from "@/lib/permissions";
import { permissionsReference, type PermissionsReference } from "@/lib/permissions/reference";
import { roleChoices, type CustomRoleRow } from "./catalog";
import { CUSTOM_ROLES_MAX } from "./schemas";

/** What a custom role is used by, as its delete confirmation says it. */
export interface CustomRoleUsage {
  /** People holding it in some workspace (each once). */
  people: number;
  /** Workspaces where someone holds it. */
  workspaces: number;
  /** Pending invitations that give it in some workspace. */
  invitations: number;
}

export const UNUSED: CustomRoleUsage = { people: 0, workspaces: 0, invitations: 0 };

/**
 * What each of the organization's custom roles (or only `roleId`) is used by, in one statement:
 * its holders as WorkspaceRoleCount keeps them (triggers, in the same transaction as any change
 * of a workspace role), and the pending invitations counted (they are few). The roles page and the
 * delete action count the same way.
 */
export async function customRoleUsage(
  db: Db | Tx,
  organizationId: string,
  roleId?: string,
): Promise<Map<string, CustomRoleUsage>> {
  const only = roleId === undefined ? Prisma.empty : Prisma.sql`AND r."id" = ${roleId}`;
  const rows = await db.$queryRaw<({ id: string } & CustomRoleUsage)[]>`
    SELECT r."id", coalesce(c.people, 0) AS people, coalesce(c.workspaces, 0) AS workspaces,
      (SELECT count(DISTINCT w."invitationId")::int FROM "InvitationWorkspace" w
        JOIN "Invitation" i ON i."id" = w."invitationId"
        WHERE w."customRoleId" = r."id" AND w."organizationId" = r."organizationId"
        AND i."status" = 'pending') AS invitations
    FROM "CustomRole" r
    LEFT JOIN "WorkspaceRoleCount" c
      ON c."organizationId" = r."organizationId" AND c."roleKey" = 'custom:' || r."id"
    WHERE r."organizationId" = ${organizationId} ${only}`;
  return new Map(
    rows.map(({ id, people, workspaces, invitations }) => [
      id,
      { people, workspaces, invitations },
    ]),
  );
}

/** One row of the Custom roles table. */
export interface CustomRoleListItem extends CustomRoleRow {
  /** "member + create sub-workspaces". */
  recipe: string;
  usage: CustomRoleUsage;
}

/** A workspace permission as the role form offers it. */
export interface PermissionOption {
  permission: WorkspacePermission;
  label: string;
  description: string;
  /** The base roles that already hold it (shown as included, and not to be added). */
  heldBy: WorkspaceRole[];
}

/** Everything the Roles & permissions page shows, for owners and admins; null for anyone else. */
export interface RolesPage {
  reference: PermissionsReference;
  customRoles: CustomRoleListItem[];
  /** The viewer may create, edit and delete custom roles. */
  canManage: boolean;
  /** The organization has as many custom roles as it may. */
  atLimit: boolean;
  limit: number;
  baseRoles: { role: WorkspaceRole; label: string }[];
  permissions: PermissionOption[];
  /** Every role, built-in and custom, as a replacement for a deleted one: key and label. */
  roles: { key: string; label: string }[];
}

export async function rolesPageFor(actor: Actor): Promise<RolesPage | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "roles.view", organization)) return null;
  const db = await getDb();
  const [rows, usage] = await Promise.all([
    db.customRole.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: { nameKey: "asc" },
      select: {
        id: true,
        name: true,
        description: true,
        baseRole: true,
        permissions: true,
        version: true,
      },
    }),
    customRoleUsage(db, actor.organizationId),
  ]);
  const customRoles: CustomRoleListItem[] = rows.map((row) => ({
    ...row,
    recipe: roleRecipe(row.baseRole, row),
    usage: usage.get(row.id) ?? UNUSED,
  }));
  return {
    reference: permissionsReference(rows),
    customRoles,
    canManage: can(actor, "roles.manage", organization),
    atLimit: rows.length >= CUSTOM_ROLES_MAX,
    limit: CUSTOM_ROLES_MAX,
    baseRoles: WORKSPACE_ROLES.map((role) => ({ role, label: WORKSPACE_ROLE_LABELS[role] })),
    permissions: WORKSPACE_PERMISSIONS.map((permission) => ({
      permission,
      ...WORKSPACE_PERMISSION_TEXT[permission],
      heldBy: WORKSPACE_ROLES.filter((role) => basePermissions(role).has(permission)),
    })),
    roles: roleChoices(rows).map((choice) => ({ key: choice.key, label: choice.label })),
  };
}
