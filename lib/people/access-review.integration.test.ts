import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { acmeWorld, person, signInAs, type AcmeWorld } from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createUser, grantWorkspaceRole } from "@/lib/testing/fixtures";
import { accessReviewRows, accessReviewScopeFor, ACCESS_REVIEW_HEADER } from "./access-review";
import { accessReviewCsvResponse } from "./access-review-export";

const t = setUpTestDatabase();

/**
 * Acme (lib/testing/acme-world.ts) and: Eve, member of Engineering with an explicit viewer role in
 * Payments that the inherited member role outranks; Nina, in no workspace; a person whose name is
 * a formula, viewer of Sales; and two people both called Sam Same (a tie in the name order).
 */
async function world() {
  const w = await acmeWorld(t.db);
  const eve = await person(t.db, w.org, "Eve", "Engineer");
  await grantWorkspaceRole(t.db, eve.membership, w.ws.eng.id, "member");
  await grantWorkspaceRole(t.db, eve.membership, w.ws.payments.id, "viewer");
  await person(t.db, w.org, "Nina", "Nowhere");
  const evil = await addMember(t.db, w.org, {
    user: await createUser(t.db, {
      firstName: '=HYPERLINK("http://evil.example")',
      lastName: "Hacker, Esq.",
      email: "evil@acme.test",
    }),
  });
  await grantWorkspaceRole(t.db, evil.membership, w.ws.sales.id, "viewer");
  for (const email of ["sam.one@acme.test", "sam.two@acme.test"]) {
    const sam = await addMember(t.db, w.org, {
      user: await createUser(t.db, { firstName: "Sam", lastName: "Same", email }),
    });
    await grantWorkspaceRole(t.db, sam.membership, w.ws.frontend.id, "guest");
  }
  return w;
}

/** The rows as "email | workspace | role | source | outranked explicit role", in order. */
async function rowsAs(
  w: AcmeWorld,
  who: keyof AcmeWorld["users"],
  workspaceId: string | null,
  batchSize?: number,
): Promise<string[] | null> {
  await signInAs(t.db, w, who);
  const actor = await getActor();
  if (!actor) throw new Error("signed out");
  const scope = await accessReviewScopeFor(actor, workspaceId);
  if (!scope) return null;
  const out: string[] = [];
  for await (const row of accessReviewRows(actor.organizationId, scope, batchSize)) {
    const where =
      row.workspace === null ? "-" : row.workspace.kind === "all" ? "ALL" : row.workspace.path;
    const source = row.source === "inherited" ? `inherited from ${row.inheritedFrom}` : row.source;
    const explicit = row.outrankedExplicitRole ? ` | ${row.outrankedExplicitRole}` : "";
    out.push(`${row.email} | ${where} | ${row.role ?? "-"} | ${source ?? "-"}${explicit}`);
  }
  return out;
}

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && next === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

async function download(
  w: AcmeWorld,
  who: keyof AcmeWorld["users"] | "signedOut",
  id: string | null,
) {
  await signInAs(t.db, w, who);
  const response = await accessReviewCsvResponse(id);
  return { response, rows: response.ok ? parseCsv(await response.text()) : [] };
}

const ENG = "Engineering";
const BACKEND = "Engineering / Backend";
const PAYMENTS = "Engineering / Backend / Payments";
const FRONTEND = "Engineering / Frontend";

const WHOLE_ORGANIZATION = [
  "ada.admin@acme.test | ALL | manager | organization",
  "alan.second@acme.test | ALL | manager | organization",
  "dora.disabled@acme.test | ALL | manager | organization",
  `eve.engineer@acme.test | ${ENG} | member | explicit`,
  `eve.engineer@acme.test | ${BACKEND} | member | inherited from ${ENG}`,
  `eve.engineer@acme.test | ${PAYMENTS} | member | inherited from ${ENG} | viewer`,
  `eve.engineer@acme.test | ${FRONTEND} | member | inherited from ${ENG}`,
  `mia.manager@acme.test | ${BACKEND} | manager | explicit`,
  `mia.manager@acme.test | ${PAYMENTS} | manager | inherited from ${BACKEND}`,
  `mo.member@acme.test | ${BACKEND} | viewer | explicit`,
  `mo.member@acme.test | ${PAYMENTS} | viewer | inherited from ${BACKEND}`,
  "nina.nowhere@acme.test | - | - | -",
  "olive.owner@acme.test | ALL | manager | organization",
  `sam.one@acme.test | ${FRONTEND} | guest | explicit`,
  `sam.two@acme.test | ${FRONTEND} | guest | explicit`,
];

describe("the access review's rows", () => {
  it("lists everyone in the organization: explicit, inherited, outranked, admins once, people without workspaces", async () => {
    const w = await world();
    const rows = (await rowsAs(w, "admin", null)) ?? [];
    // Where the name that is a formula sorts depends on the database's collation.
    const evil = "evil@acme.test | Sales | viewer | explicit";
    expect(rows.filter((row) => row === evil)).toHaveLength(1);
    // The two Sams tie on their name: their order is their ids', which the test doesn't know.
    const rest = rows.filter((row) => row !== evil);
    expect([...rest.slice(0, -2), ...rest.slice(-2).sort()]).toEqual(WHOLE_ORGANIZATION);
    // The same rows in batches of one and two people (keyset across ties included).
    expect(await rowsAs(w, "admin", null, 1)).toEqual(rows);
    expect(await rowsAs(w, "owner", null, 2)).toEqual(rows);
  });

  it("in a workspace's scope, lists the roles in it and below it, inherited from above too", async () => {
    const w = await world();
    expect(await rowsAs(w, "owner", w.ws.backend.id)).toEqual([
      "ada.admin@acme.test | ALL | manager | organization",
      "alan.second@acme.test | ALL | manager | organization",
      "dora.disabled@acme.test | ALL | manager | organization",
      `eve.engineer@acme.test | ${BACKEND} | member | inherited from ${ENG}`,
      `eve.engineer@acme.test | ${PAYMENTS} | member | inherited from ${ENG} | viewer`,
      `mia.manager@acme.test | ${BACKEND} | manager | explicit`,
      `mia.manager@acme.test | ${PAYMENTS} | manager | inherited from ${BACKEND}`,
      `mo.member@acme.test | ${BACKEND} | viewer | explicit`,
      `mo.member@acme.test | ${PAYMENTS} | viewer | inherited from ${BACKEND}`,
      "olive.owner@acme.test | ALL | manager | organization",
    ]);
    expect((await rowsAs(w, "admin", w.ws.sales.id, 1))?.sort()).toEqual([
      "ada.admin@acme.test | ALL | manager | organization",
      "alan.second@acme.test | ALL | manager | organization",
      "dora.disabled@acme.test | ALL | manager | organization",
      "evil@acme.test | Sales | viewer | explicit",
      "olive.owner@acme.test | ALL | manager | organization",
    ]);
  });

  it("lets a manager export their workspaces only; members and other organizations get nothing", async () => {
    const w = await world();
    // Mia manages Backend, and so Payments below it.
    expect(await rowsAs(w, "manager", w.ws.payments.id)).toEqual([
      "ada.admin@acme.test | ALL | manager | organization",
      "alan.second@acme.test | ALL | manager | organization",
      "dora.disabled@acme.test | ALL | manager | organization",
      `eve.engineer@acme.test | ${PAYMENTS} | member | inherited from ${ENG} | viewer`,
      `mia.manager@acme.test | ${PAYMENTS} | manager | inherited from ${BACKEND}`,
      `mo.member@acme.test | ${PAYMENTS} | viewer | inherited from ${BACKEND}`,
      "olive.owner@acme.test | ALL | manager | organization",
    ]);
    expect(await rowsAs(w, "manager", w.ws.backend.id)).toHaveLength(10);
    expect(await rowsAs(w, "manager", w.ws.eng.id)).toBeNull();
    expect(await rowsAs(w, "manager", w.ws.sales.id)).toBeNull();
    expect(await rowsAs(w, "manager", null)).toBeNull();
    // Mo is a viewer of Backend: no export anywhere.
    expect(await rowsAs(w, "member", w.ws.backend.id)).toBeNull();
    expect(await rowsAs(w, "member", null)).toBeNull();
    // Globex's workspace, asked for by Acme's owner: not found.
    expect(await rowsAs(w, "owner", w.ws.marketing.id)).toBeNull();
    expect(await rowsAs(w, "owner", "not-an-id\u0000")).toBeNull();
  });
});

describe("the access review's CSV download", () => {
  it("is the rows in words, quoted and formula-safe, with org role, status and dates", async () => {
    const w = await world();
    const { response, rows } = await download(w, "admin", null);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="access-review-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(rows[0]).toEqual(ACCESS_REVIEW_HEADER);
    expect(rows).toHaveLength(1 + 16);
    const today = new Date().toISOString().slice(0, 10);
    const of = (email: string) => rows.filter((row) => row[1] === email);
    expect(of("evil@acme.test")).toEqual([
      [
        `'=HYPERLINK("http://evil.example") Hacker, Esq.`,
        "evil@acme.test",
        "Member",
        "Active",
        "Sales",
        "Viewer",
        "explicit",
        "",
        today,
        today,
      ],
    ]);
    expect(of("dora.disabled@acme.test")).toEqual([
      ["Dora Disabled", "dora.disabled@acme.test", "Admin", "Disabled", "All workspaces"].concat([
        "Manager",
        "organization admin",
        "",
        today,
        "",
      ]),
    ]);
    expect(of("olive.owner@acme.test")[0]?.slice(2, 7)).toEqual([
      "Owner",
      "Active",
      "All workspaces",
      "Manager",
      "organization owner",
    ]);
    expect(of("eve.engineer@acme.test").map((row) => row.slice(4, 8))).toEqual([
      [ENG, "Member", "explicit", ""],
      [BACKEND, "Member", `inherited from ${ENG}`, ""],
      [PAYMENTS, "Member", `inherited from ${ENG}`, "Viewer"],
      [FRONTEND, "Member", `inherited from ${ENG}`, ""],
    ]);
    expect(of("nina.nowhere@acme.test")[0]?.slice(2, 8)).toEqual([
      "Member",
      "Active",
      "",
      "",
      "",
      "",
    ]);
  });

  it("reads members as suspended while the subscription has lapsed (the owner stays active)", async () => {
    const w = await world();
    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: new Date("2020-01-01T00:00:00Z") },
    });
    // Lapsed, only the owner is active, so the owner downloads it.
    const { rows } = await download(w, "owner", w.ws.backend.id);
    expect(rows.map((row) => `${row[1]} ${row[3]}`)).toEqual([
      "Email Status",
      "ada.admin@acme.test Suspended",
      "alan.second@acme.test Suspended",
      "dora.disabled@acme.test Disabled",
      "eve.engineer@acme.test Suspended",
      "eve.engineer@acme.test Suspended",
      "mia.manager@acme.test Suspended",
      "mia.manager@acme.test Suspended",
      "mo.member@acme.test Suspended",
      "mo.member@acme.test Suspended",
      "olive.owner@acme.test Active",
    ]);
  });

  it("answers each caller: 401 signed out, 403 inactive, 404 not allowed or not theirs", async () => {
    const w = await world();
    expect((await download(w, "signedOut", null)).response.status).toBe(401);
    expect((await download(w, "disabledAdmin", null)).response.status).toBe(403);
    expect((await download(w, "member", null)).response.status).toBe(404);
    expect((await download(w, "member", w.ws.backend.id)).response.status).toBe(404);
    expect((await download(w, "manager", null)).response.status).toBe(404);
    expect((await download(w, "manager", w.ws.eng.id)).response.status).toBe(404);
    expect((await download(w, "owner", w.ws.marketing.id)).response.status).toBe(404);
    const mine = await download(w, "manager", w.ws.backend.id);
    expect(mine.response.status).toBe(200);
    expect(mine.response.headers.get("content-disposition")).toMatch(
      /filename="access-review-[a-z0-9-]+-Backend-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(mine.rows).toHaveLength(1 + 10);
    for (const who of ["owner", "admin", "admin2"] as const) {
      expect((await download(w, who, null)).rows).toHaveLength(1 + 16);
    }
  });
});

describe("the access review names custom roles", () => {
  it("says the custom role and its base, explicit, inherited and outranked", async () => {
    const w = await world();
    const customRole = (name: string, baseRole: "member" | "viewer") =>
      t.db.customRole.create({
        data: {
          organizationId: w.org,
          name,
          nameKey: name.toLowerCase(),
          baseRole,
          permissions: ["createSubWorkspaces"],
        },
      });
    const editor = await customRole("Editor", "member");
    const reviewer = await customRole("Reviewer", "viewer");
    // Cora: Editor of Engineering (inherited below it), and Reviewer of Payments, which the
    // inherited Editor outranks.
    const cora = await person(t.db, w.org, "Cora", "Custom");
    await t.db.workspaceMembership.createMany({
      data: [
        { workspaceId: w.ws.eng.id, role: "member" as const, customRoleId: editor.id },
        { workspaceId: w.ws.payments.id, role: "viewer" as const, customRoleId: reviewer.id },
      ].map((grant) => ({ ...grant, organizationId: w.org, membershipId: cora.membership.id })),
    });
    const { rows } = await download(w, "admin", null);
    expect(rows.filter((row) => row[1] === cora.user.email).map((row) => row.slice(4, 8))).toEqual([
      [ENG, "Editor (member)", "explicit", ""],
      [BACKEND, "Editor (member)", `inherited from ${ENG}`, ""],
      [PAYMENTS, "Editor (member)", `inherited from ${ENG}`, "Reviewer (viewer)"],
      [FRONTEND, "Editor (member)", `inherited from ${ENG}`, ""],
    ]);
    // The built-in roles read as before.
    expect(rows.filter((row) => row[1] === "eve.engineer@acme.test").map((row) => row[5])).toEqual([
      "Member",
      "Member",
      "Member",
      "Member",
    ]);
  });
});
