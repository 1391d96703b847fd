import fs from "node:fs";
import { chromium } from "@playwright/test";

/**
 * Which Chromium to drive, without ever downloading one: CHROMIUM_PATH, else Debian's Chromium,
 * else a browser Playwright itself installed. With none, a clear message says what to install.
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
    return fromEnv;
  }
  for (const candidate of [
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  let bundled = "";
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = "";
  }
  if (bundled && fs.existsSync(bundled)) return undefined;
  throw new Error(
    "No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `apt-get install chromium`; " +
      "elsewhere: `npx playwright install chromium`) or set CHROMIUM_PATH to a Chromium binary.",
  );
}
