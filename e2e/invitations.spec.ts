import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { emailCount, firstLink, setOutage, waitForEmail } from "./support/mailbox";
import { demo, signIn } from "./support/people";

const unique = () => Math.random().toString(36).slice(2, 8);

function demoInvitationLink(email: string): string {
  const file = path.resolve(".e2e", "app-invitations.json");
  const links = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const link = links[email];
  if (!link) throw new Error(`No demo invitation link for ${email} in ${file}`);
  return link;
}

async function openInviteModal(page: Page) {
  await page.goto("/users");
  await page.getByRole("button", { name: "Invite users" }).click();
  return page.getByRole("dialog", { name: "Invite users" });
}

async function fillPerson(
  dialog: ReturnType<Page["getByRole"]>,
  index: number,
  first: string,
  last: string,
  email: string,
) {
  await dialog.getByLabel(`First name (person ${index + 1})`).fill(first);
  await dialog.getByLabel(`Last name (person ${index + 1})`).fill(last);
  await dialog.getByLabel(`Email (person ${index + 1})`).fill(email);
}

test("an admin invites two people; each joins from the link in their email", async ({
  page,
  browser,
}) => {
  // Three browsers (the admin and two invitees) and two sign-ups: on a busy CI machine this
  // story needs more than the default minute.
  test.slow();
  const id = unique();
  const people = [
    { first: "Ines", last: `Ivanova${id}`, email: `ines.${id}@newco.example` },
    { first: "Omar", last: `Okoye${id}`, email: `omar.${id}@newco.example` },
  ];
  await signIn(page, demo.admin.email);
  const dialog = await openInviteModal(page);
  await fillPerson(dialog, 0, people[0]!.first, people[0]!.last, people[0]!.email);
  await dialog.getByRole("button", { name: "Add another" }).click();
  await fillPerson(dialog, 1, people[1]!.first, people[1]!.last, people[1]!.email);
  await dialog.getByLabel("Organization role").selectOption("admin");
  await dialog.getByRole("button", { name: "Add workspace" }).click();
  await dialog
    .getByLabel("Workspace 1", { exact: true })
    .selectOption({ label: "Engineering / Backend" });
  await dialog.getByLabel("Role in workspace 1").selectOption("viewer");
  await dialog.getByRole("button", { name: "Send invitations" }).click();

  const results = dialog.getByRole("list", { name: "Invitation results" });
  await expect(results.getByRole("listitem")).toHaveCount(2);
  await expect(results.getByText("Invited", { exact: true })).toHaveCount(2);
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.goto(`/users?q=${id}`);
  await expect(
    page
      .getByRole("row", { name: new RegExp(people[0]!.first) })
      .getByText("Pending", { exact: true }),
  ).toBeVisible();

  for (const person of people) {
    const email = await waitForEmail(person.email, { subjectIncludes: "invited you" });
    expect(email.text).toContain("Acme Inc.");
    expect(email.text).toContain("Backend");
    const context = await browser.newContext();
    const invitee = await context.newPage();
    await invitee.goto(firstLink(email));
    await expect(invitee.getByRole("heading", { name: "Join Acme Inc." })).toBeVisible();
    await expect(invitee.getByText("Adam Admin invited you to join as admin.")).toBeVisible();
    const form = invitee.getByRole("form", { name: "Create your account" });
    await expect(form.getByLabel("First name")).toHaveValue(person.first);
    await form.getByLabel("Password").fill("a passphrase for roster");
    await form.getByRole("button", { name: "Create account and join" }).click();
    // Creating the account hashes the password, then signs in with it: slow under a loaded CI.
    await expect(invitee).toHaveURL(/\/users$/, { timeout: 20_000 });
    await expect(
      invitee.getByRole("heading", { level: 1, name: "Manage and invite users" }),
    ).toBeVisible();
    await context.close();
  }

  await page.goto(`/users?q=${id}`);
  for (const person of people) {
    const row = page.getByRole("row", { name: new RegExp(`${person.first} ${person.last}`) });
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: "1", exact: true })).toBeVisible();
  }
});

test("re-inviting never duplicates: members and pending invitations are reported per row", async ({
  page,
}) => {
  await signIn(page, demo.owner.email);
  const dialog = await openInviteModal(page);
  await fillPerson(dialog, 0, "Max", "Member", "member@acme.example");
  await dialog.getByRole("button", { name: "Add another" }).click();
  await fillPerson(dialog, 1, "Nina", "Newhire", "NEW.HIRE@acme.example");
  await dialog.getByRole("button", { name: "Add another" }).click();
  await fillPerson(dialog, 2, "Bad", "Address", "not-an-email");
  await dialog.getByLabel("Organization role").selectOption("member");
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(dialog.getByText("member@acme.example is already a member.")).toBeVisible();
  await expect(
    dialog.getByText("new.hire@acme.example already has a pending invitation — resend it instead."),
  ).toBeVisible();
  await expect(dialog.getByText("not-an-email isn't a valid email address.")).toBeVisible();
});

test("a workspace manager invites into their own workspaces only", async ({ page }) => {
  const id = unique();
  await signIn(page, demo.manager.email);
  const dialog = await openInviteModal(page);
  await expect(dialog.getByLabel("Organization role")).toHaveCount(0);
  const options = await dialog
    .getByLabel("Workspace 1", { exact: true })
    .locator("option")
    .allTextContents();
  expect(options.every((o) => o.startsWith("Engineering"))).toBe(true);
  await fillPerson(dialog, 0, "Mia", `Manaud${id}`, `mia.${id}@newco.example`);
  await dialog
    .getByLabel("Workspace 1", { exact: true })
    .selectOption({ label: "Engineering / Frontend / Web" });
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(
    dialog.getByRole("list", { name: "Invitation results" }).getByText("Invited", { exact: true }),
  ).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.goto(`/users?q=${id}`);
  const row = page.getByRole("row", { name: new RegExp(`Mia Manaud${id}`) });
  await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
  await expect(row.getByText("Pending", { exact: true })).toBeVisible();
});

test("resend kills the old link; revoke ends the invitation", async ({ page }) => {
  const id = unique();
  const address = `rhea.${id}@newco.example`;
  await signIn(page, demo.owner.email);
  const dialog = await openInviteModal(page);
  await fillPerson(dialog, 0, "Rhea", `Resend${id}`, address);
  await dialog.getByLabel("Organization role").selectOption("member");
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await dialog.getByRole("button", { name: "Done" }).click();
  const first = await waitForEmail(address, { subjectIncludes: "invited you" });

  await page.goto(`/users?q=${id}`);
  const row = page.getByRole("row", { name: new RegExp(`Rhea Resend${id}`) });
  const seen = await emailCount(address);
  await row.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Resend invitation" }).click();
  await expect(page.getByText(`Invitation sent again to ${address}`)).toBeVisible();
  const second = await waitForEmail(address, { subjectIncludes: "invited you", after: seen });
  expect(firstLink(second)).not.toBe(firstLink(first));

  await page.goto(firstLink(first));
  await expect(
    page.getByRole("heading", { name: "This invitation link isn't valid" }),
  ).toBeVisible();

  await page.goto(`/users?q=${id}`);
  await page.getByRole("button", { name: `Actions for Rhea Resend${id}` }).click();
  await page.getByRole("menuitem", { name: "Revoke invitation" }).click();
  await page
    .getByRole("alertdialog", { name: `Revoke Rhea Resend${id}'s invitation?` })
    .getByRole("button", { name: "Revoke invitation" })
    .click();
  await expect(page.getByText(`Rhea Resend${id}'s invitation was revoked`)).toBeVisible();
  await page.goto(firstLink(second));
  await expect(page.getByRole("heading", { name: "This invitation was revoked" })).toBeVisible();
  await expect(page.getByText("Olivia Owner (owner@acme.example)")).toBeVisible();
});

test("an expired link says so, and whom to ask", async ({ page }) => {
  await page.goto(demoInvitationLink("late.joiner@acme.example"));
  await expect(page.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
  await expect(
    page.getByText(/Ask Olivia Owner \(owner@acme\.example\) to send you a new one/),
  ).toBeVisible();
});

test("someone with an account signs in and accepts with one click", async ({ page }) => {
  // Globex's owner is invited to Acme: the account exists already.
  await signIn(page, demo.owner.email);
  const dialog = await openInviteModal(page);
  await fillPerson(dialog, 0, "Gloria", "Globex", "owner@globex.example");
  await dialog.getByLabel("Organization role").selectOption("member");
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await dialog.getByRole("button", { name: "Done" }).click();
  const email = await waitForEmail("owner@globex.example", { subjectIncludes: "invited you" });

  // Signed in as someone else, the page says so.
  await page.goto(firstLink(email));
  await expect(page.getByText("but you're signed in as owner@acme.example")).toBeVisible();
  await page.getByRole("button", { name: "Sign out and continue as owner@globex.example" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(firstLink(email));
  await page.getByRole("link", { name: "Sign in to accept" }).click();
  const form = page.getByRole("form", { name: "Sign in" });
  // The email comes with the link: the form asks for the password straight away.
  await expect(form.getByText("Signing in as owner@globex.example")).toBeVisible();
  await form.getByLabel("Password").fill("roster-demo-password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Join Acme Inc." })).toBeVisible();
  await page.getByRole("button", { name: "Accept and join Acme Inc." }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Switch organization (current: Acme Inc.)" }),
  ).toBeVisible();
});

test("an email outage keeps the invitation, shows Email failed, and resend works afterwards", async ({
  page,
}) => {
  const id = unique();
  const address = `olga.${id}@newco.example`;
  await setOutage(true, [address]);
  try {
    await signIn(page, demo.owner.email);
    const dialog = await openInviteModal(page);
    await fillPerson(dialog, 0, "Olga", `Outage${id}`, address);
    await dialog.getByLabel("Organization role").selectOption("member");
    await dialog.getByRole("button", { name: "Send invitations" }).click();
    await expect(dialog.getByText("Invited, but the email couldn't be sent.")).toBeVisible();
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.goto(`/users?q=${id}`);
    const row = page.getByRole("row", { name: new RegExp(`Olga Outage${id}`) });
    await expect(row.getByText("Email failed")).toBeVisible();
  } finally {
    await setOutage(false);
  }
  const row = page.getByRole("row", { name: new RegExp(`Olga Outage${id}`) });
  await row.click({ button: "right" });
  await page.getByRole("menuitem", { name: "Resend invitation" }).click();
  await expect(page.getByText(`Invitation sent again to ${address}`)).toBeVisible();
  await expect(row.getByText("Email failed")).toHaveCount(0);
  await expect(row.getByText("Email sent")).toBeVisible();
  await waitForEmail(address, { subjectIncludes: "invited you" });
});
