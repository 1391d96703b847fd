import { expect, test, type Page } from "@playwright/test";
import { firstLink, waitForEmail } from "./support/mailbox";
import { demo, signIn } from "./support/people";

// Each test works on its own people from the demo data (prisma/seed.ts), so tests don't collide.

async function findRow(page: Page, query: string, name: string) {
  await page.goto(`/users?q=${encodeURIComponent(query)}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toBeVisible();
  return row;
}

test("owners see every column, and change a role from the row's right-click menu", async ({
  page,
}) => {
  await signIn(page, demo.owner.email);
  for (const column of ["Name", "Email", "Role", "Status", "Workspaces", "Actions"]) {
    await expect(page.getByRole("columnheader", { name: column })).toBeVisible();
  }
  const row = await findRow(page, "ben.hughes1", "Ben Hughes");
  await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
  await row.click({ button: "right" });
  const menu = page.getByRole("menu");
  for (const item of [
    "Edit user",
    "Change role",
    "Reset password",
    "Disable",
    "Remove from organization…",
  ]) {
    await expect(menu.getByRole("menuitem", { name: item })).toBeVisible();
  }
  await menu.getByRole("menuitem", { name: "Change role" }).hover();
  await page.getByRole("menuitemradio", { name: "Admin" }).click();
  await expect(page.getByText("Ben Hughes is now an admin")).toBeVisible();
  await expect(row.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();
});

test("a person's page that is slow to come shows a spinner by their name meanwhile", async ({
  page,
}) => {
  await signIn(page, demo.owner.email);
  const row = await findRow(page, "chloe.okafor2", "Chloe Okafor");
  const link = row.getByRole("link", { name: "Chloe Okafor" });
  await expect(link.locator("[data-pending]")).toHaveCount(0);
  // The page (Edit user has no skeleton: it answers 404 when the person isn't there) held back.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/users\/c[a-z0-9]+(\?.*)?$/, async (route) => {
    await held;
    await route.continue();
  });
  await link.click();
  await expect(link.locator("[data-pending]")).toBeVisible();
  release();
  await expect(page.getByRole("heading", { level: 1, name: "Chloe Okafor" })).toBeVisible();
});

test("the owner's row offers nothing to anyone", async ({ page }) => {
  await signIn(page, demo.admin.email);
  const row = await findRow(page, "owner@acme.example", "Olivia Owner");
  await expect(row.getByRole("button", { name: /Actions for/ })).toHaveCount(0);
});

test("the ⋯ menu works with the keyboard alone", async ({ page }) => {
  await signIn(page, demo.owner.email);
  const row = await findRow(page, "chloe.okafor2", "Chloe Okafor");
  const button = row.getByRole("button", { name: "Actions for Chloe Okafor" });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Edit user" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Change role" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("Escape");
});

test("disabling someone ends their access on their next click", async ({ page, browser }) => {
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await signIn(them, "daniel.brooks3@acme.example");
  await expect(them.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();

  await signIn(page, demo.admin.email);
  const row = await findRow(page, "daniel.brooks3", "Daniel Brooks");
  await row.getByRole("button", { name: "Actions for Daniel Brooks" }).click();
  await page.getByRole("menuitem", { name: "Disable" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Disable Daniel Brooks?" });
  await dialog.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("Daniel Brooks is disabled")).toBeVisible();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();

  await them.getByRole("link", { name: "Workspaces" }).click();
  await expect(
    them.getByRole("heading", { name: "Your access to Acme Inc. has been disabled" }),
  ).toBeVisible();
  await theirs.close();
});

test("removing someone asks first, naming them", async ({ page }) => {
  await signIn(page, demo.owner.email);
  const row = await findRow(page, "jack.diaz9", "Jack Diaz");
  await row.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Remove from organization…" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove Jack Diaz from the organization?" });
  await expect(dialog.getByText("jack.diaz9@acme.example")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();

  await row.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Remove from organization…" }).click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: "Remove from organization" })
    .click();
  await expect(page.getByText("Jack Diaz was removed from the organization")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No users match these filters" })).toBeVisible();
});

test("an admin's reset-password email leads to a new password", async ({ page, browser }) => {
  await signIn(page, demo.admin.email);
  const row = await findRow(page, "grace.chen6", "Grace Chen");
  await row.getByRole("button", { name: "Actions for Grace Chen" }).click();
  await page.getByRole("menuitem", { name: "Reset password" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Reset link sent to grace.chen6@acme.example")).toBeVisible();

  const email = await waitForEmail("grace.chen6@acme.example", { subjectIncludes: "password" });
  const context = await browser.newContext();
  const grace = await context.newPage();
  await grace.goto(firstLink(email));
  await expect(grace.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await grace.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await grace.getByLabel("Repeat the new password").fill("a brand new passphrase");
  await grace.getByRole("button", { name: "Set new password" }).click();
  await expect(grace.getByText("Your password was changed")).toBeVisible();

  await signIn(grace, "grace.chen6@acme.example", "a brand new passphrase");
  await expect(grace.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  // The link works once.
  await grace.goto(firstLink(email));
  await expect(grace.getByText("This reset link has already been used.")).toBeVisible();
  await context.close();
});

test("forgot password: the same answer for anyone, and a working link for the account", async ({
  page,
}) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  const form = page.getByRole("form", { name: "Forgot password" });
  await form.getByLabel("Email").fill("hugo.jensen7@acme.example");
  await form.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If hugo.jensen7@acme.example has a Roster account")).toBeVisible();

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill("nobody-at-all@acme.example");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If nobody-at-all@acme.example has a Roster account")).toBeVisible();

  const email = await waitForEmail("hugo.jensen7@acme.example", { subjectIncludes: "password" });
  await page.goto(firstLink(email));
  await page.getByLabel("New password", { exact: true }).fill("hugo's new passphrase");
  await page.getByLabel("Repeat the new password").fill("hugo's new passphrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  await signIn(page, "hugo.jensen7@acme.example", "hugo's new passphrase");
});

test("a workspace manager sees only their people, with only workspace items", async ({ page }) => {
  await signIn(page, demo.manager.email);
  const row = await findRow(page, "kara.khan10", "Kara Khan");
  await row.click({ button: "right" });
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: "Edit user" })).toBeVisible();
  for (const item of ["Change role", "Reset password", "Disable", "Remove from organization…"]) {
    await expect(menu.getByRole("menuitem", { name: item })).toHaveCount(0);
  }
  await page.keyboard.press("Escape");
  await page.goto("/users?q=olga.tanaka14");
  await expect(page.getByRole("heading", { name: "No users match these filters" })).toBeVisible();
  await expect(page.getByLabel("Role", { exact: true })).toBeVisible();
});

test("saving over someone else's change is refused, never overwritten", async ({
  page,
  browser,
}) => {
  await signIn(page, demo.owner.email);
  const row = await findRow(page, "liam.silva11", "Liam Silva");
  await row.getByRole("link", { name: "Liam Silva" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Liam Silva" })).toBeVisible();
  const url = page.url();

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, demo.admin.email);
  await other.goto(url);
  await other.getByLabel("Last name").fill("Silva-Santos");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByText("Saved Liam Silva-Santos")).toBeVisible();
  await otherContext.close();

  await page.getByLabel("First name").fill("William");
  await page.getByRole("button", { name: "Save changes" }).click();
  const form = page.getByRole("form", { name: "Edit user" });
  await expect(form.getByRole("alert")).toContainText("changed by someone else — reload");
  await form.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByLabel("Last name")).toHaveValue("Silva-Santos");
  await expect(page.getByLabel("First name")).toHaveValue("Liam");
});

test("search, filters and sort live in the URL, and the back button works", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("searchbox", { name: "Search" }).fill("okafor");
  await expect(page).toHaveURL(/q=okafor/);
  await expect(page.getByRole("row", { name: /Okafor/ }).first()).toBeVisible();
  await page.getByLabel("Status").selectOption("disabled");
  await expect(page).toHaveURL(/status=disabled/);
  await page.goBack();
  await expect(page).not.toHaveURL(/status=disabled/);
  await page.goto("/users?sort=email&dir=desc");
  await expect(page.getByRole("columnheader", { name: "Email" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await page.goto(`/users?status=pending`);
  await expect(
    page.getByRole("row", { name: /Nina Newhire/ }).getByText("Pending", { exact: true }),
  ).toBeVisible();
  await page.goto(`/users?status=expired`);
  await expect(
    page.getByRole("row", { name: /Lara Late/ }).getByText("Expired", { exact: true }),
  ).toBeVisible();
});
