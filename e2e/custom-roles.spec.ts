import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { demo, signIn } from "./support/people";

// Custom workspace roles on the Roles & permissions page: the owner creates one (a base role plus
// workspace permissions), sees it in the Custom roles table and as a column of the reference,
// edits it, and deletes it.

const PATH = "/settings/organization/roles";
// Unique per run, so a rerun on the same demo data or another spec's roles never clash with it.
const NAME = `Editor ${Math.random().toString(36).slice(2, 6)}`;

function customRoles(page: Page) {
  return page.getByRole("region", { name: "Custom roles" });
}

/** The reference's cell for a permission row under a role's column. */
async function referenceCell(page: Page, permission: string, role: string) {
  const table = page.getByRole("table", {
    name: "What each workspace role allows in its workspace and the ones below it",
  });
  const columns = await table.getByRole("columnheader").allTextContents();
  const column = columns.indexOf(role);
  expect(column, `a "${role}" column`).toBeGreaterThan(0);
  const row = table.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: permission, exact: true }),
  });
  return row.getByRole("cell").nth(column - 1);
}

test("the owner creates a custom role, sees it, edits it and deletes it", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, demo.owner.email);
  await page.goto(PATH);
  const card = customRoles(page);
  const create = card.getByRole("button", { name: "Create role" });
  await create.click();

  const dialog = page.getByRole("dialog", { name: "Create a custom role" });
  await expect(dialog.getByRole("textbox", { name: "Name" })).toBeFocused();
  await dialog.getByRole("textbox", { name: "Name" }).fill(NAME);
  await dialog.getByLabel("Description").fill("Writes, and files it in sub-workspaces.");
  const baseRole = dialog.getByLabel("Base role");
  await expect(baseRole).toHaveValue("member");
  const createSub = dialog.getByRole("checkbox", { name: "Create sub-workspaces" });
  // A manager already holds every permission: they show as included, and can't be added.
  await baseRole.selectOption({ label: "Manager" });
  await expect(createSub).toBeChecked();
  await expect(createSub).toBeDisabled();
  await baseRole.selectOption({ label: "Member" });
  await expect(createSub).not.toBeChecked();
  await createSub.check();
  await expectAccessible(page, "the Create role dialog");
  await dialog.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByText(`Created ${NAME}`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();

  const row = card.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: new RegExp(`^${NAME}`) }),
  });
  await expect(row.getByRole("cell")).toHaveText([
    "Member",
    "Create sub-workspaces",
    "Nobody",
    "EditDelete",
  ]);

  // The reference has a column for it, computed from what the server allows its holders.
  await expect(await referenceCell(page, "create a sub-workspace", NAME)).toHaveText("Allowed");
  await expect(await referenceCell(page, "rename a workspace", NAME)).toHaveText("Not allowed");
  await expect(await referenceCell(page, "see the workspace and its members", NAME)).toHaveText(
    "Allowed",
  );
  await expect(await referenceCell(page, "rename a workspace", "Manager")).toHaveText("Allowed");

  // Edit: add Rename.
  await row.getByRole("button", { name: `Edit ${NAME}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${NAME}` });
  await expect(edit.getByRole("button", { name: "Save changes" })).toBeDisabled();
  await edit.getByRole("checkbox", { name: "Rename" }).check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved ${NAME}`)).toBeVisible();
  await expect(edit).toBeHidden();
  await expect(row.getByRole("cell").nth(1)).toHaveText("Create sub-workspaces, Rename");
  await expect(await referenceCell(page, "rename a workspace", NAME)).toHaveText("Allowed");

  // Delete: nobody holds it, so the confirmation just says so.
  await row.getByRole("button", { name: `Delete ${NAME}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete ${NAME}?` });
  await expect(confirm).toContainText(`Nobody holds ${NAME}, and no pending invitation gives it.`);
  await expect(confirm.getByLabel("Give them instead")).toHaveCount(0);
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete role" }).click();
  await expect(page.getByText(`Deleted ${NAME}`)).toBeVisible();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(create).toBeFocused();
  const columns = page
    .getByRole("table", {
      name: "What each workspace role allows in its workspace and the ones below it",
    })
    .getByRole("columnheader");
  await expect(columns.filter({ hasText: NAME })).toHaveCount(0);
});

test("a built-in role's name is refused on the field, and Escape closes the dialog", async ({
  page,
}) => {
  await signIn(page, demo.admin.email);
  await page.goto(PATH);
  const create = customRoles(page).getByRole("button", { name: "Create role" });
  await create.click();
  const dialog = page.getByRole("dialog", { name: "Create a custom role" });
  await dialog.getByRole("textbox", { name: "Name" }).fill("viewer");
  await dialog.getByRole("button", { name: "Create role" }).click();
  await expect(
    dialog.getByText("That is the name of a built-in role: choose another"),
  ).toBeVisible();
  await expect(dialog.getByRole("textbox", { name: "Name" })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();
});
