import { expect, test } from "@playwright/test";
import { firstLink, waitForEmail } from "./support/mailbox";
import { invite, inviteAndJoin, newcomer } from "./support/join";
import { demo, signIn } from "./support/people";

// Account settings, as someone no other test signs in as: a person the demo admin invites here,
// who joins through the emailed link, so changing their password disturbs no parallel test.

const unique = () => Math.random().toString(36).slice(2, 8);

test("changing one's password: a wrong current one and a weak new one are refused, then it works everywhere", async ({
  page,
  browser,
}) => {
  // Three browsers (the admin, the new member, and the member's second session): give it time.
  test.slow();
  const id = unique();
  const person = { first: "Paula", last: `Pereira${id}`, email: `paula.${id}@newco.example` };
  const name = `${person.first} ${person.last}`;
  const firstPassword = "a passphrase for roster";
  const newPassword = "velvet otter climbs the ladder";

  // The demo admin invites them as a member; they join from the emailed link.
  await signIn(page, demo.admin.email);
  await invite(page, person);

  const invitation = await waitForEmail(person.email, { subjectIncludes: "invited you" });
  const context = await browser.newContext();
  const paula = await context.newPage();
  await paula.goto(firstLink(invitation));
  const signUp = paula.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Password").fill(firstPassword);
  // The meter judges the password as it is typed, by the rule the server applies.
  await expect(signUp.getByText(/^Strength: (Good|Strong)$/)).toBeVisible();
  await signUp.getByRole("button", { name: "Create account and join" }).click();
  // Creating the account checks the password's strength and hashes it: slow on a busy machine.
  await expect(paula.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible({
    timeout: 30_000,
  });

  // A second session of the same account, in another browser.
  const elsewhereContext = await browser.newContext();
  const elsewhere = await elsewhereContext.newPage();
  await signIn(elsewhere, person.email, firstPassword);

  await paula.goto("/settings/account");
  const section = paula.getByRole("region", { name: "Password", exact: true });
  const form = section.getByRole("form", { name: "Change password" });
  const current = form.getByLabel("Current password");
  const fresh = form.getByLabel(/^New password/);
  const confirm = form.getByLabel("Confirm new password");
  const submit = form.getByRole("button", { name: "Change password" });

  // A wrong current password is refused on its field.
  await current.fill("not my password");
  await fresh.fill(newPassword);
  await confirm.fill(newPassword);
  await submit.click();
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(current).toHaveAccessibleDescription("That isn't your current password.");

  // A common password: the meter says Weak, and the server refuses it with zxcvbn's reason.
  await current.fill(firstPassword);
  await fresh.fill("password123456");
  await confirm.fill("password123456");
  await expect(form.getByText("Strength: Weak")).toBeVisible();
  await submit.click();
  await expect(fresh).toHaveAttribute("aria-invalid", "true");
  await expect(fresh).toHaveAccessibleDescription(
    /^This password is too easy to guess\. This is similar to a commonly used password\./,
  );
  await expect(current).not.toHaveAttribute("aria-invalid", "true");

  // A strong one: changed, and this browser stays signed in.
  await fresh.fill(newPassword);
  await confirm.fill(newPassword);
  await expect(form.getByText(/^Strength: (Good|Strong)$/)).toBeVisible();
  await submit.click();
  await expect(
    paula.getByText("Password changed. You were signed out everywhere else."),
  ).toBeVisible();
  await paula.goto("/workspaces");
  await expect(paula.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();

  // The other session ended.
  await elsewhere.goto("/workspaces");
  await expect(elsewhere).toHaveURL(/\/sign-in/);
  await elsewhereContext.close();

  // Signed out, the old password no longer works and the new one does.
  await paula.getByRole("button", { name: `Account menu for ${name}` }).click();
  await paula.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(paula).toHaveURL(/\/sign-in/);
  const signInForm = paula.getByRole("form", { name: "Sign in" });
  await signInForm.getByLabel("Email").fill(person.email);
  await signInForm.getByRole("button", { name: "Continue" }).click();
  await signInForm.getByLabel("Password").fill(firstPassword);
  await signInForm.getByRole("button", { name: "Sign in" }).click();
  await expect(signInForm.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signInForm.getByLabel("Password").fill(newPassword);
  await signInForm.getByRole("button", { name: "Sign in" }).click();
  await expect(paula).not.toHaveURL(/\/sign-in/);
  await expect(paula.getByRole("button", { name: `Account menu for ${name}` })).toBeVisible();
  await context.close();
});

test("changing one's email: nothing changes until the new address confirms; the old one is told", async ({
  page,
  browser,
}) => {
  test.slow();
  const person = newcomer("Edna");
  const edna = await inviteAndJoin(page, browser, person);
  const newEmail = `edna.new.${Math.random().toString(36).slice(2, 8)}@newco.example`;

  await edna.goto("/settings/account");
  const profile = edna.getByRole("region", { name: "Profile" });
  await profile.getByRole("button", { name: "Change email" }).click();
  const dialog = edna.getByRole("dialog", { name: "Change email" });
  await dialog.getByLabel(/^New email/).fill(newEmail);
  await dialog.getByLabel(/^Current password/).fill(person.password);
  await dialog.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(
    edna.getByText(`Check ${newEmail}: open the link we sent there to confirm.`),
  ).toBeVisible();
  await expect(profile.getByText(newEmail)).toBeVisible();

  // The old address is told; the new one gets the link. Until it is confirmed, the old email signs in.
  await waitForEmail(person.email, { subjectIncludes: "email address was requested" });
  const confirmation = await waitForEmail(newEmail, { subjectIncludes: "Confirm your new email" });
  const other = await (await browser.newContext()).newPage();
  await signIn(other, person.email, person.password);

  await edna.goto(firstLink(confirmation));
  await edna.getByRole("button", { name: "Confirm new email address" }).click();
  await expect(edna.getByText(`Your account now uses ${newEmail}.`)).toBeVisible();

  // The other session ended; the new address signs in, the old one no longer does.
  await other.goto("/workspaces");
  await expect(other).toHaveURL(/\/sign-in/);
  await signIn(other, newEmail, person.password);
  await other.context().close();
  await edna.context().close();
});
