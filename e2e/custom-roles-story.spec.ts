import { expect, test } from "@playwright/test";
import { inviteAndJoin, newcomer } from "./support/join";
import { demo, signIn } from "./support/people";
import { addToWorkspace, createWorkspace, openWorkspace } from "./support/workspaces";

// Issue 15's story, on the shared demo data: the owner creates "Editor" (member + create
// sub-workspaces) and gives it to a newcomer in a workspace of this run's own; the newcomer
// creates a sub-workspace there and still cannot remove anyone; "Why can they?" names the path;
// deleting Editor gives its holder the role the owner chooses, and the power goes with it.

const suffix = Math.random().toString(36).slice(2, 6);
const EDITOR = `Editor ${suffix}`;
const STUDIO = `Studio ${suffix}`;
const DRAFTS = `Drafts ${suffix}`;
const ROLES = "/settings/organization/roles";

test("the owner's Editor creates sub-workspaces, removes nobody, and goes to the chosen role when deleted", async ({
  page: owner,
  browser,
}) => {
  test.setTimeout(8 * 30_000);
  const eddie = newcomer("Eddie");
  const eddieName = `${eddie.first} ${eddie.last}`;
  // The admin invites Eddie; he joins, as a member of the organization in no workspace.
  const admin = await (await browser.newContext()).newPage();
  const editor = await inviteAndJoin(admin, browser, eddie);
  await admin.context().close();

  await test.step("the owner creates Editor: member + create sub-workspaces", async () => {
    await signIn(owner, demo.owner.email);
    await owner.goto(ROLES);
    const card = owner.getByRole("region", { name: "Custom roles" });
    await card.getByRole("button", { name: "Create role" }).click();
    const dialog = owner.getByRole("dialog", { name: "Create a custom role" });
    await dialog.getByRole("textbox", { name: "Name" }).fill(EDITOR);
    await dialog.getByLabel("Base role").selectOption({ label: "Member" });
    await dialog.getByRole("checkbox", { name: "Create sub-workspaces" }).check();
    await dialog.getByRole("button", { name: "Create role" }).click();
    await expect(owner.getByText(`Created ${EDITOR}`)).toBeVisible();
  });

  await test.step("the owner gives Eddie Editor in a workspace, next to a plain member", async () => {
    await owner.goto("/workspaces");
    await createWorkspace(owner, "New workspace", STUDIO);
    await addToWorkspace(owner, STUDIO, { name: eddieName, email: eddie.email }, EDITOR);
    await addToWorkspace(owner, STUDIO, demo.member, "Member");
  });

  await test.step("Eddie creates a sub-workspace, and may remove nobody", async () => {
    await openWorkspace(editor, STUDIO);
    await expect(editor.getByText(`Your role: ${EDITOR}.`)).toBeVisible();
    const members = editor.getByRole("table", { name: `Members of ${STUDIO}` });
    await expect(members.getByRole("row", { name: new RegExp(demo.member.name) })).toBeVisible();
    await expect(members.getByRole("button", { name: /Remove/ })).toHaveCount(0);
    await expect(members.getByRole("combobox")).toHaveCount(0);
    await expect(editor.getByRole("region", { name: `Add someone to ${STUDIO}` })).toHaveCount(0);
    await createWorkspace(editor, "New sub-workspace", DRAFTS);
    await expect(editor.getByText(`Your role: ${EDITOR}, inherited from ${STUDIO}.`)).toBeVisible();
  });

  await test.step("Why can they? names the path", async () => {
    await owner.goto(`/users?q=${encodeURIComponent(eddie.email)}`);
    await owner.getByRole("link", { name: eddieName }).click();
    const why = owner.getByRole("form", { name: `Why can ${eddieName}?` });
    const answer = owner.getByRole("status").filter({ hasText: /^(Yes|No) — / });
    await why
      .getByLabel("Workspace", { exact: true })
      .selectOption({ label: `${STUDIO} / ${DRAFTS}` });
    await why
      .getByLabel("Action", { exact: true })
      .selectOption({ label: "create a sub-workspace" });
    await expect(answer).toHaveText(
      `Yes — ${EDITOR} (base: member + create sub-workspaces) of ${STUDIO}, inherited in ${STUDIO} / ${DRAFTS}.`,
    );
    await why
      .getByLabel("Action", { exact: true })
      .selectOption({ label: "add or remove someone's workspaces, set their workspace roles" });
    await expect(answer).toContainText(
      `No — ${EDITOR} (base: member + create sub-workspaces) of ${STUDIO}`,
    );
  });

  await test.step("deleting Editor gives Eddie the role the owner chooses", async () => {
    await owner.goto(ROLES);
    const row = owner
      .getByRole("region", { name: "Custom roles" })
      .getByRole("row")
      .filter({ has: owner.getByRole("rowheader", { name: new RegExp(`^${EDITOR}`) }) });
    await row.getByRole("button", { name: `Delete ${EDITOR}` }).click();
    const confirm = owner.getByRole("alertdialog", { name: `Delete ${EDITOR}?` });
    await expect(confirm).toContainText(`1 person in 1 workspace holds ${EDITOR}.`);
    await confirm.getByLabel("Give them instead").selectOption({ label: "Viewer" });
    await confirm.getByRole("button", { name: "Delete role" }).click();
    await expect(owner.getByText(`Deleted ${EDITOR}: its holders now have Viewer`)).toBeVisible();

    await openWorkspace(owner, STUDIO);
    const members = owner.getByRole("table", { name: `Members of ${STUDIO}` });
    await expect(
      owner
        .getByLabel(`Role of ${eddieName} in ${STUDIO}`, { exact: true })
        .locator("option:checked"),
    ).toHaveText("Viewer");
    await expect(members).not.toContainText(EDITOR);

    // Eddie's next request: the power went with the role.
    await openWorkspace(editor, STUDIO);
    await expect(editor.getByText("Your role: Viewer.")).toBeVisible();
    await expect(editor.getByRole("button", { name: "New sub-workspace" })).toHaveCount(0);
  });
});
