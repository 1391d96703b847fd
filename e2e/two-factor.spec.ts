import { expect, test, type Page } from "@playwright/test";
import { inviteAndJoin, newcomer, type Newcomer } from "./support/join";
import { signIn } from "./support/people";
import { nextCode, setUpTwoFactor } from "./support/two-factor";

// Two-factor authentication and sessions, as a person who joins for this test only (so their
// sign-ins disturb no parallel test): set-up from the shown key, sign-in with a code and with a
// recovery code (once only), and signing out everywhere else.

async function passwordStep(page: Page, person: Newcomer) {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(person.email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(person.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/two-factor/);
  return page.getByRole("form", { name: "Two-factor authentication" });
}

async function signOut(page: Page, person: Newcomer) {
  await page
    .getByRole("button", { name: `Account menu for ${person.first} ${person.last}` })
    .click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("two-factor sign-in: set up from the key, then a code, then a recovery code that works once", async ({
  page,
  browser,
}) => {
  test.slow();
  const person = newcomer("Tess");
  const tess = await inviteAndJoin(page, browser, person);

  const { secret, codes, section } = await setUpTwoFactor(tess);
  await section.getByRole("button", { name: "Done" }).click();

  // Signing in now takes the password, then a code; nothing else is reachable in between.
  await signOut(tess, person);
  let step = await passwordStep(tess, person);
  await tess.goto("/users");
  await expect(tess).toHaveURL(/\/sign-in/);
  step = await passwordStep(tess, person);
  await step.getByLabel("Authentication code").fill("123456");
  await step.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(step.getByLabel("Authentication code")).toHaveAccessibleDescription(
    /That code didn't work/,
  );
  await step.getByLabel("Authentication code").fill(await nextCode(secret));
  await step.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(tess).not.toHaveURL(/\/sign-in/);
  await expect(
    tess.getByRole("button", { name: `Account menu for ${person.first} ${person.last}` }),
  ).toBeVisible();

  // A recovery code instead: it works once.
  const recovery = codes[0]!;
  for (const attempt of ["works", "used up"] as const) {
    await signOut(tess, person);
    step = await passwordStep(tess, person);
    await step.getByRole("button", { name: "Use a recovery code instead" }).click();
    await step.getByLabel("Recovery code").fill(recovery);
    await step.getByRole("button", { name: "Verify and sign in" }).click();
    if (attempt === "works") {
      await expect(tess).not.toHaveURL(/\/sign-in/);
    } else {
      await expect(step.getByLabel("Recovery code")).toHaveAccessibleDescription(
        /That code didn't work/,
      );
      await step.getByLabel("Recovery code").fill(codes[1]!);
      await step.getByRole("button", { name: "Verify and sign in" }).click();
      await expect(tess).not.toHaveURL(/\/sign-in/);
    }
  }
  await tess.goto("/settings/account");
  await expect(
    tess.getByRole("region", { name: "Two-factor authentication" }).getByText(/8 of 10/),
  ).toBeVisible();
  await tess.context().close();
});

test("sessions: the list shows this device and the other browser; signing out everywhere else ends it there, and signing out ends a copied cookie", async ({
  page,
  browser,
}) => {
  test.slow();
  const person = newcomer("Sid");
  const sid = await inviteAndJoin(page, browser, person);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, person.email, person.password);

  await sid.goto("/settings/account");
  const section = sid.getByRole("region", { name: "Sessions" });
  const list = section.getByRole("list", { name: "Your sessions" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem").first()).toContainText("This device");
  await section.getByRole("button", { name: "Sign out everywhere else" }).click();
  const dialog = sid.getByRole("alertdialog", { name: "Sign out everywhere else?" });
  await expect(dialog).toContainText("Your other session ends now");
  await dialog.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(sid.getByText("Signed out 1 other session")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(1);

  // The other browser is signed out on its next request; this one goes on.
  await other.goto("/workspaces");
  await expect(other).toHaveURL(/\/sign-in/);
  await sid.goto("/workspaces");
  await expect(sid.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await otherContext.close();

  // Signing out ends the session on the server: a copy of the cookie taken before is worthless.
  const copied = await sid.context().cookies();
  await signOut(sid, person);
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/workspaces");
  await expect(stolen).toHaveURL(/\/sign-in/);
  await thief.close();
  await sid.context().close();
});
