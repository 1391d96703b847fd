// The Users list benchmark's data set and cases (used by scripts/bench/run.ts, section 4).
//
// One organization with 100,000 members, 2,000 open invitations (and 500 closed ones, which the
// list must skip), 220 workspaces in two levels and about 150,000 workspace memberships. Inserted
// with multi-row INSERT … SELECT generate_series statements: the same rows on every run, in about
// 5 s on PostgreSQL and 10 s on PGlite. Ids are prefixed "bench_"; the users' emails are unique
// only once per database, so seed one organization per database. A smaller size (the load run's,
// scripts/bench/load.ts) keeps the same shape: member 1 the owner, every 20th an admin.
import type { Db } from "@/lib/db/client";

export const LIST_MEMBERS = 100_000;
export const LIST_INVITATIONS = 2_000;
/** Accepted and revoked invitations: history, never rows of the list. */
const CLOSED_INVITATIONS = 500;
const ROOT_WORKSPACES = 20;
const CHILDREN_PER_ROOT = 10;
const WORKSPACES = ROOT_WORKSPACES * (1 + CHILDREN_PER_ROOT);

const FIRST = (
  "Ada Alan Amara Ana Arjun Beatriz Chen Chidi Dmitri Elena Emeka Fatima Grace Hana Hiro Ines " +
  "Ivan Jamal Jonas Kofi Lars Leila Lucia Mateo Mei Nadia Noah Olga Omar Priya Rafael Sara Sven " +
  "Tariq Yara Yusuf Zoe"
).split(" ");
// "Smith" and "Goldsmith": about 1 person in 14 matches the benchmark's search for "smith".
const LAST = (
  "Andersson Baptiste Costa Dubois Eriksen Fischer Garcia Goldsmith Hoang Ivanova Jensen " +
  "Kowalski Lopez Müller Nakamura Okafor Petrov Quinn Rossi Silva Smith Tanaka Usman Varga Wang " +
  "Xu Yilmaz Zhang"
).split(" ");

const sqlArray = (items: string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(",")}]`;
// Deterministic "random" picks from the row number g (multiplicative hashing, no random()).
const firstOf = (g: string) => `(${sqlArray(FIRST)})[1 + (${g}::bigint * 7919) % ${FIRST.length}]`;
const lastOf = (g: string) =>
  `(${sqlArray(LAST)})[1 + (${g}::bigint * 104729 / 7) % ${LAST.length}]`;

export interface UsersListSize {
  members: number;
  /** Open ones; the closed ones are always CLOSED_INVITATIONS more. */
  invitations: number;
}

export const FULL_SIZE: UsersListSize = { members: LIST_MEMBERS, invitations: LIST_INVITATIONS };

/** Seeds the data set into `organizationId` (which must exist); returns the row counts. */
export async function seedUsersList(
  db: Db,
  organizationId: string,
  { members, invitations }: UsersListSize = FULL_SIZE,
) {
  const run = (sql: string) =>
    sql.includes("$1") ? db.$executeRawUnsafe(sql, organizationId) : db.$executeRawUnsafe(sql);

  await run(`
    INSERT INTO "User" (id, email, "firstName", "lastName", "updatedAt")
    SELECT 'bench_u' || g, lower(f || '.' || l) || '.' || g || '@bench.example', f, l, now()
    FROM generate_series(1, ${members}) g,
      LATERAL (SELECT ${firstOf("g")} AS f, ${lastOf("g")} AS l) n`);

  // Member 1 owns the organization; 1 in 20 is an admin, 1 in 50 is disabled. Joined one
  // minute apart, so "joined" has no ties.
  await run(`
    INSERT INTO "Membership"
      (id, "userId", "organizationId", role, status, "ownerOfOrganizationId", "createdAt", "updatedAt")
    SELECT 'bench_m' || g, 'bench_u' || g, $1,
      (CASE WHEN g = 1 THEN 'owner' WHEN g % 20 = 0 THEN 'admin' ELSE 'member' END)::"OrgRole",
      (CASE WHEN g % 50 = 7 THEN 'disabled' ELSE 'active' END)::"MembershipStatus",
      CASE WHEN g = 1 THEN $1 END,
      now() - g * interval '1 minute', now()
    FROM generate_series(1, ${members}) g`);

  await run(`
    INSERT INTO "Workspace" (id, "organizationId", "parentId", name, "siblingKey", "updatedAt")
    SELECT 'bench_w' || r, $1, NULL, 'Team ' || r, 'root/team ' || r, now()
    FROM generate_series(0, ${ROOT_WORKSPACES - 1}) r`);
  await run(`
    INSERT INTO "Workspace" (id, "organizationId", "parentId", name, "siblingKey", "updatedAt")
    SELECT 'bench_w' || r || '_' || c, $1, 'bench_w' || r, 'Squad ' || c,
      'bench_w' || r || '/squad ' || c, now()
    FROM generate_series(0, ${ROOT_WORKSPACES - 1}) r, generate_series(1, ${CHILDREN_PER_ROOT}) c`);

  // A custom role, Editor (member + create sub-workspaces): a third of the member roles are it.
  await run(`
    INSERT INTO "CustomRole" (id, "organizationId", name, "nameKey", "baseRole", permissions, "updatedAt")
    VALUES ('${BENCH_CUSTOM_ROLE_ID}', $1, 'Editor', 'editor', 'member', '{createSubWorkspaces}', now())`);

  // Member g has an explicit role in (g % 4) workspaces: 0 to 3, about 150,000 rows in all.
  await run(`
    WITH ws AS (
      SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM "Workspace" WHERE "organizationId" = $1
    )
    INSERT INTO "WorkspaceMembership"
      (id, "organizationId", "workspaceId", "membershipId", role, "customRoleId", "updatedAt")
    SELECT 'bench_wm' || g || '_' || k, $1, ws.id, 'bench_m' || g,
      (ARRAY['manager','member','member','viewer','guest'])[1 + (g + k) % 5]::"WorkspaceRole",
      CASE WHEN (g + k) % 5 IN (1, 2) AND g % 3 = 0 THEN '${BENCH_CUSTOM_ROLE_ID}' END, now()
    FROM generate_series(1, ${members}) g
      CROSS JOIN generate_series(0, 2) k
      JOIN ws ON ws.n = (g * 31 + k * 97) % ${WORKSPACES}
    WHERE k < g % 4`);

  // Open invitations (1 in 10 expired, 1 in 25 with a failed email), then closed ones.
  await run(`
    INSERT INTO "Invitation"
      (id, "organizationId", email, "firstName", "lastName", role, "inviterEmail", "tokenHash",
       "expiresAt", status, "pendingEmail", "lastEmailStatus", "createdAt", "updatedAt",
       "acceptedAt", "revokedAt")
    SELECT 'bench_i' || g, $1, e, f, l,
      (CASE WHEN g % 10 = 3 THEN 'admin' ELSE 'member' END)::"OrgRole",
      'owner@bench.example', md5('bench invitation ' || g),
      now() + (CASE WHEN g % 10 = 0 THEN -1 ELSE 7 END) * interval '1 day',
      (CASE WHEN g <= ${invitations} THEN 'pending' WHEN g % 2 = 0 THEN 'accepted' ELSE 'revoked' END)::"InvitationStatus",
      CASE WHEN g <= ${invitations} THEN e END,
      (CASE WHEN g % 25 = 0 THEN 'failed' ELSE 'sent' END)::"EmailStatus",
      now() - g * interval '1 second', now(),
      CASE WHEN g > ${invitations} AND g % 2 = 0 THEN now() END,
      CASE WHEN g > ${invitations} AND g % 2 = 1 THEN now() END
    FROM generate_series(1, ${invitations + CLOSED_INVITATIONS}) g,
      LATERAL (SELECT ${firstOf("g + 7")} AS f, ${lastOf("g + 7")} AS l) n,
      LATERAL (SELECT lower(f || '.' || l) || '.invited' || g || '@bench.example' AS e) m`);
  await run(`
    WITH ws AS (
      SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM "Workspace" WHERE "organizationId" = $1
    )
    INSERT INTO "InvitationWorkspace" ("invitationId", "workspaceId", "organizationId", role, "customRoleId")
    SELECT 'bench_i' || g, ws.id, $1, 'member', CASE WHEN g % 3 = 0 THEN '${BENCH_CUSTOM_ROLE_ID}' END
    FROM generate_series(1, ${invitations + CLOSED_INVITATIONS}) g
      JOIN ws ON ws.n = (g * 13) % ${WORKSPACES}`);

  const [counts] = await db.$queryRawUnsafe<{ wm: number }[]>(
    `SELECT count(*)::int AS wm FROM "WorkspaceMembership" WHERE "organizationId" = $1`,
    organizationId,
  );
  return { workspaces: WORKSPACES, workspaceMemberships: counts?.wm ?? 0 };
}

/** The list's URL parameters per case; `email` and `workspace` are filled in after seeding. */
export function usersListCases(sample: { email: string; workspaceId: string }) {
  return [
    ["default: name asc, page 1", {}],
    ["page 2,000 (offset 49,975)", { page: "2000" }],
    ['search "smith"', { q: "smith" }],
    ["search an exact email", { q: sample.email }],
    ["status = disabled", { status: "disabled" }],
    ["workspace filter (a squad)", { workspace: sample.workspaceId }],
    ["sort email desc", { sort: "email", dir: "desc" }],
    ["sort workspaces asc", { sort: "workspaces" }],
    ["sort joined desc", { sort: "joined", dir: "desc" }],
    ["workspace role = guest", { workspaceRole: "guest" }],
    ["workspace role = a custom role", { workspaceRole: `custom:${BENCH_CUSTOM_ROLE_ID}` }],
    [
      "workspace role = member in a squad",
      { workspaceRole: "member", workspace: sample.workspaceId },
    ],
    [
      "workspace role = guest, sort email desc",
      { workspaceRole: "guest", sort: "email", dir: "desc" },
    ],
  ] as const satisfies readonly (readonly [string, Record<string, string>])[];
}

/** The data set's custom role, Editor: a third of the member roles, a third of the invitations. */
export const BENCH_CUSTOM_ROLE_ID = "bench_cr_editor";

/** A member from the middle of the list and a second-level workspace, for the cases above. */
export const SAMPLE_USER_ID = "bench_u54321";
export const SAMPLE_WORKSPACE_ID = "bench_w7_4";
/** For the manager's view: a team (a root workspace) and a squad of another team. */
export const MANAGED_WORKSPACE_IDS = ["bench_w3", "bench_w7_4"];
