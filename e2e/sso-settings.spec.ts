import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { startTestProvider, type TestProvider } from "../lib/testing/oidc-provider";
import { demo, signIn } from "./support/people";

// The owner sets up single sign-on in /settings/organization against a real OpenID Connect
// provider (oidc-provider on a loopback port, started here): a wrong issuer is refused on the
// issuer's field, the connection saves once discovery works, the secret is replaced, SSO is turned
// on; the admin sees it all read-only. The domain is one nobody in the demo data has, so the other
// specs' sign-ins are untouched; the connection is removed at the end.

test.describe.configure({ mode: "serial" });

const CLIENT_ID = "roster-e2e-settings";
const SECRET = "the-provider-s-secret-0123456789";
const DOMAIN = `sso-settings-${Math.random().toString(36).slice(2, 7)}.example`;

let provider: TestProvider;

test.beforeAll(async ({ baseURL }) => {
  provider = await startTestProvider({
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        redirectUris: [`${baseURL}/api/sso/callback`],
      },
    ],
    users: [{ login: "olivia", email: `olivia@${DOMAIN}`, given_name: "Olivia" }],
  });
});

test.afterAll(async () => {
  await provider?.close();
});

/** A loopback address nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const section = (page: Page) => page.getByRole("region", { name: "Single sign-on", exact: true });

/** Removes Acme's connection when an earlier run left one (the owner on the settings page). */
async function removeIfSetUp(page: Page) {
  const remove = section(page).getByRole("button", { name: "Remove single sign-on" });
  if ((await remove.count()) === 0) return;
  await remove.click();
  await page
    .getByRole("alertdialog", { name: "Remove single sign-on?" })
    .getByRole("button", { name: "Remove single sign-on" })
    .click();
  await expect(section(page).getByText("Not set up")).toBeVisible();
}

test("the owner sets up single sign-on; the admin sees it read-only", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signIn(page, demo.owner.email);
  await page.goto("/settings/organization");
  await removeIfSetUp(page);
  const sso = section(page);
  await expect(sso.getByText("Not set up")).toBeVisible();
  await expect(sso.getByLabel("Redirect URI")).toHaveValue(`${baseURL}/api/sso/callback`);

  // A wrong issuer: nothing answers there. The message lands on the field.
  const form = sso.getByRole("form", { name: "Single sign-on connection" });
  await form.getByLabel("Issuer URL").fill(await closedPort());
  await form.getByLabel("Client ID").fill(CLIENT_ID);
  await form.getByLabel("Client secret").fill("a-first-secret-that-is-wrong");
  await form.getByLabel("Email domains").fill(DOMAIN);
  await form.getByRole("button", { name: "Save connection" }).click();
  await expect(form.getByLabel("Issuer URL")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/didn't answer with a discovery document/)).toBeVisible();
  await expect(sso.getByText("Not set up")).toBeVisible();

  // The real provider: discovery passes, the connection is saved (off).
  await form.getByLabel("Issuer URL").fill(provider.issuer);
  await form.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText("Single sign-on set up")).toBeVisible();
  await expect(sso.getByText("Off", { exact: true })).toBeVisible();
  await expect(form.getByLabel("Client secret")).toHaveValue("");
  await expect(form.getByText("Stored — enter a new one to replace it.")).toBeVisible();
  await expect(form.getByLabel("Issuer URL")).toHaveValue(provider.issuer);
  await expect(form.getByLabel("Email domains")).toHaveValue(DOMAIN);

  // The secret is replaced (never shown: the field stays empty after saving).
  await form.getByLabel("Client secret").fill(SECRET);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Single sign-on saved")).toBeVisible();
  await expect(form.getByLabel("Client secret")).toHaveValue("");
  await expect(page.locator("body")).not.toContainText(SECRET);

  // Enforcing waits for SSO to be on; then it is turned on.
  const enforce = sso.getByLabel("Enforce single sign-on");
  await expect(enforce).toBeDisabled();
  await sso.getByRole("button", { name: "Turn on single sign-on" }).click();
  await expect(sso.getByText("On", { exact: true })).toBeVisible();
  await expect(enforce).toBeEnabled();
  await expect(sso.getByRole("button", { name: "Turn off single sign-on" })).toBeVisible();

  // The admin: the same settings, every control disabled, nothing to press.
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, demo.admin.email);
  await adminPage.goto("/settings/organization");
  const asAdmin = section(adminPage);
  await expect(asAdmin.getByText("On", { exact: true })).toBeVisible();
  await expect(asAdmin.getByLabel("Issuer URL")).toHaveValue(provider.issuer);
  await expect(asAdmin.getByLabel("Issuer URL")).toBeDisabled();
  await expect(asAdmin.getByLabel("Client secret")).toBeDisabled();
  await expect(asAdmin.getByLabel("Enforce single sign-on")).toBeDisabled();
  for (const name of [
    "Save changes",
    "Turn off single sign-on",
    "Test connection",
    "Remove single sign-on",
  ]) {
    await expect(asAdmin.getByRole("button", { name })).toHaveCount(0);
  }
  await adminPage.context().close();

  // The audit log has each step, never the secret.
  await page.goto("/settings/organization/audit-log");
  for (const label of [
    "Single sign-on configured",
    "Single sign-on client secret replaced",
    "Single sign-on turned on",
  ]) {
    await expect(page.getByRole("cell", { name: label }).first()).toBeVisible();
  }

  // Removed, after confirming: back to not set up.
  await page.goto("/settings/organization");
  await sso.getByRole("button", { name: "Remove single sign-on" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove single sign-on?" });
  await expect(dialog).toContainText(provider.issuer);
  await expect(dialog).toContainText(DOMAIN);
  await dialog.getByRole("button", { name: "Remove single sign-on" }).click();
  await expect(page.getByText("Single sign-on removed")).toBeVisible();
  await expect(sso.getByText("Not set up")).toBeVisible();
});

test("Test connection: a real sign-in at the provider in a pop-up, its claims reported", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, demo.owner.email);
  await page.goto("/settings/organization");
  await removeIfSetUp(page);
  const sso = section(page);
  const form = sso.getByRole("form", { name: "Single sign-on connection" });
  await form.getByLabel("Issuer URL").fill(provider.issuer);
  await form.getByLabel("Client ID").fill(CLIENT_ID);
  await form.getByLabel("Client secret").fill(SECRET);
  await form.getByLabel("Email domains").fill(DOMAIN);
  await form.getByRole("button", { name: "Save connection" }).click();
  await expect(sso.getByText("Off", { exact: true })).toBeVisible();

  // Tested while still off: the provider's form in the pop-up, then the claims back here.
  const popupOpened = page.waitForEvent("popup");
  await sso.getByRole("button", { name: "Test connection" }).click();
  const popup = await popupOpened;
  await popup.getByPlaceholder("Enter any login").fill("olivia");
  await popup.getByPlaceholder("and password").fill("any password");
  await popup.getByRole("button", { name: "Sign-in" }).click();
  await expect(sso.getByText(/Connection works — received: .*email/)).toBeVisible();
  await expect(sso.getByText(/Last tested .*: it worked\./)).toBeVisible();
  await popup.close();

  await sso.getByRole("button", { name: "Remove single sign-on" }).click();
  await page
    .getByRole("alertdialog", { name: "Remove single sign-on?" })
    .getByRole("button", { name: "Remove single sign-on" })
    .click();
  await expect(sso.getByText("Not set up")).toBeVisible();
});
