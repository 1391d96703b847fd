import { expect, test } from "@playwright/test";

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["content-security-policy"]).toMatch(
    /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
  );
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // Over plain HTTP there is no HSTS; behind TLS (X-Forwarded-Proto: https) there is.
  expect(headers["strict-transport-security"]).toBeUndefined();
  const overTls = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(overTls.headers()["strict-transport-security"]).toContain("max-age=");
});

test("server actions refuse cross-origin calls before running anything", async ({
  request,
  baseURL,
}) => {
  const call = (origin: string) =>
    request.post("/sign-in", {
      headers: { "Next-Action": "0".repeat(42), Origin: origin, "Content-Type": "text/plain" },
      data: "[]",
    });
  const foreign = await call("https://evil.example");
  const same = await call(baseURL!);
  // Same origin reaches the action lookup (and fails on the made-up id); a foreign one never does.
  expect(same.status()).toBeGreaterThanOrEqual(400);
  expect(same.status()).not.toBe(500);
  expect(foreign.status()).toBe(500);
  expect(await foreign.text()).not.toContain("Server Reference");
});

test("a signed-out visitor gets no data from protected pages", async ({ request }) => {
  const response = await request.get("/users", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/sign-in\?callbackUrl=%2Fusers$/);
});

test("the app's icons are served to a signed-out visitor, as the layout links them", async ({
  page,
  request,
}) => {
  await page.goto("/sign-in");
  const icons = page.locator('link[rel="icon"], link[rel="apple-touch-icon"]');
  const hrefs = await icons.evaluateAll((links) =>
    links.map((link) => (link as HTMLLinkElement).getAttribute("href") ?? ""),
  );
  expect(hrefs).toEqual(
    expect.arrayContaining(["/favicon.ico", "/icon.svg", "/apple-touch-icon.png"]),
  );
  for (const href of new Set(hrefs.map((h) => h.split("?")[0]!))) {
    const response = await request.get(href, { maxRedirects: 0 });
    expect(response.status(), href).toBe(200);
    expect(response.headers()["content-type"], href).toMatch(/^image\//);
  }
});
