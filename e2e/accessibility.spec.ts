import { expect, test, type Page } from "@playwright/test";
import { expectAccessibleInBothThemes as check } from "./support/axe";
import { invite, newcomer } from "./support/join";
import { firstLink, waitForEmail } from "./support/mailbox";
import { demo, signIn } from "./support/people";
import { nextCode, setUpTwoFactor } from "./support/two-factor";

// axe-core on every page, and with every dialog and menu open, in the light and the dark palette:
// no serious or critical violation. Each state is checked as a person reaches it.

const suffix = Math.random().toString(36).slice(2, 7);

// Each check runs axe twice (every rule in light, the color rules in dark): ~1 s on a quiet
// machine, 3–10 s on a busy CI one, where two workers and the other projects' servers share two
// cores. Each test's budget counts its checks and steps at the busy rate, so a slow machine is not
// mistaken for a hang.
const STEP_BUDGET = 30_000;

async function openRowMenu(page: Page) {
  const actions = page.getByRole("button", { name: /^Actions for / }).first();
  await actions.click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

test.describe("the owner's pages, menus and dialogs", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, demo.owner.email);
  });

  test("Users, its row menu and the invite dialog", async ({ page }) => {
    test.setTimeout(STEP_BUDGET * 8);
    await page.goto("/users");
    await check(page, "/users");
    const menu = await openRowMenu(page);
    await check(page, "/users with the row menu open");
    await menu.getByRole("menuitem", { name: "Change role" }).press("ArrowRight");
    await expect(page.getByRole("menuitemradio").first()).toBeVisible();
    await check(page, "/users with the Change role submenu open");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);

    await page.getByRole("button", { name: "Invite users" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite users" });
    await check(page, "the invite dialog");
    await dialog.getByLabel("Email (person 1)").fill("not an email");
    await dialog.getByRole("button", { name: "Send invitations" }).click();
    await expect(dialog.locator('[aria-invalid="true"]').first()).toBeVisible();
    await check(page, "the invite dialog with errors");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    await page.goto("/users?q=zzzz-nobody-has-this-name");
    await expect(page.getByText("No users match these filters")).toBeVisible();
    await check(page, "/users with no results");
  });

  test("Edit user and an invitation", async ({ page }) => {
    test.setTimeout(STEP_BUDGET * 8);
    await page.goto("/users");
    const menu = await openRowMenu(page);
    await menu.getByRole("menuitem", { name: "Edit user" }).click();
    await expect(page).toHaveURL(/\/users\/[^/?]+$/);
    await check(page, "Edit user");

    const name = `Ivy Axe${suffix}`;
    await page.goto("/users");
    await page.getByRole("button", { name: "Invite users" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite users" });
    await dialog.getByLabel("First name (person 1)").fill("Ivy");
    await dialog.getByLabel("Last name (person 1)").fill(`Axe${suffix}`);
    await dialog.getByLabel("Email (person 1)").fill(`ivy.${suffix}@newco.example`);
    await dialog.getByLabel("Organization role").selectOption("member");
    await dialog.getByRole("button", { name: "Send invitations" }).click();
    await expect(dialog.getByText("Invited", { exact: true })).toBeVisible();
    await check(page, "the invite dialog's results");
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.goto(`/users?q=${suffix}`);
    await page.getByRole("link", { name }).click();
    await expect(page).toHaveURL(/\/users\/invitations\/[^/]+$/);
    await check(page, "an invitation");
    await page.getByRole("button", { name: "Revoke invitation" }).click();
    await expect(page.getByRole("alertdialog").or(page.getByRole("dialog"))).toBeVisible();
    await check(page, "the revoke confirmation");
    await page.keyboard.press("Escape");
  });

  test("Workspaces, a workspace and its dialogs", async ({ page }) => {
    test.setTimeout(STEP_BUDGET * 8);
    await page.goto("/workspaces");
    await check(page, "/workspaces");
    await page.getByRole("button", { name: "New workspace" }).click();
    await expect(page.getByRole("dialog", { name: "New workspace" })).toBeVisible();
    await check(page, "the new workspace dialog");
    await page.keyboard.press("Escape");
    await page
      .getByRole("tree", { name: "Workspaces" })
      .getByRole("treeitem", { name: /^Engineering/ })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Engineering" })).toBeVisible();
    await check(page, "a workspace");
  });

  test("Settings: the single sign-on section with an error", async ({ page }) => {
    test.setTimeout(STEP_BUDGET * 8);
    await page.goto("/settings/organization");
    // Filled in and checked in the browser: nothing is saved.
    const sso = page.getByRole("region", { name: "Single sign-on", exact: true });
    await sso.getByLabel("Issuer URL").fill("not a url");
    await sso.getByLabel("Client ID").fill("roster");
    await sso.getByLabel("Email domains").fill("example.com");
    await sso.getByRole("button", { name: /^Save (connection|changes)$/ }).click();
    await expect(sso.getByLabel("Issuer URL")).toHaveAttribute("aria-invalid", "true");
    await check(page, "the single sign-on section with an error");
  });

  test("Settings, the audit log and a confirmation", async ({ page }) => {
    test.setTimeout(STEP_BUDGET * 8);
    await page.goto("/settings/organization");
    await check(page, "/settings/organization");
    await page.getByRole("button", { name: "Transfer ownership" }).click();
    await expect(page.getByRole("dialog", { name: /^Transfer ownership/ })).toBeVisible();
    await check(page, "the transfer ownership dialog");
    await page.keyboard.press("Escape");
    await page.goto("/settings/organization/audit-log");
    await check(page, "the audit log");
    await page.goto("/settings/account");
    await check(page, "/settings/account");
    await page.goto("/users/no-such-person");
    await check(page, "a page that doesn't exist");
  });
});

test("a member's pages: workspaces, asking to join, no access", async ({ page }) => {
  test.setTimeout(STEP_BUDGET * 6);
  await signIn(page, demo.member.email);
  await page.goto("/workspaces");
  await check(page, "/workspaces as a member");
  const joinable = page.getByRole("list", { name: "Workspaces you may ask to join" });
  await joinable
    .getByRole("button", { name: /^Ask to join / })
    .first()
    .click();
  await expect(page.getByRole("dialog", { name: /^Ask to join / })).toBeVisible();
  await check(page, "the ask to join dialog");
  await page.keyboard.press("Escape");
  await page.goto("/settings/organization");
  await expect(
    page.getByRole("heading", { name: "You don't have access to this page" }),
  ).toBeVisible();
  await check(page, "no access");
});

test("the pages before signing in: sign-in, its error, forgot password, links that don't work", async ({
  page,
}) => {
  test.setTimeout(STEP_BUDGET * 6);
  await page.goto("/sign-in");
  await check(page, "/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(demo.owner.email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByText(/incorrect/i)).toBeVisible();
  await check(page, "/sign-in with an error");
  await page.goto("/forgot-password");
  await check(page, "/forgot-password");
  for (const path of ["/invite/not-a-token", "/reset-password/not-a-token"]) {
    await page.goto(path);
    await check(page, `${path} (a link that doesn't work)`);
  }
});

test("a newcomer's pages: the invitation, two-factor set-up, change and confirm email, the two-factor step, reset", async ({
  page,
  browser,
}) => {
  test.setTimeout(STEP_BUDGET * 16);
  // A newcomer, invited by the admin: the invitation page, then their own pages.
  const person = newcomer("Axel");
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, demo.admin.email);
  await invite(admin, person);
  await admin.context().close();

  const invitation = await waitForEmail(person.email, { subjectIncludes: "invited you" });
  await page.goto(firstLink(invitation));
  await check(page, "the invitation page");
  const signUp = page.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Password").fill(person.password);
  await signUp.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).not.toHaveURL(/\/invite\//, { timeout: 20_000 });

  const { secret, section } = await setUpTwoFactor(page);
  await check(page, "two-factor set-up with the recovery codes");
  await section.getByRole("button", { name: "Done" }).click();

  const profile = page.getByRole("region", { name: "Profile" });
  await profile.getByRole("button", { name: "Change email" }).click();
  const change = page.getByRole("dialog", { name: "Change email" });
  await check(page, "the change email dialog");
  const newEmail = `axel.new.${suffix}@newco.example`;
  await change.getByLabel(/^New email/).fill(newEmail);
  await change.getByLabel(/^Current password/).fill(person.password);
  await change.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`Check ${newEmail}`)).toBeVisible();
  const confirmation = await waitForEmail(newEmail, { subjectIncludes: "Confirm your new email" });
  await page.goto(firstLink(confirmation));
  await check(page, "the confirm email page");

  await page.context().clearCookies();
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(person.email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(person.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/two-factor/);
  await check(page, "the two-factor step");
  const step = page.getByRole("form", { name: "Two-factor authentication" });
  await step.getByLabel("Authentication code").fill(await nextCode(secret));
  await step.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);

  await page.context().clearCookies();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(`If ${person.email} has a Roster account`)).toBeVisible();
  await check(page, "/forgot-password, sent");
  const reset = await waitForEmail(person.email, { subjectIncludes: "password" });
  await page.goto(firstLink(reset));
  await check(page, "the reset password page");
});
