import { expect, test, type Locator, type Page } from "@playwright/test";
import { emailCount, firstLink, waitForEmail } from "./support/mailbox";
import { demo, signIn } from "./support/people";

// Invitees on the Users list open in Edit user like members do; the invite modal makes owners and
// admins choose the org role; a workspace's page invites straight into it. Each test invites its
// own, uniquely named people on the demo data (prisma/seed.ts), so reruns don't collide.

const unique = () => Math.random().toString(36).slice(2, 8);

async function openInviteModal(page: Page) {
  await page.goto("/users");
  await page.getByRole("button", { name: "Invite users" }).click();
  return page.getByRole("dialog", { name: "Invite users" });
}

async function fillPerson(dialog: Locator, first: string, last: string, email: string) {
  await dialog.getByLabel("First name (person 1)").fill(first);
  await dialog.getByLabel("Last name (person 1)").fill(last);
  await dialog.getByLabel("Email (person 1)").fill(email);
}

/** The option a <select> shows. */
const chosen = (select: Locator) => select.locator("option:checked");

async function openWorkspace(page: Page, name: string) {
  await page.goto("/workspaces");
  await page
    .getByRole("tree", { name: "Workspaces" })
    .getByRole("treeitem", { name: new RegExp(`^${name}`) })
    .click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("the owner opens a pending invitee with Edit user, changes the role and a workspace, and they join with exactly that", async ({
  page,
  browser,
}) => {
  test.slow();
  const id = unique();
  const name = `Iris Invitee${id}`;
  const address = `iris.${id}@newco.example`;

  // Invited as an admin of Backend.
  await signIn(page, demo.owner.email);
  const dialog = await openInviteModal(page);
  await fillPerson(dialog, "Iris", `Invitee${id}`, address);
  await dialog.getByLabel("Organization role").selectOption("admin");
  await dialog.getByRole("button", { name: "Add workspace" }).click();
  await dialog
    .getByLabel("Workspace 1", { exact: true })
    .selectOption({ label: "Engineering / Backend" });
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(
    dialog.getByRole("list", { name: "Invitation results" }).getByText("Invited", { exact: true }),
  ).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();

  // Their row's menu (right-click) has Edit user, as a member's row does.
  await page.goto(`/users?q=${id}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByText("Pending", { exact: true })).toBeVisible();
  await row.click({ button: "right" });
  const menu = page.getByRole("menu");
  for (const item of ["Edit user", "Resend invitation", "Revoke invitation"]) {
    await expect(menu.getByRole("menuitem", { name: item })).toBeVisible();
  }
  await menu.getByRole("menuitem", { name: "Edit user" }).click();

  await expect(page).toHaveURL(/\/users\/invitations\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const details = page.getByRole("region", { name: "Invitation", exact: true });
  await expect(details.getByText("Pending", { exact: true })).toBeVisible();
  await expect(details.getByText(demo.owner.name)).toBeVisible();
  await expect(details.getByRole("button", { name: "Resend invitation" })).toBeVisible();
  await expect(details.getByRole("button", { name: "Revoke invitation" })).toBeVisible();

  // Now a member of Sales, as a viewer, instead.
  const form = page.getByRole("form", { name: "Edit invitation" });
  await expect(form.getByLabel("Role", { exact: true })).toHaveValue("admin");
  await expect(chosen(form.getByLabel("Workspace 1", { exact: true }))).toHaveText(
    "Engineering / Backend",
  );
  await form.getByLabel("Role", { exact: true }).selectOption("member");
  await form.getByLabel("Workspace 1", { exact: true }).selectOption({ label: "Sales" });
  await form.getByLabel("Role in workspace 1").selectOption("viewer");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved ${name}'s invitation`)).toBeVisible();

  await page.reload();
  const saved = page.getByRole("form", { name: "Edit invitation" });
  await expect(saved.getByLabel("Role", { exact: true })).toHaveValue("member");
  await expect(chosen(saved.getByLabel("Workspace 1", { exact: true }))).toHaveText("Sales");
  await expect(saved.getByLabel("Role in workspace 1")).toHaveValue("viewer");
  await expect(saved.getByLabel("Workspace 2", { exact: true })).toHaveCount(0);

  await page.goto(`/users?q=${id}`);
  await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "1", exact: true })).toBeVisible();

  // The link they were sent still works, and gives what was saved.
  const email = await waitForEmail(address, { subjectIncludes: "invited you" });
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(firstLink(email));
  await expect(invitee.getByText("Olivia Owner invited you to join as member.")).toBeVisible();
  const signUp = invitee.getByRole("form", { name: "Create your account" });
  await signUp.getByLabel("Password").fill("a passphrase for roster");
  await signUp.getByRole("button", { name: "Create account and join" }).click();
  // Creating the account checks the password's strength and hashes it: slow on a busy machine.
  await expect(invitee.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible({
    timeout: 30_000,
  });
  const theirTree = invitee.getByRole("tree", { name: "Workspaces" });
  await expect(theirTree.getByRole("treeitem", { name: /^Sales/ })).toContainText("Viewer");
  await expect(theirTree.getByRole("treeitem", { name: /^Backend/ })).toHaveCount(0);
  await context.close();

  await page.goto(`/users?q=${id}`);
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
});

test("the invite modal starts on Select a role, and sends nothing until a role is chosen", async ({
  page,
}) => {
  const id = unique();
  const address = `rory.${id}@newco.example`;
  await signIn(page, demo.admin.email);
  const dialog = await openInviteModal(page);
  const role = dialog.getByLabel("Organization role");
  await expect(role).toHaveValue("");
  await expect(chosen(role)).toHaveText("Select a role");
  await fillPerson(dialog, "Rory", `Rolechooser${id}`, address);
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(dialog.getByText("Choose a role")).toBeVisible();
  await expect(role).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByRole("list", { name: "Invitation results" })).toHaveCount(0);
  expect(await emailCount(address)).toBe(0);

  await role.selectOption("member");
  await expect(dialog.getByText("Choose a role")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(
    dialog.getByRole("list", { name: "Invitation results" }).getByText("Invited", { exact: true }),
  ).toBeVisible();
  await waitForEmail(address, { subjectIncludes: "invited you" });
});

test("Invite to this workspace opens the invite modal with the workspace already chosen", async ({
  page,
  browser,
}) => {
  // Three people sign in, one after the other: more than a minute on a busy CI machine.
  test.slow();
  const id = unique();
  const name = `Wren Workspace${id}`;
  await signIn(page, demo.owner.email);
  await openWorkspace(page, "Backend");
  await page.getByRole("button", { name: "Invite to this workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite users" });
  const workspace = dialog.getByLabel("Workspace 1", { exact: true });
  await expect(chosen(workspace)).toHaveText("Engineering / Backend");
  await expect(dialog.getByLabel("Role in workspace 1")).toHaveValue("member");
  await expect(dialog.getByLabel("Organization role")).toHaveValue("");

  // Still editable: the role there changes, and another workspace can be added.
  await dialog.getByLabel("Role in workspace 1").selectOption("viewer");
  await fillPerson(dialog, "Wren", `Workspace${id}`, `wren.${id}@newco.example`);
  await dialog.getByLabel("Organization role").selectOption("member");
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(
    dialog.getByRole("list", { name: "Invitation results" }).getByText("Invited", { exact: true }),
  ).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();

  // The ⋯ button opens the same menu: Edit user shows the invitation as it was sent.
  await page.goto(`/users?q=${id}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Edit user" }).click();
  const form = page.getByRole("form", { name: "Edit invitation" });
  await expect(chosen(form.getByLabel("Workspace 1", { exact: true }))).toHaveText(
    "Engineering / Backend",
  );
  await expect(form.getByLabel("Role in workspace 1")).toHaveValue("viewer");

  // A workspace manager invites into theirs, as a member (no org role to choose); a member of
  // the workspace isn't offered the button.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signIn(manager, demo.manager.email);
  await openWorkspace(manager, "Engineering");
  await manager.getByRole("button", { name: "Invite to this workspace" }).click();
  const theirs = manager.getByRole("dialog", { name: "Invite users" });
  await expect(chosen(theirs.getByLabel("Workspace 1", { exact: true }))).toHaveText("Engineering");
  await expect(theirs.getByLabel("Organization role")).toHaveCount(0);
  await managerContext.close();

  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signIn(member, demo.member.email);
  await openWorkspace(member, "Backend");
  await expect(member.getByRole("button", { name: "Invite to this workspace" })).toHaveCount(0);
  await memberContext.close();
});
