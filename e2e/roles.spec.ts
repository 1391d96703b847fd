import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectAccessibleInBothThemes } from "./support/axe";
import { demo, signIn } from "./support/people";

// The Roles & permissions page: owners and admins read what every role allows, from the same data
// the server enforces (lib/permissions/reference.ts); anyone else gets the no-access page.

const PATH = "/settings/organization/roles";

/** A row of the organization matrix, by its action, and its cell under a role's column. */
async function cell(page: Page, action: string, role: string) {
  const table = page.getByRole("table", { name: "What each organization role may do" });
  const columns = await table.getByRole("columnheader").allTextContents();
  const column = columns.indexOf(role);
  expect(column, `a "${role}" column`).toBeGreaterThan(0);
  const row = table.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: action, exact: true }),
  });
  // The first column is the row's heading; the cells are the rest.
  return row.getByRole("cell").nth(column - 1);
}

test("the owner opens it from organization settings and reads what each role allows", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, demo.owner.email);
  await page.goto("/settings/organization");
  await page
    .getByRole("region", { name: "Roles & permissions" })
    .getByRole("link", { name: "See roles & permissions" })
    .click();
  await expect(page).toHaveURL(PATH);
  await expect(page.getByRole("heading", { level: 1, name: "Roles & permissions" })).toBeVisible();

  const remove = "remove someone from the organization";
  await expect(await cell(page, remove, "Admin")).toHaveText("Allowed");
  await expect(await cell(page, remove, "Workspace manager")).toHaveText("Not allowed");
  await expect(await cell(page, "rename a workspace", "Workspace manager")).toHaveText(
    "Only in their workspaces",
  );
  await expect(await cell(page, "delete the organization", "Admin")).toHaveText("Not allowed");

  const workspace = page.getByRole("table", {
    name: "What each workspace role allows in its workspace and the ones below it",
  });
  const members = workspace.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: "see the workspace and its members" }),
  });
  // The built-in roles' columns come first; the organization's custom roles (if any) follow.
  for (const [i, text] of ["Allowed", "Allowed", "Allowed", "Not allowed"].entries()) {
    await expect(members.getByRole("cell").nth(i)).toHaveText(text);
  }
  await expect(page.getByRole("heading", { name: "Inheritance" })).toBeVisible();
  await expect(page.getByText(/Nobody acts on the owner/)).toBeVisible();

  await expectAccessibleInBothThemes(page, PATH);
});

test("the admin reads it", async ({ page }) => {
  await signIn(page, demo.admin.email);
  await page.goto(PATH);
  await expect(page.getByRole("heading", { level: 1, name: "Roles & permissions" })).toBeVisible();
  await expect(await cell(page, "edit organization settings", "Owner")).toHaveText("Allowed");
  await expect(await cell(page, "edit organization settings", "Admin")).toHaveText("Not allowed");
});

for (const persona of ["manager", "member"] as const) {
  test(`a ${persona === "manager" ? "workspace manager" : "member"} gets no access`, async ({
    page,
  }) => {
    await signIn(page, demo[persona].email);
    await page.goto(PATH);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("each table scrolls inside its own labelled region, not the page", async ({ page }) => {
    await signIn(page, demo.owner.email);
    await page.goto(PATH);
    const region = page.getByRole("region", { name: "What each organization role may do" });
    await expect(region).toBeVisible();
    const widths = await region.evaluate((el) => ({
      client: el.clientWidth,
      scroll: el.scrollWidth,
    }));
    expect(widths.scroll, "the table is wider than the phone").toBeGreaterThan(widths.client);
    const viewport = await page.evaluate(() => ({
      client: document.documentElement.clientWidth,
      scroll: document.documentElement.scrollWidth,
    }));
    expect(viewport.scroll, "the page itself does not scroll sideways").toBeLessThanOrEqual(
      viewport.client,
    );
    await region.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    // Overflowing here, each scrolling region must be reachable by keyboard in every browser.
    await expectAccessible(page, `${PATH} on a phone`);
  });
});
