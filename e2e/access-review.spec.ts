import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support/people";

// The access review export on the demo data (prisma/seed.ts): the admin downloads the whole
// organization's from Users, the manager of Engineering downloads Engineering's from its page.
// Other specs add people to workspaces of their own, so rows are looked for, never counted.

const HEADER = [
  "Name",
  "Email",
  "Org role",
  "Status",
  "Workspace",
  "Workspace role",
  "Source",
  "Explicit role (outranked)",
  "Member since",
  "Role last changed",
].join(",");

/** Clicks "Export access review" and returns the file's name and its lines. */
async function exportAccessReview(page: Page) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export access review" }).click(),
  ]);
  let csv = "";
  for await (const chunk of await download.createReadStream()) csv += String(chunk);
  return { filename: download.suggestedFilename(), lines: csv.split("\r\n").filter(Boolean) };
}

/** The line of `email` in `workspace` ("" for none): its cells after name and email. */
function rowOf(lines: string[], email: string, workspace: string) {
  return lines
    .map((line) => line.split(","))
    .find((cells) => cells[1] === email && cells[4] === workspace);
}

test("an admin exports the whole organization's access review from Users", async ({ page }) => {
  await signIn(page, demo.admin.email);
  await page.goto("/users");
  const { filename, lines } = await exportAccessReview(page);
  expect(filename).toMatch(/^access-review-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(lines[0]).toBe(HEADER);
  // Vic is viewer of Engineering: explicit there, inherited below it.
  expect(rowOf(lines, "viewer@acme.example", "Engineering")?.slice(0, 8)).toEqual([
    "Vic Viewer",
    "viewer@acme.example",
    "Member",
    "Active",
    "Engineering",
    "Viewer",
    "explicit",
    "",
  ]);
  expect(rowOf(lines, "viewer@acme.example", "Engineering / Backend / Payments")?.[6]).toBe(
    "inherited from Engineering",
  );
  // Nora has no workspace: one row, its workspace empty. Admins are manager of all of them.
  expect(rowOf(lines, "nobody@acme.example", "")?.slice(2, 4)).toEqual(["Member", "Active"]);
  expect(rowOf(lines, demo.admin.email, "All workspaces")?.slice(5, 7)).toEqual([
    "Manager",
    "organization admin",
  ]);
  expect(rowOf(lines, demo.disabled.email, "Engineering / Backend")?.[3]).toBe("Disabled");
});

test("a manager exports their workspace's, and has no organization-wide export", async ({
  page,
}) => {
  await signIn(page, demo.manager.email);
  await page.goto("/users");
  await expect(
    page.getByRole("heading", { level: 1, name: "Manage and invite users" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Export access review" })).toHaveCount(0);
  expect((await page.request.get("/users/access-review")).status()).toBe(404);

  await page.goto("/workspaces");
  await page
    .getByRole("tree", { name: "Workspaces" })
    .getByRole("treeitem", { name: /^Engineering\b/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Engineering" })).toBeVisible();
  const { filename, lines } = await exportAccessReview(page);
  expect(filename).toMatch(/^access-review-[a-z0-9-]+-Engineering-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(lines[0]).toBe(HEADER);
  expect(rowOf(lines, demo.manager.email, "Engineering")?.slice(5, 7)).toEqual([
    "Manager",
    "explicit",
  ]);
  expect(rowOf(lines, "viewer@acme.example", "Engineering / Frontend / Web")?.[6]).toBe(
    "inherited from Engineering",
  );
  // Only Engineering and what is below it (and the owner's and admins' "All workspaces").
  const workspaces = new Set(lines.slice(1).map((line) => line.split(",")[4]));
  for (const workspace of workspaces) {
    expect(workspace === "All workspaces" || /^Engineering( \/|$)/.test(workspace ?? "")).toBe(
      true,
    );
  }
  // Sales isn't Mona's: not found, even by its address.
  await page.goto("/workspaces");
  await page
    .getByRole("list", { name: "Workspaces you may ask to join" })
    .getByRole("link", { name: "Sales", exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Sales" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Export access review" })).toHaveCount(0);
  const sales = new URL(page.url()).pathname;
  expect((await page.request.get(`${sales}/access-review`)).status()).toBe(404);
});
