import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/people";

// "Why can they?" on Edit user, for Mona Manager of the demo data (prisma/seed.ts): manager of
// Engineering, so of Engineering / Backend by inheritance; a member of the organization.

test("Why can they? names the inherited role, and says why not for an organization-level action", async ({
  page,
}) => {
  await signIn(page, demo.admin.email);
  await page.goto(`/users?q=${encodeURIComponent(demo.manager.email)}`);
  await page.getByRole("link", { name: demo.manager.name }).click();
  await expect(page.getByRole("heading", { name: demo.manager.name })).toBeVisible();

  // Something typed into the Edit user form, not saved: asking "Why can they?" keeps it.
  const firstName = page.getByLabel("First name", { exact: true });
  await firstName.fill("Not saved yet");

  const section = page.getByRole("form", { name: `Why can ${demo.manager.name}?` });
  const answer = page.getByRole("status").filter({ hasText: /^(Yes|No) — / });
  await section
    .getByLabel("Workspace", { exact: true })
    .selectOption({ label: "Engineering / Backend" });
  await section
    .getByLabel("Action", { exact: true })
    .selectOption({ label: "approve or reject join requests" });
  await expect(answer).toHaveText(
    "Yes — Manager of Engineering, inherited in Engineering / Backend.",
  );
  await expect(page).toHaveURL(/why_action=joinRequests.decide/);
  await expect(firstName).toHaveValue("Not saved yet");

  await section
    .getByLabel("Workspace", { exact: true })
    .selectOption({ label: "The organization" });
  await section
    .getByLabel("Action", { exact: true })
    .selectOption({ label: "delete the organization" });
  await expect(answer).toHaveText(
    "No — member of the organization, Manager in Engineering (explicit); only the owner may delete the organization.",
  );
});
