import fs from "node:fs";
import { chromium } from "@playwright/test";

export const INSTALL_HELP =
  "Install one (Debian/Ubuntu: `sudo apt-get install chromium`; elsewhere: " +
  "`npx playwright install chromium`) or set CHROMIUM_PATH to a Chromium binary.";

/** A Chromium binary's path, or Playwright's own browser. */
export type Chromium = { path: string } | "playwright";

/**
 * Which Chromium to drive: CHROMIUM_PATH, else Debian's Chromium, else a browser Playwright itself
 * installed; null when there is none.
 */
export function findChromium(): Chromium | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
    return { path: fromEnv };
  }
  for (const candidate of [
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ]) {
    if (fs.existsSync(candidate)) return { path: candidate };
  }
  let bundled = "";
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = "";
  }
  return bundled && fs.existsSync(bundled) ? "playwright" : null;
}

/** The executablePath for Playwright's launch options (undefined: Playwright's own browser). */
export function chromiumExecutable(): string | undefined {
  const found = findChromium();
  if (found === null)
    throw new Error(`No Chromium found for the end-to-end tests. ${INSTALL_HELP}`);
  return found === "playwright" ? undefined : found.path;
}
