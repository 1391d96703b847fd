import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { demo, signIn } from "./support/people";
import { inviteAndJoinAs, newcomer } from "./support/join";
import { createWorkspace } from "./support/workspaces";

// Two production servers on one PostgreSQL database with one AUTH_SECRET, as behind a load
// balancer (playwright.config.ts starts them: "instances" project, only with TEST_DATABASE_URL).
// Whatever one instance does, the other knows on its very next request: nothing that decides
// access is held in a process.
const A = `http://127.0.0.1:${process.env.ROSTER_INSTANCE_A_PORT ?? 3102}`;
const B = `http://127.0.0.1:${process.env.ROSTER_INSTANCE_B_PORT ?? 3103}`;

/** A browser of its own (its own cookies), talking to one instance. */
async function browserOn(browser: Browser, baseURL: string): Promise<Page> {
  return (await browser.newContext({ baseURL })).newPage();
}

test("a member disabled through instance A is refused on instance B's next request", async ({
  browser,
}) => {
  const them = await browserOn(browser, B);
  await signIn(them, demo.member.email);
  await expect(them.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();

  const owner = await browserOn(browser, A);
  await signIn(owner, demo.owner.email);
  await owner.goto(`/users?q=${encodeURIComponent(demo.member.email)}`);
  const row = owner.getByRole("row", { name: new RegExp(demo.member.name) });
  await row.getByRole("button", { name: `Actions for ${demo.member.name}` }).click();
  await owner.getByRole("menuitem", { name: "Disable" }).click();
  await owner
    .getByRole("alertdialog", { name: `Disable ${demo.member.name}?` })
    .getByRole("button", { name: "Disable" })
    .click();
  await expect(owner.getByText(`${demo.member.name} is disabled`)).toBeVisible();

  await them.reload();
  await expect(
    them.getByRole("heading", { name: "Your access to Acme Inc. has been disabled" }),
  ).toBeVisible();
  await them.context().close();
  await owner.context().close();
});

test("one session works on both instances, and signing out everywhere else on A ends it on B", async ({
  browser,
}) => {
  const here = await browserOn(browser, A);
  await signIn(here, demo.manager.email);
  const elsewhere = await browserOn(browser, B);
  await signIn(elsewhere, demo.manager.email);
  // The cookie B issued opens A too: the session lives in the database, not in a process.
  const cookies = await elsewhere.context().cookies();
  const roaming = await browser.newContext({ baseURL: A });
  await roaming.addCookies(cookies);
  const roamingPage = await roaming.newPage();
  await roamingPage.goto("/workspaces");
  await expect(roamingPage.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();

  await here.goto("/settings/account");
  const section = here.getByRole("region", { name: "Sessions" });
  await section.getByRole("button", { name: "Sign out everywhere else" }).click();
  await here
    .getByRole("alertdialog", { name: "Sign out everywhere else?" })
    .getByRole("button", { name: "Sign out everywhere else" })
    .click();
  await expect(here.getByText("Signed out 1 other session")).toBeVisible();

  // Ended on B's next request, and on A's for the copy of its cookie.
  await elsewhere.goto("/workspaces");
  await expect(elsewhere).toHaveURL(/\/sign-in/);
  await roamingPage.goto("/workspaces");
  await expect(roamingPage).toHaveURL(/\/sign-in/);
  await here.goto("/workspaces");
  await expect(here.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  for (const page of [here, elsewhere, roamingPage]) await page.context().close();
});

test("sign-in attempts spread across A and B hit the limit at the same count as on one", async ({
  browser,
}) => {
  // lib/rate-limit: RATE_LIMITS.signInPerEmailAndIp allows 10 failed sign-ins per 15 minutes.
  const LIMIT = 10;
  const pages = [await browserOn(browser, A), await browserOn(browser, B)];
  const email = `nobody.${Math.random().toString(36).slice(2, 8)}@acme.example`;
  const answers: string[] = [];
  for (let attempt = 1; attempt <= LIMIT + 1; attempt++) {
    const page = pages[attempt % 2]!;
    await page.goto("/sign-in");
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(email);
    await form.getByRole("button", { name: "Continue" }).click();
    await form.getByLabel("Password").fill(`wrong password ${attempt}`);
    await form.getByRole("button", { name: "Sign in" }).click();
    const alert = form.getByRole("alert").filter({ hasText: /incorrect|Too many/ });
    await expect(alert).toBeVisible();
    answers.push((await alert.textContent()) ?? "");
  }
  expect(answers.slice(0, LIMIT).every((a) => a.includes("Email or password is incorrect"))).toBe(
    true,
  );
  expect(answers[LIMIT]).toContain("Too many sign-in attempts");
  for (const page of pages) await page.context().close();
});

test("an invitation sent from A is accepted on B", async ({ browser }) => {
  const person = newcomer("Ines", "instances.example");
  const admin = await browserOn(browser, A);
  await signIn(admin, demo.admin.email);
  const invitee = await inviteAndJoinAs(admin, browser, person, "member", { joinAt: B });

  // A sees the new member at once.
  await admin.goto(`/users?q=${encodeURIComponent(person.email)}`);
  await expect(
    admin.getByRole("row", { name: new RegExp(`${person.first} ${person.last}`) }),
  ).toContainText("Active");
  await admin.context().close();
  await invitee.context().close();
});

test("a workspace created through A is on B's next page, though B remembers the tree", async ({
  browser,
}) => {
  const name = `Instances ${Date.now().toString(36)}`;
  const onB = await browserOn(browser, B);
  await signIn(onB, demo.admin.email);
  // B reads the organization's workspaces (and remembers them at this catalog version).
  await onB.goto("/workspaces");
  const tree = onB.getByRole("tree", { name: "Workspaces" });
  await expect(tree.getByRole("treeitem", { name: /^Engineering\b/ })).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: new RegExp(name) })).toHaveCount(0);

  const onA = await browserOn(browser, A);
  await signIn(onA, demo.admin.email);
  await onA.goto("/workspaces");
  await createWorkspace(onA, "New workspace", name);

  await onB.reload();
  await expect(tree.getByRole("treeitem", { name: new RegExp(name) })).toBeVisible();
  await onA.context().close();
  await onB.context().close();
});

test("`npm run db:migrate` started twice at once applies each migration once", async () => {
  test.slow();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("The instances project needs TEST_DATABASE_URL");
  const database = "roster_e2e_migrate_twice";
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  try {
    const migrate = () =>
      promisify(execFile)("npm", ["run", "--silent", "db:migrate"], {
        env: { ...process.env, DATABASE_URL: url.toString() },
      });
    const runs = await Promise.all([migrate(), migrate()]);
    const shipped = fs
      .readdirSync(path.join("prisma", "migrations"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory()).length;
    const applied = runs.map((run) => {
      const match = /Applied (\d+) migration/.exec(run.stdout);
      return match ? Number(match[1]) : run.stdout.includes("up to date") ? 0 : -1;
    });
    expect(applied.sort((x, y) => x - y)).toEqual([0, shipped]);

    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string; times: number }>(
        `SELECT migration_name AS name, count(*)::int AS times FROM _prisma_migrations
         GROUP BY migration_name`,
      );
      expect(rows).toHaveLength(shipped);
      expect(rows.every((row) => row.times === 1)).toBe(true);
    } finally {
      await db.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
});
