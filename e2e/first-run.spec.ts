import { expect, test } from "@playwright/test";

// One story, in order, on a server that starts with an empty embedded database.
test.describe.configure({ mode: "serial" });

const owner = {
  organization: "Initech",
  firstName: "Peter",
  lastName: "Gibbons",
  email: "peter@initech.example",
  password: "tps reports every friday",
};

test("a new install leads every page to /setup", async ({ page }) => {
  await page.goto("/users");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Roster" })).toBeVisible();
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/setup$/);
});

test("setup checks each field, then creates the organization and signs the owner in", async ({
  page,
}) => {
  await page.goto("/setup");
  const form = page.getByRole("form", { name: "Set up Roster" });
  await form.getByRole("button", { name: "Create organization" }).click();
  await expect(form.getByText("Enter the organization's name")).toBeVisible();
  await expect(form.getByText("Enter a first name")).toBeVisible();

  await form.getByLabel("Organization name").fill(owner.organization);
  await form.getByLabel("First name").fill(owner.firstName);
  await form.getByLabel("Last name").fill(owner.lastName);
  await form.getByLabel("Email").fill(owner.email);
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create organization" }).click();
  await expect(form.getByText("Use at least 12 characters")).toBeVisible();
  await expect(form.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Password").fill(owner.password);
  await form.getByRole("button", { name: "Create organization" }).click();

  await expect(page).toHaveURL(/\/users$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Manage and invite users" }),
  ).toBeVisible();
  const row = page.getByRole("row", { name: /Peter Gibbons/ });
  await expect(row.getByRole("cell", { name: owner.email })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Owner" })).toBeVisible();
  await expect(row.getByText("Active")).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByText(owner.organization),
  ).toBeHidden();
  await expect(page.getByText(owner.organization).first()).toBeVisible();

  // Signing out from the account menu.
  await page
    .getByRole("button", { name: `Account menu for ${owner.firstName} ${owner.lastName}` })
    .click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("/setup is gone once the organization exists", async ({ page }) => {
  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a protected page sends a signed-out visitor to sign in, and back after", async ({ page }) => {
  await page.goto("/settings/organization");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Forganization$/);

  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(owner.email);
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in/);

  await form.getByLabel("Email").fill("nobody@initech.example");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Email or password is incorrect.");

  await form.getByLabel("Email").fill(owner.email.toUpperCase());
  await form.getByLabel("Password").fill(owner.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/organization$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Organization settings" }),
  ).toBeVisible();
  await expect(page.getByText("initech", { exact: true })).toBeVisible();
});
