import { expect, test, type Page } from "@playwright/test";
import { inviteAndJoinAs, newcomer } from "./support/join";
import { expectAccessibleInBothThemes } from "./support/axe";
import { emailCount, firstLink, setOutage, waitForEmail } from "./support/mailbox";
import { setUpTwoFactor } from "./support/two-factor";

// One story, in order, on a server that starts with an empty embedded database.
test.describe.configure({ mode: "serial" });

const owner = {
  organization: "Initech",
  firstName: "Peter",
  lastName: "Gibbons",
  email: "peter@initech.example",
  password: "tps reports every friday",
};

/** A colleague Peter invites later in the story, and hands the organization to. */
const colleague = {
  firstName: "Milton",
  lastName: "Waddams",
  email: "milton@initrode.example",
  password: "have you seen my stapler",
};

/** Signs someone (the owner by default) in through the form, landing on the organization settings. */
async function signInToSettings(page: Page, who: { email: string; password: string } = owner) {
  await page.goto("/sign-in?callbackUrl=%2Fsettings%2Forganization");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(who.email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(who.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/organization$/);
}

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
  // Four axe scans, and the server's first password check and hashes (it loads zxcvbn's
  // dictionaries once per process): on a busy machine the submit alone once took 9.8 s.
  test.slow();
  await page.goto("/setup");
  const form = page.getByRole("form", { name: "Set up Roster" });
  await expectAccessibleInBothThemes(page, "/setup");
  await form.getByRole("button", { name: "Create organization" }).click();
  await expect(form.getByText("Enter the organization's name")).toBeVisible();
  await expect(form.getByText("Enter a first name")).toBeVisible();
  await expectAccessibleInBothThemes(page, "/setup with errors");

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

  await expect(page).toHaveURL(/\/users$/, { timeout: 30_000 });
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
  const withEmail = async (email: string) => {
    await form.getByLabel("Email").fill(email);
    await form.getByRole("button", { name: "Continue" }).click();
  };
  await withEmail(owner.email);
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in/);

  await form.getByRole("button", { name: "Use another email" }).click();
  await withEmail("nobody@initech.example");
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Email or password is incorrect.");

  await form.getByRole("button", { name: "Use another email" }).click();
  await withEmail(owner.email.toUpperCase());
  await form.getByLabel("Password").fill(owner.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/organization$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Organization settings" }),
  ).toBeVisible();
  await expect(page.getByLabel("Slug")).toHaveValue("initech");
});

test("the owner renames the organization, and the app shows the new name at once", async ({
  page,
}) => {
  await signInToSettings(page);

  const general = page.getByRole("form", { name: "General" });
  await general.getByLabel("Organization name").fill("Initrode");
  await general.getByLabel("Slug").fill("Not a slug");
  await general.getByRole("button", { name: "Save changes" }).click();
  await expect(
    general.getByText("Use lower-case letters, digits and single hyphens"),
  ).toBeVisible();
  await general.getByLabel("Slug").fill("initrode");
  await general.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Organization saved")).toBeVisible();
  // The app's frame (the sidebar) names the organization.
  await expect(
    page.getByRole("complementary").getByText("Initrode", { exact: true }),
  ).toBeVisible();

  const invitations = page.getByRole("form", { name: "Invitations" });
  await invitations.getByLabel("Invitation links expire after (days)").fill("14");
  await invitations.getByLabel("Add a domain").fill("initrode.example");
  await invitations.getByRole("button", { name: "Add domain" }).click();
  await invitations.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Invitation settings saved")).toBeVisible();

  await page.reload();
  await expect(
    page.getByRole("form", { name: "General" }).getByLabel("Organization name"),
  ).toHaveValue("Initrode");
  const reloaded = page.getByRole("form", { name: "Invitations" });
  await expect(reloaded.getByLabel("Invitation links expire after (days)")).toHaveValue("14");
  await expect(
    reloaded.getByRole("list", { name: "Allowed email domains" }).getByRole("listitem"),
  ).toHaveText(["initrode.example"]);
});

test("the audit log filters to one actor and action, and the CSV holds exactly those rows", async ({
  page,
}) => {
  await signInToSettings(page);
  await page.getByRole("link", { name: "Open the audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Actor", { exact: true }).fill(owner.email);
  await filters.getByLabel("Action").selectOption({ label: "Organization settings changed" });
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=organization\.updated/);
  const rows = page.getByRole("table", { name: "Audit log, newest first" }).getByRole("row");
  // The header, then the two saves of the previous story (General, then Invitations).
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText("Organization settings changed");
  await expect(rows.nth(1)).toContainText(owner.email);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-initrode-\d{4}-\d{2}-\d{2}\.csv$/);
  const stream = await download.createReadStream();
  let csv = "";
  for await (const chunk of stream) csv += String(chunk);
  const lines = csv.split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("Time (UTC),Actor,Action,Target type,Target,IP,User agent,Details");
  expect(lines).toHaveLength(3);
  for (const line of lines.slice(1)) {
    expect(line).toContain(`${owner.email},Organization settings changed,organization,Initrode`);
  }
});

test("the owner is warned a week before the subscription ends, and renews it", async ({ page }) => {
  await signInToSettings(page);
  await expect(page.getByText("Active, with no end date.")).toBeVisible();

  const subscription = page.getByRole("form", { name: "Subscription" });
  const inThreeDays = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await subscription.getByLabel("Active until").fill(inThreeDays);
  await subscription.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Subscription saved")).toBeVisible();
  const warning = page.getByText(
    /^The subscription ends on .*everyone but the owner is suspended\./,
  );
  await expect(warning).toBeVisible();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(warning).toBeVisible();

  await page.getByRole("link", { name: "Renew it in Organization settings" }).click();
  const renewed = page.getByRole("form", { name: "Subscription" });
  await renewed.getByRole("button", { name: "No end date" }).click();
  await renewed.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Active, with no end date.")).toBeVisible();
  await expect(warning).toBeHidden();
});

test("a test email reaches the mailbox; during an outage the page shows the provider's error", async ({
  page,
}) => {
  await signInToSettings(page);
  await expect(
    page.getByRole("heading", { level: 1, name: "Organization settings" }),
  ).toBeVisible();

  const before = await emailCount(owner.email);
  await page.getByRole("button", { name: "Send a test email" }).click();
  await expect(page.getByText(`Sent a test email to ${owner.email}.`)).toBeVisible();
  const email = await waitForEmail(owner.email, { after: before, subjectIncludes: "Test email" });
  expect(email.subject).toBe("Test email from Initrode on Roster");

  await setOutage(true, [owner.email]);
  try {
    await page.getByRole("button", { name: "Send a test email" }).click();
    await expect(page.getByText(/couldn't be sent: Resend error 500/)).toBeVisible();
  } finally {
    await setOutage(false);
  }
  const outbox = page.getByRole("table", { name: "Recent emails, newest first" });
  await expect(outbox.getByRole("row").nth(1)).toContainText("Failed");
  await expect(outbox.getByRole("row").nth(2)).toContainText("Sent");
});

test("the owner creates a second organization, switches between the two, then deletes it", async ({
  page,
}) => {
  await signInToSettings(page);
  const switcher = (current: string) =>
    page.getByRole("button", { name: `Switch organization (current: ${current})` });

  await switcher("Initrode").click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create organization" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create organization" });
  await form.getByLabel("Organization name").fill("Initech Labs");
  await form.getByRole("button", { name: "Create organization" }).click();
  await expect(switcher("Initech Labs")).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 1, name: "Manage and invite users" }),
  ).toBeVisible();

  await switcher("Initech Labs").click();
  await page.getByRole("menuitem", { name: /^Initrode/ }).click();
  await expect(switcher("Initrode")).toBeVisible();
  await switcher("Initrode").click();
  await page.getByRole("menuitem", { name: /^Initech Labs/ }).click();
  await expect(switcher("Initech Labs")).toBeVisible();

  await page.goto("/settings/organization");
  const zone = page.getByRole("region", { name: "Danger zone" });
  await zone.getByRole("button", { name: "Delete organization" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Initech Labs?" });
  await expect(dialog.getByRole("link", { name: "Download the audit log (CSV)" })).toBeVisible();
  const confirm = dialog.getByRole("button", { name: "Delete organization" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type Initech Labs to confirm").fill("Initech Labs");
  await dialog.getByLabel("Your password").fill("not my password");
  await confirm.click();
  await expect(dialog.getByText("That password isn't right.")).toBeVisible();
  await dialog.getByLabel("Your password").fill(owner.password);
  await confirm.click();

  // Peter still has Initrode: the app opens there, and Initech Labs is gone from the switcher.
  await expect(switcher("Initrode")).toBeVisible();
  await switcher("Initrode").click();
  await expect(page.getByRole("menuitem", { name: /^Initech Labs/ })).toHaveCount(0);
  await page.keyboard.press("Escape");
});

test("the owner transfers ownership to a colleague: both people's rows change", async ({
  page,
  browser,
}) => {
  test.slow();
  await signInToSettings(page);
  await page.goto("/users");
  await page.getByRole("button", { name: "Invite users" }).click();
  const invite = page.getByRole("dialog", { name: "Invite users" });
  await invite.getByLabel("First name (person 1)").fill(colleague.firstName);
  await invite.getByLabel("Last name (person 1)").fill(colleague.lastName);
  await invite.getByLabel("Email (person 1)").fill(colleague.email);
  await invite.getByLabel("Organization role").selectOption("member");
  await invite.getByRole("button", { name: "Send invitations" }).click();
  await expect(invite.getByText("Invited", { exact: true })).toBeVisible();
  await invite.getByRole("button", { name: "Done" }).click();

  const email = await waitForEmail(colleague.email, { subjectIncludes: "invited you" });
  const context = await browser.newContext();
  const milton = await context.newPage();
  await milton.goto(firstLink(email));
  const accept = milton.getByRole("form", { name: "Create your account" });
  await accept.getByLabel("Password").fill(colleague.password);
  await accept.getByRole("button", { name: "Create account and join" }).click();
  // Creating the account checks the password's strength and hashes it: slow on a busy machine.
  await expect(milton.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible({
    timeout: 30_000,
  });
  await context.close();

  await page.goto("/settings/organization");
  const zone = page.getByRole("region", { name: "Danger zone" });
  await zone.getByRole("button", { name: "Transfer ownership" }).click();
  const dialog = page.getByRole("dialog", { name: "Transfer ownership of Initrode" });
  await dialog.getByLabel("New owner's email").fill(colleague.email);
  await dialog.getByLabel("Your password").fill(owner.password);
  await dialog.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(page.getByText("Milton Waddams is now the owner")).toBeVisible();
  // Peter is an admin now: the settings are read-only for him.
  await expect(
    page.getByText("Only the owner can change these settings; you can see them."),
  ).toBeVisible();
  await expect(zone.getByRole("button", { name: "Delete organization" })).toBeDisabled();

  await page.goto("/users");
  const row = (name: string) => page.getByRole("row", { name: new RegExp(name) });
  await expect(
    row("Milton Waddams").getByRole("cell", { name: "Owner", exact: true }),
  ).toBeVisible();
  await expect(
    row("Peter Gibbons").getByRole("cell", { name: "Admin", exact: true }),
  ).toBeVisible();
});

test("the former owner leaves; the new owner edits his own profile", async ({ page }) => {
  await signInToSettings(page);
  await page.goto("/settings/account");
  const leave = page.getByRole("region", { name: "Leave organization" });
  await expect(leave.getByText(/It is your only organization/)).toBeVisible();
  await leave.getByRole("button", { name: "Leave organization" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Leave Initrode?" });
  await confirm.getByRole("button", { name: "Leave organization" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signInToSettings(page, colleague);
  await page.goto("/settings/account");
  // The owner can't leave before handing the organization on.
  await expect(
    page
      .getByRole("region", { name: "Leave organization" })
      .getByRole("button", { name: "Leave organization" }),
  ).toBeDisabled();
  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Last name").fill("Waddams-Bobbit");
  await profile.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();
  await page.goto("/users");
  await expect(page.getByRole("row", { name: /Milton Waddams-Bobbit/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Peter Gibbons/ })).toHaveCount(0);
});

test("the new owner deletes the organization by typing its name; the server is back at /setup", async ({
  page,
}) => {
  await signInToSettings(page, colleague);
  await page
    .getByRole("region", { name: "Danger zone" })
    .getByRole("button", { name: "Delete organization" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Delete Initrode?" });
  await dialog.getByLabel("Type Initrode to confirm").fill("Initrode");
  await dialog.getByLabel("Your password").fill(colleague.password);
  await dialog.getByRole("button", { name: "Delete organization" }).click();
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("form", { name: "Set up Roster" })).toBeVisible();
  // Everyone's account went with it: Peter can't sign in any more.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/setup$/);
});

test("a new organization requires two-factor authentication of its admins: a new admin is sent to set it up first", async ({
  page,
  browser,
}) => {
  test.slow();
  const stan = {
    organization: "Chotchkie's",
    firstName: "Stan",
    lastName: "Manager",
    email: "stan@chotchkies.example",
    password: "fifteen pieces of flair",
  };
  await page.goto("/setup");
  const setup = page.getByRole("form", { name: "Set up Roster" });
  await setup.getByLabel("Organization name").fill(stan.organization);
  await setup.getByLabel("First name").fill(stan.firstName);
  await setup.getByLabel("Last name").fill(stan.lastName);
  await setup.getByLabel("Email").fill(stan.email);
  await setup.getByLabel("Password").fill(stan.password);
  await setup.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/users$/);

  // The owner can require it only with his own two-factor on.
  await page.goto("/settings/organization");
  const security = page.getByRole("region", { name: "Security" });
  const requirement = security.getByLabel(
    "Require two-factor authentication for owners and admins",
  );
  await expect(requirement).toBeDisabled();
  await security.getByRole("link", { name: "set up two-factor authentication" }).click();
  await expect(page).toHaveURL(/\/settings\/account\?setup=two-factor/);
  const { section } = await setUpTwoFactor(page, false);
  await section.getByRole("button", { name: "Done" }).click();

  await page.goto("/settings/organization");
  await requirement.check();
  await security.getByRole("button", { name: "Save changes" }).click();
  await expect(
    page.getByText("Two-factor authentication is now required for owners and admins"),
  ).toBeVisible();

  // A new admin joins: every page of the organization sends her to set it up first.
  const joanna = await inviteAndJoinAs(
    page,
    browser,
    newcomer("Joanna", "chotchkies.example"),
    "admin",
  );
  await expect(joanna).toHaveURL(/\/settings\/account\?setup=two-factor/);
  await expect(joanna.getByText("Two-factor authentication required")).toBeVisible();
  await joanna.goto("/users");
  await expect(joanna).toHaveURL(/\/settings\/account\?setup=two-factor/);
  const hers = await setUpTwoFactor(joanna, false);
  await hers.section.getByRole("button", { name: "Continue" }).click();
  await joanna.goto("/users");
  await expect(
    joanna.getByRole("heading", { level: 1, name: "Manage and invite users" }),
  ).toBeVisible();
  await joanna.context().close();
});
