// Run by `npm run test:e2e` before anything else: the end-to-end tests need a Chromium. With
// none on the machine, Playwright's own installer is tried once; if that fails too (no network,
// no permission), the run stops here with the commands that would fix it.
import { spawnSync } from "node:child_process";
import { findChromium, INSTALL_HELP } from "../e2e/support/browser";

function found(): boolean {
  try {
    return findChromium() !== null;
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (!found()) {
  console.info(
    "No Chromium found for the end-to-end tests: trying `npx playwright install chromium`…",
  );
  const install = spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
  if (install.status !== 0 || !found()) {
    console.error(`\nStill no Chromium for the end-to-end tests. ${INSTALL_HELP}\n`);
    process.exit(1);
  }
}
