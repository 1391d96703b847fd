import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe-core (every rule it has: WCAG 2.x A and AA, and its best practices) on the page as it
 * is now, open dialogs and menus included, and fails on any serious or critical violation, naming
 * each rule and the elements it found.
 */
export async function expectAccessible(page: Page, what: string, rules?: string[]) {
  // Colors are read as they are at the end of any transition (a palette switch, a dialog fading in).
  // Only animations that end are waited for: a spinner's or a skeleton's pulse never finishes, and
  // waiting for it hung the test until its timeout whenever one was on screen (a pending list
  // update on a slow machine).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => {})),
    ),
  );
  // Only violations are reported back: axe skips serializing every passing node, the bulk of its
  // time on a long page.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ["violations"] });
  const results = await (rules ? builder.withRules(rules) : builder).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  const report = serious.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes
        .slice(0, 5)
        .map(
          (node) => `    ${node.target.join(" ")} — ${node.failureSummary?.replace(/\s+/g, " ")}`,
        )
        .join("\n"),
  );
  expect.soft(report, `${what}: serious or critical accessibility violations`).toEqual([]);
}

// The rules whose outcome depends on colors: all that can change when the palette does.
const COLOR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * expectAccessible in the light palette (every rule), then the color rules in the dark one. Every
 * demo account's appearance is "System", which follows the browser's color scheme: emulating it
 * switches the palette in place.
 */
export async function expectAccessibleInBothThemes(page: Page, what: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator("html")).not.toHaveClass(/\b(light|dark)\b/);
    await expectAccessible(
      page,
      `${what} (${colorScheme})`,
      colorScheme === "dark" ? COLOR_RULES : undefined,
    );
  }
  await page.emulateMedia({ colorScheme: null });
}
