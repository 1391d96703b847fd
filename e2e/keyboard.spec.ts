import { expect, test, type Locator, type Page } from "@playwright/test";
import { newcomer } from "./support/join";
import { firstLink, waitForEmail } from "./support/mailbox";
import { DEMO_PASSWORD, demo } from "./support/people";

// The whole of an admin's day without a mouse: sign in, invite someone, the newcomer joins and
// asks to join a workspace, the owner approves the request and changes the newcomer's role from
// the row menu. Every step is Tab, Shift+Tab, the arrow keys, Enter, Space, Escape and typing —
// no click(), no fill(), no hover(). A control that can't be reached with Tab, or a dialog that
// doesn't take focus (or give it back), fails the walk.

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, { limit = 80, back = false } = {}) {
  await expect(target).toBeVisible();
  for (let presses = 0; presses <= limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(
    `${target.toString()} was not reached with ${limit} presses of ${back ? "Shift+" : ""}Tab`,
  );
}

/**
 * Presses an arrow key until `target` (a menu item) has the focus; fails after `limit` presses, or
 * when a press doesn't move the focus (the end of the menu). Radix moves the focus a task after
 * the key, so each press waits for the focus to leave the item it was on: pressing again before
 * that would be read from the old item and could skip past `target`.
 */
async function arrowTo(page: Page, target: Locator, key = "ArrowDown", limit = 10) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    const focused = await page.evaluateHandle(() => document.activeElement);
    try {
      await page.keyboard.press(key);
      await page.waitForFunction((before) => document.activeElement !== before, focused, {
        timeout: 5_000,
      });
    } finally {
      await focused.dispose();
    }
  }
  await expect(target).toBeFocused();
}

/** Tabs to a field and types into it, as a person would (the field starts empty). */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}

/** The sign-in form, by keyboard. */
async function signInByKeyboard(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await typeInto(page, form.getByLabel("Email"), email);
  await page.keyboard.press("Enter");
  // The password step takes the focus.
  await expect(form.getByLabel("Password")).toBeFocused();
  await typeInto(page, form.getByLabel("Password"), password);
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/\/sign-in/);
}

test("invite, join, ask to join, approve and change a role with the keyboard alone", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const person = newcomer("Kira");
  const name = `${person.first} ${person.last}`;

  await test.step("the owner signs in and invites someone", async () => {
    await signInByKeyboard(page, demo.owner.email, DEMO_PASSWORD);
    await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Users" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    const inviteButton = page.getByRole("button", { name: "Invite users" });
    await tabTo(page, inviteButton);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Invite users" });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator(":focus")).toHaveCount(1); // the dialog took the focus
    await typeInto(page, dialog.getByLabel("First name (person 1)"), person.first);
    await typeInto(page, dialog.getByLabel("Last name (person 1)"), person.last);
    await typeInto(page, dialog.getByLabel("Email (person 1)"), person.email);
    // A closed select takes typing: the first option that starts with what was typed.
    await tabTo(page, dialog.getByLabel("Organization role"));
    await page.keyboard.type("Member");
    await expect(dialog.getByLabel("Organization role")).toHaveValue("member");
    await tabTo(page, dialog.getByRole("button", { name: "Send invitations" }));
    await page.keyboard.press("Enter");
    await expect(dialog.getByText("Invited", { exact: true })).toBeVisible();
    await tabTo(page, dialog.getByRole("button", { name: "Done" }));
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(inviteButton).toBeFocused(); // the focus went back where it was
  });

  const theirs = await (await browser.newContext()).newPage();
  let workspace = "";

  await test.step("the newcomer joins from the email and asks to join a workspace", async () => {
    const invitation = await waitForEmail(person.email, { subjectIncludes: "invited you" });
    await theirs.goto(firstLink(invitation));
    const signUp = theirs.getByRole("form", { name: "Create your account" });
    await typeInto(theirs, signUp.getByLabel("Password"), person.password);
    await theirs.keyboard.press("Enter");
    await expect(theirs).not.toHaveURL(/\/invite\//, { timeout: 20_000 });

    await theirs.goto("/workspaces");
    const ask = theirs
      .getByRole("list", { name: "Workspaces you may ask to join" })
      .getByRole("button", { name: /^Ask to join / })
      .first();
    // Its accessible name is "Ask to join <the workspace's path>".
    workspace = ((await ask.textContent()) ?? "")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^Ask to join /, "");
    await tabTo(theirs, ask);
    await theirs.keyboard.press("Enter");
    const dialog = theirs.getByRole("dialog", { name: `Ask to join ${workspace}` });
    await expect(dialog).toBeVisible();
    await typeInto(theirs, dialog.getByLabel("Message (optional)"), "Keyboard only, please.");
    await tabTo(theirs, dialog.getByRole("button", { name: "Send request" }));
    await theirs.keyboard.press("Enter");
    await expect(theirs.getByText(`Asked to join ${workspace}.`)).toBeVisible();
  });

  await test.step("the owner approves the request", async () => {
    await page.goto("/workspaces");
    const requests = page.getByRole("region", { name: /Join requests/ });
    await tabTo(
      page,
      requests.getByRole("link", { name: `Review ${name}'s request to join ${workspace}` }),
    );
    await page.keyboard.press("Enter");
    const leaf = workspace.split(" / ").at(-1) ?? workspace;
    await expect(page.getByRole("heading", { level: 1, name: leaf })).toBeVisible();
    const request = page.getByRole("listitem", { name: `${name} asks to join` });
    await tabTo(page, request.getByLabel(`Role for ${name}`));
    await tabTo(page, request.getByRole("button", { name: `Approve ${name}` }));
    await page.keyboard.press("Enter");
    await expect(page.getByText(`${name} joined ${leaf} as`)).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  });

  await test.step("the owner makes them an admin from the row menu", async () => {
    await page.goto("/users");
    await typeInto(page, page.getByRole("searchbox", { name: /Search/ }), person.last);
    await page.keyboard.press("Enter");
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toBeVisible();
    const actions = row.getByRole("button", { name: `Actions for ${name}` });
    await tabTo(page, actions);
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem").first()).toBeFocused();
    const changeRole = menu.getByRole("menuitem", { name: "Change role" });
    await arrowTo(page, changeRole);
    await page.keyboard.press("ArrowRight");
    const admin = page.getByRole("menuitemradio", { name: "Admin" });
    await expect(page.getByRole("menuitemradio").first()).toBeFocused();
    await arrowTo(page, admin);
    await page.keyboard.press("Enter");
    await expect(page.getByText(`${name} is now an admin`)).toBeVisible();
    await expect(row.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();
  });

  await theirs.context().close();
});
