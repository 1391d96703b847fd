import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/people";

test("an owner sees every section and the organization's people", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await expect(page).toHaveURL(/\/users$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Users", "Workspaces", "Organization", "Account"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await expect(
    page.getByRole("heading", { level: 1, name: "Manage and invite users" }),
  ).toBeVisible();
  for (const column of ["Name", "Email", "Role", "Status", "Workspaces"]) {
    await expect(page.getByRole("columnheader", { name: column })).toBeVisible();
  }
  await expect(
    page.getByRole("row", { name: /Dana Disabled/ }).getByText("Disabled", { exact: true }),
  ).toBeVisible();
  await expect(page.getByText(/^1–25 of \d+ · page 1 of \d+$/)).toBeVisible();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/users\?page=2$/);
  await expect(page.getByText(/^26–50 of \d+ · page 2 of \d+$/)).toBeVisible();
});

test("a workspace manager sees only the people in their workspaces", async ({ page }) => {
  await signIn(page, demo.manager.email);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Organization" })).toHaveAttribute(
    "aria-disabled",
    "true",
  );
  await page.goto("/users");
  await expect(page.getByRole("row", { name: /Max Member/ })).toBeVisible();
  // Sales and Board people are outside Engineering.
  await expect(page.getByRole("row", { name: /Olivia Owner/ })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "owner@acme.example" })).toHaveCount(0);
  await page.goto("/settings/organization");
  await expect(
    page.getByRole("heading", { name: "You don't have access to this page" }),
  ).toBeVisible();
});

test("a member cannot reach the Users page and sees their workspaces", async ({ page }) => {
  await signIn(page, demo.member.email);
  await expect(page).toHaveURL(/\/workspaces$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  // Organization is there, greyed out; focusing it (or hovering) says why.
  const organization = nav.getByRole("link", { name: "Organization" });
  await expect(organization).toHaveAttribute("aria-disabled", "true");
  await organization.focus();
  await expect(page.getByRole("tooltip")).toHaveText(
    "Organization settings are for owners and admins.",
  );
  await organization.press("Enter");
  await expect(page).toHaveURL(/\/workspaces$/);
  const tree = page.getByRole("tree", { name: "Workspaces" });
  await expect(tree.getByRole("treeitem", { name: /Backend/ }).first()).toBeVisible();
  await expect(tree.getByText("Sales")).toHaveCount(0);
  await page.goto("/users");
  await expect(
    page.getByRole("heading", { name: "You don't have access to this page" }),
  ).toBeVisible();
});

test("a disabled member signs in to a clear no-access page", async ({ page }) => {
  await signIn(page, demo.disabled.email);
  await expect(
    page.getByRole("heading", { name: "Your access to Acme Inc. has been disabled" }),
  ).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }),
  ).toHaveCount(0);
});

test("a member of a lapsed organization reads as suspended", async ({ page }) => {
  await signIn(page, demo.suspended.email);
  await expect(page.getByRole("heading", { name: "Globex Ltd. is suspended" })).toBeVisible();
});

test("someone in two organizations switches between them", async ({ page }) => {
  await signIn(page, demo.admin.email);
  await page.getByRole("button", { name: "Switch organization (current: Acme Inc.)" }).click();
  await page.getByRole("menuitem", { name: /Globex Ltd\./ }).click();
  await expect(page.getByRole("heading", { name: "Globex Ltd. is suspended" })).toBeVisible();
  await page.getByRole("button", { name: "Switch organization (current: Globex Ltd.)" }).click();
  await page.getByRole("menuitem", { name: /Acme Inc\./ }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Manage and invite users" }),
  ).toBeVisible();
});

test("the theme follows the person's choice, across pages and visits", async ({ page }) => {
  await signIn(page, demo.manager.email);
  await page.goto("/settings/account");
  await page.getByRole("radio", { name: "Dark" }).check();
  await expect(page.getByText("Appearance saved")).toBeVisible();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.goto("/workspaces");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.goto("/settings/account");
  await page.getByRole("radio", { name: "System" }).check();
  await expect(page.getByText("Appearance saved")).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bsystem\b/);
});

test("the keyboard reaches the skip link and the account menu", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.goto("/workspaces");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const menu = page.getByRole("button", { name: `Account menu for ${demo.owner.name}` });
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeHidden();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the navigation opens from the menu button", async ({ page }) => {
    await signIn(page, demo.owner.email);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    const dialog = page.getByRole("dialog", { name: "Navigation" });
    await dialog.getByRole("link", { name: "Workspaces" }).click();
    await expect(page).toHaveURL(/\/workspaces$/);
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  });
});

test("an admin sees the organization settings read-only", async ({ page }) => {
  await signIn(page, demo.admin.email);
  await page.goto("/settings/organization");
  await expect(
    page.getByText("Only the owner can change these settings; you can see them."),
  ).toBeVisible();
  const general = page.getByRole("form", { name: "General" });
  await expect(general.getByLabel("Organization name")).toHaveValue("Acme Inc.");
  await expect(general.getByLabel("Organization name")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(
    page
      .getByRole("form", { name: "Invitations" })
      .getByLabel("Invitation links expire after (days)"),
  ).toBeDisabled();
  const danger = page.getByRole("region", { name: "Danger zone" });
  await expect(
    danger.getByText("Only the owner can transfer or delete the organization."),
  ).toBeVisible();
  await expect(danger.getByRole("button", { name: "Transfer ownership" })).toBeDisabled();
  await expect(danger.getByRole("button", { name: "Delete organization" })).toBeDisabled();
});

test("without ALLOW_ORG_CREATION there is no page to create an organization", async ({ page }) => {
  // Adam is in two organizations, so he has the switcher: it offers no "Create organization".
  await signIn(page, demo.admin.email);
  await page.goto("/organizations/new");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Create organization" })).toHaveCount(0);
  await page.goto("/users");
  await page.getByRole("button", { name: /^Switch organization/ }).click();
  await expect(page.getByRole("menuitem", { name: "Create organization" })).toHaveCount(0);
});

test("what isn't there answers 404 with Page not found; home is a redirect", async ({ page }) => {
  await signIn(page, demo.owner.email);
  for (const path of [
    "/users/cmnobody000000000000000",
    "/users/invitations/cmnobody000000000000000",
    "/workspaces/cmnobody000000000000000",
    "/organizations/new",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  }
  // Home sends each person to their first page: an HTTP redirect, not a page that redirects.
  const home = await page.request.get("/", { maxRedirects: 0 });
  expect(home.status()).toBe(307);
  expect(home.headers().location).toBe("/users");
});

test("the health and readiness checks answer a load balancer without a session", async ({
  request,
}) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({
    status: "ready",
    database: "ok",
    migrations: { pending: 0, unknown: 0, failed: 0 },
    emailWorker: "ok",
  });
});
