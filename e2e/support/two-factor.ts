import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";

/** A code for the next 30-second step: valid now (±1 step) and newer than any code used so far. */
export const nextCode = (secret: string) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

/**
 * Turns two-factor authentication on from /settings/account as a person would, computing the code
 * from the key the page shows. Returns the key and the ten recovery codes.
 */
export async function setUpTwoFactor(page: Page, open = true) {
  if (open) await page.goto("/settings/account");
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  const start = section.getByRole("button", { name: "Set up two-factor authentication" });
  if (open) await start.click();
  await expect(
    section.getByRole("img", { name: "QR code for your authenticator app" }),
  ).toBeVisible();
  const key = await section.getByLabel(/^Set-up key: /).textContent();
  const secret = (key ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  const confirm = section.getByRole("form", { name: "Confirm two-factor authentication" });
  const codeInput = confirm.getByLabel(/^Enter the 6-digit code from your app/);
  // A wrong code is refused on its field.
  await codeInput.fill("000000");
  await confirm.getByRole("button", { name: "Verify" }).click();
  await expect(codeInput).toHaveAttribute("aria-invalid", "true");
  await codeInput.fill(await generate({ secret }));
  await confirm.getByRole("button", { name: "Verify" }).click();
  const items = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(items).toHaveCount(10);
  const codes = await items.allTextContents();
  return { secret, codes, section };
}
