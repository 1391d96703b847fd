import { expect, test, type Browser, type Page } from "@playwright/test";
import { emailCount, waitForEmail } from "./support/mailbox";
import { demo, signIn } from "./support/people";
import { addToWorkspace, createWorkspace, openWorkspace } from "./support/workspaces";

// Every run builds its own uniquely named workspaces on the demo data (prisma/seed.ts), so reruns
// on the same database don't collide, and the seeded tree other specs rely on is left alone.
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

const viewer = { email: "viewer@acme.example", name: "Vic Viewer" };

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

function tree(page: Page) {
  return page.getByRole("tree", { name: "Workspaces" });
}

test("an admin builds a tree, its manager runs it, and a member asks to join", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const top = `Atlas ${suffix}`;
  const middle = `Borealis ${suffix}`;
  const leaf = `Cygnus ${suffix}`;
  const sub = `Deneb ${suffix}`;

  const admin = await as(browser, demo.admin.email);
  await test.step("the admin builds three levels and makes Mona manager of the middle one", async () => {
    await admin.goto("/workspaces");
    await createWorkspace(admin, "New workspace", top);
    await createWorkspace(admin, "New sub-workspace", middle);
    await createWorkspace(admin, "New sub-workspace", leaf);
    const breadcrumb = admin.getByRole("navigation", { name: "Breadcrumb" });
    await expect(breadcrumb.getByRole("link", { name: top })).toBeVisible();
    await expect(breadcrumb.getByRole("link", { name: middle })).toBeVisible();

    await admin.goto("/workspaces");
    await expect(tree(admin).getByRole("treeitem", { name: new RegExp(top) })).toHaveAttribute(
      "aria-level",
      "1",
    );
    await expect(tree(admin).getByRole("treeitem", { name: new RegExp(leaf) })).toHaveAttribute(
      "aria-level",
      "3",
    );

    await openWorkspace(admin, middle);
    await addToWorkspace(admin, middle, demo.manager, "Manager");
    await expect(admin.getByRole("row", { name: new RegExp(demo.manager.name) })).toBeVisible();
    // Owners and admins are managers of every workspace, and listed as such.
    await expect(
      admin.getByRole("heading", { name: "Managers through the organization" }),
    ).toBeVisible();
    await expect(
      admin.getByText(`Your role: Manager, as organization owner or admin.`),
    ).toBeVisible();
  });

  const manager = await as(browser, demo.manager.email);
  await test.step("the manager creates a sub-workspace and adds a member", async () => {
    await openWorkspace(manager, leaf);
    await expect(manager.getByText(`Your role: Manager, inherited from ${middle}.`)).toBeVisible();
    await createWorkspace(manager, "New sub-workspace", sub);

    await openWorkspace(manager, middle);
    await addToWorkspace(manager, middle, viewer);

    // The members list searches by name or email, in the URL.
    const search = manager.getByRole("search", { name: `Search the members of ${middle}` });
    await search.getByLabel("Search members", { exact: true }).fill("vic");
    await search.getByRole("button", { name: "Search", exact: true }).click();
    await expect(manager).toHaveURL(/\?q=vic(&|$)/);
    await expect(manager.getByRole("row", { name: new RegExp(viewer.name) })).toBeVisible();
    await expect(manager.getByRole("row", { name: new RegExp(demo.manager.name) })).toHaveCount(0);
  });

  await test.step("the manager sees the inherited role and is refused a downgrade", async () => {
    await openWorkspace(manager, sub);
    const row = manager.getByRole("row", { name: new RegExp(viewer.name) });
    await expect(row.getByText(`Member, inherited from ${middle}`)).toBeVisible();

    await openWorkspace(manager, leaf);
    const role = manager.getByLabel(`Role of ${viewer.name} in ${leaf}`);
    await expect(role).toHaveValue("");
    await role.selectOption({ label: "Viewer" });
    await expect(
      manager.getByText(
        `This person is member of "${middle}", which includes this workspace. Change their role in "${middle}" instead.`,
      ),
    ).toBeVisible();
    await expect(role).toHaveValue("");
  });

  const member = await as(browser, demo.member.email);
  await test.step("a member asks to join", async () => {
    await member.goto("/workspaces");
    await expect(tree(member).getByRole("treeitem", { name: new RegExp(leaf) })).toHaveCount(0);
    const path = `${top} / ${middle} / ${leaf}`;
    const joinable = member.getByRole("list", { name: "Workspaces you may ask to join" });
    await joinable.getByRole("button", { name: `Ask to join ${path}`, exact: true }).click();
    const dialog = member.getByRole("dialog", { name: `Ask to join ${path}` });
    await dialog.getByLabel("Message (optional)").fill("I'd like to help with the launch.");
    await dialog.getByRole("button", { name: "Send request" }).click();
    await expect(member.getByText(`Asked to join ${path}.`)).toBeVisible();
    await expect(
      joinable.getByRole("listitem").filter({ hasText: path }).getByText("Request pending"),
    ).toBeVisible();
  });

  await test.step("the manager approves it, and the member is told by email", async () => {
    const path = `${top} / ${middle} / ${leaf}`;
    const before = await emailCount(demo.member.email);
    // The Users page flags requests waiting for this manager and links to them.
    await manager.goto("/users");
    await manager.getByRole("link", { name: /^\d+ join requests?$/ }).click();
    await expect(manager).toHaveURL(/\/workspaces#join-requests$/);
    const requests = manager.getByRole("region", { name: /Join requests/ });
    await requests
      .getByRole("link", { name: `Review ${demo.member.name}'s request to join ${path}` })
      .click();
    await expect(manager.getByRole("heading", { level: 1, name: leaf })).toBeVisible();
    const request = manager.getByRole("listitem", { name: `${demo.member.name} asks to join` });
    await expect(request.getByText("I'd like to help with the launch.")).toBeVisible();
    await request.getByLabel(`Role for ${demo.member.name}`).selectOption({ label: "Member" });
    await request.getByRole("button", { name: `Approve ${demo.member.name}` }).click();
    await expect(manager.getByText(`${demo.member.name} joined ${leaf} as member`)).toBeVisible();
    await expect(manager.getByRole("row", { name: new RegExp(demo.member.name) })).toBeVisible();
    const email = await waitForEmail(demo.member.email, { subjectIncludes: leaf, after: before });
    expect(email.subject).toBe(`Your request to join ${leaf} was approved`);
  });

  await test.step("the member now sees the workspace", async () => {
    await openWorkspace(member, leaf);
    await expect(member.getByText("Your role: Member.")).toBeVisible();
    await member.goto("/workspaces");
    await expect(
      tree(member).getByRole("treeitem", { name: new RegExp(`${leaf}.*Member`) }),
    ).toBeVisible();
  });

  for (const page of [admin, manager, member]) await page.context().close();
});

test("renaming, moving and deleting, with a confirmation that says what goes", async ({ page }) => {
  const name = `Temp ${suffix}`;
  const child = `Child ${suffix}`;
  await signIn(page, demo.owner.email);
  await page.goto("/workspaces");
  await createWorkspace(page, "New workspace", name);
  await createWorkspace(page, "New sub-workspace", child);
  await addToWorkspace(page, child, viewer);

  // Move the child to the top level and back under its parent.
  const move = page.getByRole("form", { name: "Move workspace" });
  await move.getByLabel("Move into").selectOption({ label: "Top level" });
  await move.getByRole("button", { name: "Move" }).click();
  await expect(page.getByText(`Moved ${child} to the top level`)).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name }),
  ).toHaveCount(0);
  await page.getByRole("form", { name: "Move workspace" }).getByLabel("Move into").selectOption({
    label: name,
  });
  await page
    .getByRole("form", { name: "Move workspace" })
    .getByRole("button", { name: "Move" })
    .click();
  await expect(page.getByText(`Moved ${child} into ${name}`)).toBeVisible();

  await openWorkspace(page, name);
  const rename = page.getByRole("form", { name: "Rename workspace" });
  await rename.getByLabel("Name").fill(child);
  await rename.getByRole("button", { name: "Rename" }).click();
  // Names are unique among siblings only: the parent may share its child's name.
  await expect(page.getByText(`Renamed ${name} to ${child}`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: child })).toBeVisible();
  await rename.getByLabel("Name").fill(name);
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("button", { name: "Delete workspace…" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete ${name}?` });
  await expect(confirm).toContainText(`its 1 sub-workspace (${child})`);
  await expect(confirm).toContainText("1 workspace membership");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();

  await page.getByRole("button", { name: "Delete workspace…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete workspace" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByText(`Deleted ${name}`)).toBeVisible();
  await expect(tree(page).getByRole("treeitem", { name: new RegExp(name) })).toHaveCount(0);
});

test("the tree works with the keyboard alone", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.goto("/workspaces");
  // The tree is busy until the page is interactive (the keys are handled by script).
  await expect(tree(page)).not.toHaveAttribute("aria-busy", "true");
  const items = tree(page).getByRole("treeitem");
  await items.first().focus();
  await page.keyboard.press("e");
  const engineering = tree(page).getByRole("treeitem", { name: /^Engineering\b/ });
  await expect(engineering).toBeFocused();
  await expect(engineering).toHaveAttribute("aria-expanded", "true");
  const backend = tree(page).getByRole("treeitem", { name: /^Backend\b/ });
  await page.keyboard.press("ArrowRight");
  await expect(backend).toBeFocused();
  // ← closes an open branch first, then goes to the parent.
  await page.keyboard.press("ArrowLeft");
  await expect(backend).toHaveAttribute("aria-expanded", "false");
  await expect(backend).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(engineering).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(engineering).toHaveAttribute("aria-expanded", "false");
  await expect(backend).toHaveCount(0);
  await page.keyboard.press("ArrowRight");
  await expect(backend).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(backend).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(engineering).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Engineering" })).toBeVisible();
});

test("a member can't see or change what isn't theirs", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.goto("/workspaces");
  await expect(page.getByRole("button", { name: "New workspace" })).toHaveCount(0);
  // Sales is not theirs: they may only ask to join it.
  await page
    .getByRole("list", { name: "Workspaces you may ask to join" })
    .getByRole("link", { name: "Sales", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "You're not in Sales" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Rename workspace" })).toHaveCount(0);

  // They ask, think better of it, and withdraw the request.
  await page.getByRole("button", { name: "Ask to join Sales", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Ask to join Sales" })
    .getByRole("button", { name: "Send request" })
    .click();
  await expect(page.getByText("Request pending")).toBeVisible();
  await page.getByRole("button", { name: "Withdraw request to join Sales" }).click();
  await expect(page.getByText("Withdrew your request to join Sales.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Ask to join Sales", exact: true })).toBeVisible();
});
