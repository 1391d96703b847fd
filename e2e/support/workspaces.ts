import { expect, type Page } from "@playwright/test";

/** Creates a workspace with the workspaces page's dialog, and waits for its page. */
export async function createWorkspace(
  page: Page,
  button: "New workspace" | "New sub-workspace",
  name: string,
) {
  await page.getByRole("button", { name: button }).click();
  const dialog = page.getByRole("dialog", { name: button });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** Finds someone with the workspace page's "add someone" search and adds them with a role. */
export async function addToWorkspace(
  page: Page,
  workspace: string,
  person: { name: string; email: string },
  role = "Member",
) {
  const add = page.getByRole("region", { name: `Add someone to ${workspace}` });
  await add.getByLabel("Find someone to add", { exact: true }).fill(person.email);
  await add.getByRole("button", { name: "Find", exact: true }).click();
  const candidate = add.getByRole("listitem", { name: person.name });
  await candidate.getByLabel(`Role for ${person.name}`).selectOption({ label: role });
  await candidate.getByRole("button", { name: `Add ${person.name}` }).click();
  // A built-in role reads in lower case in the sentence ("as member"), a custom one by its name.
  const said = ["Manager", "Member", "Viewer", "Guest"].includes(role) ? role.toLowerCase() : role;
  await expect(page.getByText(`Added ${person.name} to ${workspace} as ${said}`)).toBeVisible();
  await expect(candidate).toHaveCount(0);
}

/** Opens a workspace's page from the workspaces tree. */
export async function openWorkspace(page: Page, name: string) {
  await page.goto("/workspaces");
  await page
    .getByRole("tree", { name: "Workspaces" })
    .getByRole("treeitem", { name: new RegExp(name) })
    .click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}
