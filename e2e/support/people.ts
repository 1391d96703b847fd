import { expect, type Page } from "@playwright/test";

/** The demo accounts `npm run db:seed` creates (prisma/seed.ts). */
export const DEMO_PASSWORD = "roster-demo-password";
export const demo = {
  owner: { email: "owner@acme.example", name: "Olivia Owner" },
  admin: { email: "admin@acme.example", name: "Adam Admin" },
  manager: { email: "manager@acme.example", name: "Mona Manager" },
  member: { email: "member@acme.example", name: "Max Member" },
  disabled: { email: "disabled@acme.example", name: "Dana Disabled" },
  suspended: { email: "suspended@globex.example", name: "Stan Suspended" },
  /** The owner of Globex, the second (lapsed) organization: the owner stays active there. */
  globexOwner: { email: "owner@globex.example", name: "Gloria Globex" },
} as const;

/** Signs in through the form, as a person would, and waits to land in the app. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}
