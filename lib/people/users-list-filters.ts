import "server-only";
import { Prisma } from "@/lib/db";
import {
  permissionsFor,
  personaOf,
  workspacesWhere,
  type Actor,
  type RoleKey,
  type WorkspaceTree,
} from "@/lib/permissions";
import type { UsersQuery } from "./schemas";

/**
 * The Users list's conditions on who is listed, as SQL on Membership (`m`) and Invitation (`i`)
 * rows: the organization, the scoped caller's reach, the workspace and workspace-role filters, the
 * search and the org role (the status is users-list.ts's: it depends on the subscription).
 */
export interface ListFilters {
  memberFilters: Prisma.Sql[];
  invitationFilters: Prisma.Sql[];
  /** Members must hold a role in some workspaces: they can't be counted by role and status alone. */
  inWorkspaces: boolean;
  /**
   * When a condition on workspace roles is all that narrows the members: the members' total
   * without reading them — a workspace role's holders as WorkspaceRoleCount keeps them, or those
   * of a workspace (and its ancestors) counted from the workspace roles' own indexes.
   */
  memberTotal: Prisma.Sql | null;
  /** Nobody can match (a workspace of no tree of theirs, a scoped caller who sees nobody). */
  none: boolean;
}

/** The role `key` held as an explicit role by a workspace role row (`alias`). */
function holds(alias: string, key: RoleKey): Prisma.Sql {
  const row = Prisma.raw(alias);
  if (key.startsWith("custom:")) {
    return Prisma.sql`${row}."customRoleId" = ${key.slice("custom:".length)}`;
  }
  return Prisma.sql`${row}.role = ${key}::"WorkspaceRole" AND ${row}."customRoleId" IS NULL`;
}

export function listFilters(actor: Actor, query: UsersQuery, tree: WorkspaceTree): ListFilters {
  const org = actor.organizationId;
  const scoped = personaOf(actor) === "manager";
  const memberFilters: Prisma.Sql[] = [Prisma.sql`m."organizationId" = ${org}`];
  const invitationFilters: Prisma.Sql[] = [
    Prisma.sql`i."organizationId" = ${org}`,
    Prisma.sql`i.status = 'pending'`,
  ];
  const filters: ListFilters = {
    memberFilters,
    invitationFilters,
    inWorkspaces: false,
    memberTotal: null,
    none: false,
  };
  const nothingElse = !scoped && !query.q && !query.role && !query.status;

  // A scoped caller sees the people of the workspaces where they may see members: those with a
  // role there, explicit or inherited from an ancestor — and invitations into one of them.
  let reach: string[] = [];
  let seen: string[] = [];
  if (scoped) {
    seen = workspacesWhere(actor, permissionsFor("users.view"));
    if (seen.length === 0) return { ...filters, none: true };
    reach = tree.withAncestors(seen);
    filters.inWorkspaces = true;
    memberFilters.push(Prisma.sql`m.role = 'member'`);
    // A workspace role filtered by without a workspace is looked for in their reach only, which
    // says this already: one semi-join instead of two.
    if (!query.workspaceRole || query.workspace) {
      memberFilters.push(
        Prisma.sql`EXISTS (SELECT 1 FROM "WorkspaceMembership" s WHERE s."membershipId" = m.id AND s."workspaceId" IN (${Prisma.join(reach)}))`,
      );
      invitationFilters.push(
        Prisma.sql`EXISTS (SELECT 1 FROM "InvitationWorkspace" s WHERE s."invitationId" = i.id AND s."workspaceId" IN (${Prisma.join(seen)}))`,
      );
    }
  }

  const workspace = query.workspace;
  if (workspace !== undefined && !tree.has(workspace)) return { ...filters, none: true };
  const role = query.workspaceRole;

  if (role) {
    // Who holds that role explicitly: in the chosen workspace, else anywhere the caller may look
    // (a scoped caller: where someone's role gives them a place in their reach).
    filters.inWorkspaces = true;
    const where = workspace
      ? { members: Prisma.sql`= ${workspace}`, invitations: Prisma.sql`= ${workspace}` }
      : scoped
        ? {
            members: Prisma.sql`IN (${Prisma.join(reach)})`,
            invitations: Prisma.sql`IN (${Prisma.join(seen)})`,
          }
        : null;
    const inMember = where ? Prisma.sql`AND r."workspaceId" ${where.members}` : Prisma.empty;
    const inInvitation = where
      ? Prisma.sql`AND r."workspaceId" ${where.invitations}`
      : Prisma.empty;
    memberFilters.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "WorkspaceMembership" r WHERE r."membershipId" = m.id AND ${holds("r", role)} ${inMember})`,
    );
    invitationFilters.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "InvitationWorkspace" r WHERE r."invitationId" = i.id AND ${holds("r", role)} ${inInvitation})`,
    );
    if (nothingElse) {
      filters.memberTotal = workspace
        ? Prisma.sql`(SELECT count(DISTINCT w."membershipId") FROM "WorkspaceMembership" w
            WHERE w."workspaceId" = ${workspace} AND ${holds("w", role)})`
        : Prisma.sql`(SELECT coalesce(sum(c.people), 0) FROM "WorkspaceRoleCount" c
            WHERE c."organizationId" = ${org} AND c."roleKey" = ${role})`;
    }
  } else if (workspace) {
    // In a workspace = a role there, or in one of its ancestors (inherited).
    const ids = tree.withAncestors([workspace]);
    filters.inWorkspaces = true;
    if (nothingElse) {
      filters.memberTotal = Prisma.sql`(SELECT count(DISTINCT w."membershipId") FROM "WorkspaceMembership" w
        WHERE w."workspaceId" IN (${Prisma.join(ids)}))`;
    }
    memberFilters.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "WorkspaceMembership" f WHERE f."membershipId" = m.id AND f."workspaceId" IN (${Prisma.join(ids)}))`,
    );
    invitationFilters.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "InvitationWorkspace" f WHERE f."invitationId" = i.id AND f."workspaceId" IN (${Prisma.join(ids)}))`,
    );
  }

  if (query.q) {
    memberFilters.push(memberSearch(query.q));
    invitationFilters.push(invitationSearch(query.q));
  }
  if (query.role) {
    memberFilters.push(Prisma.sql`m.role = ${query.role}::"OrgRole"`);
    invitationFilters.push(Prisma.sql`i.role = ${query.role}::"OrgRole"`);
  }
  return filters;
}

/** `q` for ILIKE: contained anywhere, with `%`, `_` and `\` taken literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The search: "first last", "last first" or the email contains `q`, any case (ILIKE). For members
 * it reads the lower-cased copies of the user's name and email (they match exactly what the
 * originals do), as one ILIKE over the three texts joined by line breaks: the expression
 * Membership_search_trgm_idx indexes — change both together. A `q` without a line break cannot
 * match across one, so the rows are the same as three ILIKEs'; a `q` with one gets those.
 *
 * `on` names the rows searched: Membership (`m`, the default), or WorkspaceMembership, whose copies
 * of the same keys WorkspaceMembership_search_trgm_idx indexes with the same expression.
 */
export function memberSearch(q: string, on: SearchedRows = "m"): Prisma.Sql {
  const like = likePattern(q);
  const row = Prisma.raw(on);
  if (q.includes("\n")) {
    return Prisma.sql`(${row}."sortFirstName" || ' ' || ${row}."sortLastName" ILIKE ${like} OR ${row}."sortEmail" ILIKE ${like} OR ${row}."sortLastName" || ' ' || ${row}."sortFirstName" ILIKE ${like})`;
  }
  return Prisma.sql`(${row}."sortFirstName" || ' ' || ${row}."sortLastName" || chr(10) || ${row}."sortLastName" || ' ' || ${row}."sortFirstName" || chr(10) || ${row}."sortEmail" ILIKE ${like})`;
}

/** The alias of the rows memberSearch reads: Membership `m` or WorkspaceMembership `g`. */
export type SearchedRows = "m" | "g";

/** The same search on an invitation's own name and email (invitations are few: no index). */
function invitationSearch(q: string): Prisma.Sql {
  const like = likePattern(q);
  if (q.includes("\n")) {
    return Prisma.sql`(i."firstName" || ' ' || i."lastName" ILIKE ${like} OR i.email ILIKE ${like} OR i."lastName" || ' ' || i."firstName" ILIKE ${like})`;
  }
  return Prisma.sql`(i."firstName" || ' ' || i."lastName" || chr(10) || i."lastName" || ' ' || i."firstName" || chr(10) || i.email ILIKE ${like})`;
}
