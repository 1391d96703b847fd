import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demo } from "./support/people";
import { startServer, type RunningServer } from "./support/server-process";

// Custom workspace roles chosen and shown where workspace roles are given: a workspace's members
// (adding someone), Edit user, join-request approval and the invite modal. A server of this
// spec's own: the demo data, with three custom roles written before it starts
// (e2e/support/custom-roles-setup.ts) — Editor (member + set workspace roles), Gatekeeper
// (member + approve join requests) and Recruiter (member + see members, invite into the
// workspace); Vic Viewer the Gatekeeper of Frontend, where Nora Noworkspace has asked to join,
// and Mona Manager (manager of Engineering) the Recruiter of Sales.

let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startServer("custom-roles-assign", [
    "--seed",
    "--setup",
    "e2e/support/custom-roles-setup.ts",
    ...(process.env.TEST_DATABASE_URL ? ["--postgres"] : []),
  ]);
});

test.afterAll(async () => {
  server?.process.kill("SIGTERM");
  await server?.exited;
});

const nora = { email: "nobody@acme.example", name: "Nora Noworkspace" };
const vic = { email: "viewer@acme.example", name: "Vic Viewer" };
const mona = { email: "manager@acme.example", name: "Mona Manager" };

async function signIn(page: Page, email: string) {
  await page.goto(`${server.base}/sign-in`);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

async function openWorkspace(page: Page, name: string) {
  await page.goto(`${server.base}/workspaces`);
  await page
    .getByRole("tree", { name: "Workspaces" })
    .getByRole("treeitem", { name: new RegExp(`^${name}\\b`) })
    .click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** The option a select shows as chosen. */
const chosen = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).locator("option:checked");

test("the owner adds someone to a workspace with a custom role, shown by its name there and on Edit user", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, demo.owner.email);
  await openWorkspace(page, "Backend");
  const add = page.getByRole("region", { name: "Add someone to Backend" });
  await add.getByLabel("Find someone to add", { exact: true }).fill(nora.email);
  await add.getByRole("button", { name: "Find", exact: true }).click();
  const candidate = add.getByRole("listitem", { name: nora.name });
  const role = candidate.getByLabel(`Role for ${nora.name}`);
  // The organization's own roles come in a group of their own, after the built-in ones.
  await expect(role.locator("optgroup")).toHaveText([
    "ManagerMemberViewerGuest",
    "EditorGatekeeperRecruiter",
  ]);
  await role.selectOption({ label: "Editor" });
  await expect(candidate.getByText("Editor: member + set workspace roles")).toBeVisible();
  await candidate.getByRole("button", { name: `Add ${nora.name}` }).click();
  await expect(page.getByText(`Added ${nora.name} to Backend as Editor`)).toBeVisible();
  await expect(chosen(page, `Role of ${nora.name} in Backend`)).toHaveText("Editor");

  // Edit user: her own role in Backend, and what she inherits from it below.
  await page.goto(`${server.base}/users?q=${encodeURIComponent(nora.email)}`);
  await page.getByRole("link", { name: nora.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: nora.name })).toBeVisible();
  await expect(chosen(page, "Role in Engineering / Backend")).toHaveText("Editor");
  await expect(page.getByText("Editor, inherited from Backend").first()).toBeVisible();
  // Changing it there to a built-in role.
  await page
    .getByLabel("Role in Engineering / Backend", { exact: true })
    .selectOption({ label: "Viewer" });
  await expect(page.getByText(`${nora.name} is now viewer of Engineering / Backend`)).toBeVisible();
  await expect(chosen(page, "Role in Engineering / Backend")).toHaveText("Viewer");
});

test("a Gatekeeper approves a join request with a role within their own, and does nothing else", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, vic.email);
  await openWorkspace(page, "Frontend");
  await expect(page.getByText("Your role: Gatekeeper.")).toBeVisible();
  const requests = page.getByRole("region", { name: "Join requests" });
  const request = requests.getByRole("listitem", { name: `${nora.name} asks to join` });
  const role = request.getByLabel(`Role for ${nora.name}`);
  // Nothing above their own role, nothing with a permission they lack (Editor, Manager).
  await expect(role.locator("option")).toHaveText(["Member", "Viewer", "Guest", "Gatekeeper"]);
  await role.selectOption({ label: "Gatekeeper" });
  await request.getByRole("button", { name: `Approve ${nora.name}` }).click();
  await expect(page.getByText(`${nora.name} joined Frontend as Gatekeeper`)).toBeVisible();
  await expect(requests.getByText("No pending requests.")).toBeVisible();
  // They may neither add people here nor change anyone's role.
  await expect(page.getByRole("region", { name: "Add someone to Frontend" })).toHaveCount(0);
  const members = page.getByRole("table", { name: "Members of Frontend" });
  await expect(members.getByRole("row", { name: new RegExp(nora.name) })).toContainText(
    "Gatekeeper",
  );
  await expect(members.getByRole("combobox")).toHaveCount(0);
});

test("an invitation's workspace rows offer the roles one may give in the workspace chosen", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const id = Math.random().toString(36).slice(2, 8);
  await signIn(page, mona.email);
  await page.goto(`${server.base}/users`);
  await page.getByRole("button", { name: "Invite users" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite users" });
  const workspace = dialog.getByLabel("Workspace 1", { exact: true });
  const role = dialog.getByLabel("Role in workspace 1", { exact: true });
  // A role she may give in both workspaces stays when the workspace changes.
  await workspace.selectOption({ label: "Engineering" });
  await role.selectOption({ label: "Viewer" });
  await workspace.selectOption({ label: "Sales" });
  await expect(role.locator("option:checked")).toHaveText("Viewer");
  // As Sales's Recruiter she gives no role above member there, nor one with a permission she
  // lacks there: a Manager chosen in Engineering becomes a Member in Sales (and is sent so).
  await workspace.selectOption({ label: "Engineering" });
  await role.selectOption({ label: "Manager" });
  await workspace.selectOption({ label: "Sales" });
  await expect(role.locator("option")).toHaveText(["Member", "Viewer", "Guest", "Recruiter"]);
  await expect(role.locator("option:checked")).toHaveText("Member");

  await dialog.getByLabel("First name (person 1)").fill("Rita");
  await dialog.getByLabel("Last name (person 1)").fill(`Recruited${id}`);
  await dialog.getByLabel("Email (person 1)").fill(`rita.${id}@newco.example`);
  await dialog.getByRole("button", { name: "Send invitations" }).click();
  await expect(
    dialog.getByRole("list", { name: "Invitation results" }).getByText("Invited", { exact: true }),
  ).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();

  // The invitation holds exactly that: Sales, as member.
  await page.goto(`${server.base}/users?q=${id}`);
  await page.getByRole("link", { name: `Rita Recruited${id}` }).click();
  await expect(chosen(page, "Workspace 1")).toHaveText("Sales");
  await expect(chosen(page, "Role in workspace 1")).toHaveText("Member");
});
