import { expect, type Browser, type Page } from "@playwright/test";
import { firstLink, waitForEmail } from "./mailbox";
import { demo, signIn } from "./people";

export interface Newcomer {
  first: string;
  last: string;
  email: string;
  password: string;
}

/** A person nobody else's test signs in as, with a unique name and email. */
export function newcomer(first: string, domain = "newco.example"): Newcomer {
  const id = Math.random().toString(36).slice(2, 8);
  return {
    first,
    last: `Tester${id}`,
    email: `${first.toLowerCase()}.${id}@${domain}`,
    password: "a passphrase for roster",
  };
}

/**
 * The demo admin (signing in on `adminPage`) invites the person with an organization role; they
 * join through the emailed link in a browser of their own, which is returned, in the app.
 */
export async function inviteAndJoin(
  adminPage: Page,
  browser: Browser,
  person: Newcomer,
  role: "member" | "admin" = "member",
): Promise<Page> {
  await signIn(adminPage, demo.admin.email);
  return inviteAndJoinAs(adminPage, browser, person, role);
}

/** Whoever is signed in on `page` (an owner or admin) invites the person with the invite dialog. */
export async function invite(
  page: Page,
  person: Pick<Newcomer, "first" | "last" | "email">,
  role: "member" | "admin" = "member",
) {
  await page.goto("/users");
  await page.getByRole("button", { name: "Invite users" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite users" });
  await dialog.getByLabel("First name (person 1)").fill(person.first);
  await dialog.getByLabel("Last name (person 1)").fill(person.last);
  await dialog.getByLabel("Email (person 1)").fill(person.email);
  await dialog.getByLabel("Organization role").selectOption(role);
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(dialog.getByText("Invited", { exact: true })).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
}

/** As inviteAndJoin, by whoever is signed in on `inviterPage` (an owner or admin). */
export async function inviteAndJoinAs(
  adminPage: Page,
  browser: Browser,
  person: Newcomer,
  role: "member" | "admin",
  /** Another server to follow the link on (the same path: a second instance of the app). */
  options: { joinAt?: string } = {},
): Promise<Page> {
  await invite(adminPage, person, role);
  const invitation = await waitForEmail(person.email, { subjectIncludes: "invited you" });
  const link = new URL(firstLink(invitation));
  const page = await (
    await browser.newContext(options.joinAt ? { baseURL: options.joinAt } : {})
  ).newPage();
  await page.goto(options.joinAt ? `${options.joinAt}${link.pathname}${link.search}` : link.href);
  const signUp = page.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Password").fill(person.password);
  await signUp.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).not.toHaveURL(/\/invite\//, { timeout: 20_000 });
  return page;
}
