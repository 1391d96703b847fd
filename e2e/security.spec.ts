import { expect, test } from "@playwright/test";
import { demo, DEMO_PASSWORD } from "./support/people";

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

// Callback URLs that would take a browser to another site (or run a script) if followed as given.
const OFF_SITE_CALLBACKS = [
  "/\t/evil.example", // ?callbackUrl=%2F%09%2Fevil.example
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\\evil.example", // %5C
  "\\\\evil.example",
  "//evil.example",
  "/%2F/evil.example",
  "/.//evil.example",
  "https://evil.example",
  "javascript:alert(document.domain)",
];

test("after signing in, a callback URL never leads off the app", async ({ page, baseURL }) => {
  // Ten probes, each a request and a full navigation through two redirects.
  test.slow();
  const origin = new URL(baseURL!).origin;
  // Should a redirect leave the app, answer it here instead of reaching the network.
  await page.context().route(
    (url) => url.origin !== origin,
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Off site</h1>" }),
  );
  const signInWith = (callbackUrl: string) =>
    `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  // Signing in through the form with a forged callback URL lands on the app.
  await page.goto(signInWith(OFF_SITE_CALLBACKS[0]!));
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(demo.owner.email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  expect(new URL(page.url()).origin).toBe(origin);

  // Already signed in, /sign-in redirects at once: to the callback URL only when it is the app's.
  for (const probe of OFF_SITE_CALLBACKS) {
    const response = await page.request.get(signInWith(probe), { maxRedirects: 0 });
    const location = response.headers()["location"];
    expect(location, probe).toBeDefined();
    expect(new URL(location!, baseURL).origin, `${probe} → ${location}`).toBe(origin);

    // "/" redirects on to the home page, which can interrupt the first navigation: wait for
    // the browser to settle wherever it ends up.
    await page.goto(signInWith(probe), { waitUntil: "commit" }).catch((error: unknown) => {
      if (!/ERR_ABORTED|interrupted by another navigation/.test(String(error))) throw error;
    });
    await expect(page).not.toHaveURL(/\/sign-in/);
    await page.waitForLoadState();
    await expect(page.getByRole("heading", { name: "Off site" })).toHaveCount(0);
    expect(new URL(page.url()).origin, probe).toBe(origin);
  }

  // A path on the app is followed. (Settle first: a redirect of the last probe still under way
  // can abort this visit, so it is retried until it lands.)
  await expect(async () => {
    await page.goto("/users");
    await expect(page).toHaveURL(/\/users$/, { timeout: 1_000 });
  }).toPass();
  await page.goto(signInWith("/workspaces"), { waitUntil: "commit" }).catch((error: unknown) => {
    if (!/ERR_ABORTED|interrupted by another navigation/.test(String(error))) throw error;
  });
  await expect(page).toHaveURL(/\/workspaces$/);
});
