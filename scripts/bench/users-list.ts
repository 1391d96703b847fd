// `npm run bench`, section 4 (scripts/bench/run.ts): the Users list and the workspace pages' data
// calls at 100,000 members.
import { randomBytes } from "node:crypto";
import { setDbForTests, type Db } from "@/lib/db/client";
import type { SqlExecutor } from "@/lib/db/migrate";
import { basePermissions, type Actor } from "@/lib/permissions";
import { usersQuery } from "@/lib/people/schemas";
import {
  LIST_INVITATIONS,
  LIST_MEMBERS,
  MANAGED_WORKSPACE_IDS,
  SAMPLE_USER_ID,
  SAMPLE_WORKSPACE_ID,
  seedUsersList,
  usersListCases,
} from "./users-list-data";
import { bench, lastRow, once, section } from "./measure";

export async function benchUsersList(label: string, db: Db, sql: SqlExecutor) {
  // Loaded when this section runs: through the features' indexes these reach much of the app,
  // which the other sections (and BENCH_ONLY=audit-log) do without.
  const { listUsers } = await import("@/lib/people/users-list");
  const { workspaceDetailFor, workspaceTreeFor } = await import("@/lib/workspaces");
  section(
    `${label}: Users list, ${LIST_MEMBERS.toLocaleString("en")} members + ` +
      `${LIST_INVITATIONS.toLocaleString("en")} invitations in one organization (listUsers: page + total)`,
  );
  const organization = await db.organization.create({
    data: { name: "Big Org", slug: `bench-big-${randomBytes(4).toString("hex")}` },
  });
  const seeded = await once("seed (INSERT … SELECT generate_series)", () =>
    seedUsersList(db, organization.id),
  );
  lastRow().note = `${seeded.workspaces} workspaces, ${seeded.workspaceMemberships.toLocaleString("en")} workspace memberships`;
  await once("VACUUM ANALYZE", () => sql.query("VACUUM ANALYZE"));

  const sample = await db.user.findUniqueOrThrow({ where: { id: SAMPLE_USER_ID } });
  const membershipOf = async (userId: string) =>
    (
      await db.membership.findUniqueOrThrow({
        where: { userId_organizationId: { userId, organizationId: organization.id } },
        select: { id: true },
      })
    ).id;
  const owner: Actor = {
    userId: "bench_u1",
    membershipId: await membershipOf("bench_u1"),
    organizationId: organization.id,
    orgRole: "owner",
    status: "active",
    managedWorkspaceIds: new Set(),
    holdings: new Map(),
  };
  // A workspace manager (an org member who manages two workspaces): the list is scoped to the
  // people and invitations in them.
  const manager: Actor = {
    ...owner,
    userId: "bench_u2",
    membershipId: await membershipOf("bench_u2"),
    orgRole: "member",
    managedWorkspaceIds: new Set(MANAGED_WORKSPACE_IDS),
    holdings: new Map(
      MANAGED_WORKSPACE_IDS.map((id) => [id, { rank: 3, permissions: basePermissions("manager") }]),
    ),
  };
  const cases = [
    ...usersListCases({ email: sample.email, workspaceId: SAMPLE_WORKSPACE_ID }).map(
      ([name, params]) => [name, params, owner] as const,
    ),
    ["manager's view (2 workspaces), page 1", {}, manager] as const,
    ["manager's view, workspace role = member", { workspaceRole: "member" }, manager] as const,
  ];
  setDbForTests(db);
  try {
    for (const [name, params, actor] of cases) {
      const query = usersQuery.parse(params);
      let result = { rows: 0, total: 0 };
      await bench(
        name,
        {
          runs: 10,
          warmup: 2,
          note: () => `${result.rows} rows of ${result.total.toLocaleString("en")}`,
        },
        async () => {
          const { rows: page, total } = await listUsers(actor, query);
          result = { rows: page.length, total };
        },
      );
    }
    // The workspace pages on the same data: the tree (/workspaces) and one workspace's page
    // (/workspaces/[id]) with its first page of members and the people one may add.
    const pages = [
      ["/workspaces tree, owner", () => workspaceTreeFor(owner)],
      ["/workspaces tree, manager", () => workspaceTreeFor(manager)],
      [
        "/workspaces/[id] (top level), owner",
        () => workspaceDetailFor(owner, MANAGED_WORKSPACE_IDS[0]!),
      ],
      [
        "/workspaces/[id] (top level), manager",
        () => workspaceDetailFor(manager, MANAGED_WORKSPACE_IDS[0]!),
      ],
    ] as const;
    for (const [name, load] of pages) {
      await bench(name, { runs: 5, warmup: 1 }, async () => {
        await load();
      });
    }
  } finally {
    setDbForTests(undefined);
  }
  console.error(`  ${label} users list: done`);
}
