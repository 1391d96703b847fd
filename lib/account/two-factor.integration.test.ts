import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { getCaller } from "@/lib/auth/caller";
import {
  consumeRecoveryCode,
  hashRecoveryCode,
  normalizeRecoveryCode,
  openTotpSecret,
} from "@/lib/auth/two-factor";
import {
  acmeWorld,
  expectRefused as refused,
  INACTIVE,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { TEST_PASSWORD } from "@/lib/testing/fixtures";
import {
  disableTwoFactorAction,
  enableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTwoFactorSetupAction,
} from "./two-factor-actions";
import { twoFactorPageFor } from "./two-factor-page";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

type Who = keyof AcmeWorld["users"];
/** Everyone who may change their own account: owners, admins, managers, members, elsewhere too. */
const ACTIVE = ["owner", "admin", "manager", "member", "otherOwner"] as const;
const NOT_ALLOWED = [
  ["disabledAdmin", INACTIVE],
  ["signedOut", SESSION],
] as const;

const ALREADY_ON = "Two-factor authentication is already on for your account.";
const ALREADY_OFF = "Two-factor authentication is already off for your account — reload the page.";
const SETUP_EXPIRED =
  "This set-up is no longer current (it was started again, perhaps in another tab). Start it again.";
const WRONG_PASSWORD = "That password isn't right.";
const WRONG_TOTP = "That code didn't work. Enter the newest code from your app.";
const WRONG_CODE =
  "That code didn't work. Enter the newest code from your app, or a recovery code you haven't used.";
const INVALID = "Please correct the highlighted fields.";

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The app's code now, or `steps` time steps from now. */
const codeFor = (secret: string, steps = 0) =>
  generate({ secret, epoch: nowSeconds() + steps * 30 });
/** Six digits that are no code of this secret's within the accepted window. */
async function wrongCode(secret: string) {
  const valid = new Set(await Promise.all([-1, 0, 1, 2].map((s) => codeFor(secret, s))));
  for (let n = 123456; ; n++) if (!valid.has(String(n))) return String(n);
}

const codeAttemptBuckets = () =>
  t.db.rateLimitBucket.count({ where: { key: { startsWith: "two-factor-code:" } } });

function twoFactorOf(userId: string) {
  return t.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      totpSecret: true,
      totpEnabledAt: true,
      totpLastUsedStep: true,
      recoveryCodeHashes: true,
    },
  });
}

/** The organizations each person of the world belongs to (their events go to each). */
function organizationsOf(w: AcmeWorld, who: Who) {
  if (who === "admin2") return [w.org, w.globexOrg].sort();
  if (who === "otherOwner" || who === "outsider") return [w.globexOrg];
  return [w.org];
}

async function eventsOf(action: string) {
  return t.db.auditEvent.findMany({
    where: { action },
    orderBy: { organizationId: "asc" },
    select: { organizationId: true, actorId: true, targetId: true, metadata: true },
  });
}

/** Signs in as `who` and starts set-up; returns the secret as the app reads it (no spaces). */
async function startAs(w: AcmeWorld, who: Who) {
  await signInAs(t.db, w, who);
  const result = await startTwoFactorSetupAction({});
  if (!result.ok) throw new Error(result.error);
  return result.secret.replace(/\s/g, "");
}

/** Sets up and turns on 2FA for `who`: their secret, recovery codes and the code used. */
async function enableAs(w: AcmeWorld, who: Who) {
  const secret = await startAs(w, who);
  const code = await codeFor(secret);
  const result = await enableTwoFactorAction({ code });
  if (!result.ok) throw new Error(result.error);
  return { secret, code, recoveryCodes: result.recoveryCodes };
}

describe("start set-up", () => {
  it.each(ACTIVE)(
    "%s: a sealed secret waits in the account; the key and its QR code come back; recorded",
    async (who) => {
      const w = await acmeWorld(t.db);
      await signInAs(t.db, w, who);
      const result = await startTwoFactorSetupAction({});
      expect(result).toEqual({
        ok: true,
        secret: expect.stringMatching(/^([A-Z2-7]{4} )+[A-Z2-7]{4}$/),
        qrCode: expect.stringMatching(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/),
      });
      if (!result.ok) return;
      const secret = result.secret.replace(/\s/g, "");
      const svg = Buffer.from(result.qrCode.split(",")[1]!, "base64").toString();
      expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const stored = await twoFactorOf(w.users[who].id);
      expect(stored).toEqual({
        totpSecret: expect.stringMatching(/^v1\./),
        totpEnabledAt: null,
        totpLastUsedStep: null,
        recoveryCodeHashes: [],
      });
      // Stored sealed, never as it is shown.
      expect(stored.totpSecret).not.toContain(secret);
      expect(openTotpSecret(stored.totpSecret)).toBe(secret);
      const events = await eventsOf("account.two_factor_setup_started");
      expect(events.map((e) => e.organizationId).sort()).toEqual(organizationsOf(w, who));
      expect(events.every((e) => e.actorId === w.users[who].id)).toBe(true);
    },
  );

  it("starting again replaces an unfinished set-up: the first secret's codes no longer turn it on", async () => {
    const w = await acmeWorld(t.db);
    const first = await startAs(w, "member");
    const second = await startAs(w, "member");
    expect(second).not.toBe(first);
    const stored = await twoFactorOf(w.users.member.id);
    expect(openTotpSecret(stored.totpSecret)).toBe(second);
    const oldCode = await codeFor(first);
    if (!(await Promise.all([-1, 0, 1].map((s) => codeFor(second, s)))).includes(oldCode)) {
      await expectRefused(() => enableTwoFactorAction({ code: oldCode }), WRONG_TOTP, {
        code: [WRONG_TOTP],
      });
    }
    expect(await enableTwoFactorAction({ code: await codeFor(second) })).toMatchObject({
      ok: true,
    });
  });

  it("refused once two-factor authentication is on; nothing changes", async () => {
    const w = await acmeWorld(t.db);
    await enableAs(w, "admin");
    await expectRefused(() => startTwoFactorSetupAction({}), ALREADY_ON);
  });

  it.each(NOT_ALLOWED)("%s is refused, and nothing changes", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => startTwoFactorSetupAction({}), error);
  });
});

describe("turn on", () => {
  it.each(ACTIVE)(
    "%s: a wrong code changes nothing; the right one turns it on with ten recovery codes, stored hashed",
    async (who) => {
      const w = await acmeWorld(t.db);
      const secret = await startAs(w, who);
      const wrong = await wrongCode(secret);
      await expectRefused(() => enableTwoFactorAction({ code: wrong }), WRONG_TOTP, {
        code: [WRONG_TOTP],
      });

      const before = Math.floor(nowSeconds() / 30);
      const result = await enableTwoFactorAction({ code: await codeFor(secret) });
      expect(result).toEqual({
        ok: true,
        recoveryCodes: expect.arrayContaining([expect.stringMatching(/^[a-z2-9]{5}-[a-z2-9]{5}$/)]),
      });
      if (!result.ok) return;
      const codes = result.recoveryCodes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);

      const stored = await twoFactorOf(w.users[who].id);
      expect(stored.totpEnabledAt).toBeInstanceOf(Date);
      expect(openTotpSecret(stored.totpSecret)).toBe(secret);
      expect(stored.totpLastUsedStep).toBeGreaterThanOrEqual(before - 1);
      expect(stored.totpLastUsedStep).toBeLessThanOrEqual(Math.floor(nowSeconds() / 30) + 1);
      // Hashes only: neither the codes as shown nor as typed without the hyphen.
      expect(stored.recoveryCodeHashes).toEqual(codes.map(hashRecoveryCode));
      for (const code of codes) {
        expect(stored.recoveryCodeHashes).not.toContain(code);
        expect(stored.recoveryCodeHashes).not.toContain(normalizeRecoveryCode(code));
      }
      // The wrong attempt's count is cleared by the right code.
      expect(await codeAttemptBuckets()).toBe(0);

      const events = await eventsOf("account.two_factor_enabled");
      expect(events.map((e) => e.organizationId).sort()).toEqual(organizationsOf(w, who));
      expect(events[0]).toMatchObject({
        actorId: w.users[who].id,
        targetId: w.users[who].id,
        metadata: { recoveryCodes: 10 },
      });
    },
  );

  it("codes are read with spaces; malformed ones are refused on the field", async () => {
    const w = await acmeWorld(t.db);
    const secret = await startAs(w, "member");
    await expectRefused(() => enableTwoFactorAction({ code: "12ab56" }), INVALID, {
      code: ["Enter the 6 digits your app shows"],
    });
    await expectRefused(() => enableTwoFactorAction({ code: " " }), INVALID, {
      code: ["Enter the 6-digit code from your app"],
    });
    const code = await codeFor(secret);
    expect(
      await enableTwoFactorAction({ code: `${code.slice(0, 3)} ${code.slice(3)}` }),
    ).toMatchObject({ ok: true });
  });

  it("without a set-up started, or once on, it is refused and nothing changes", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(() => enableTwoFactorAction({ code: "123456" }), SETUP_EXPIRED);
    const { secret } = await enableAs(w, "owner");
    await expectRefused(
      async () => enableTwoFactorAction({ code: await codeFor(secret, 1) }),
      ALREADY_ON,
    );
  });

  it("code guesses are limited per account: past ten, even the right code is refused", async () => {
    const w = await acmeWorld(t.db);
    const secret = await startAs(w, "member");
    const wrong = await wrongCode(secret);
    for (let i = 0; i < 10; i++) {
      expect(await enableTwoFactorAction({ code: wrong })).toMatchObject({ ok: false });
    }
    await expectRefused(
      async () => enableTwoFactorAction({ code: await codeFor(secret) }),
      "Too many wrong codes. Try again in 15 minutes.",
    );
    // Another account has its own count.
    const adminSecret = await startAs(w, "admin");
    expect(await enableTwoFactorAction({ code: await codeFor(adminSecret) })).toMatchObject({
      ok: true,
    });
  });

  it("an admin whose organization requires two-factor authentication can still set it up", async () => {
    const w = await acmeWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { requireTwoFactorAdmins: true },
    });
    const secret = await startAs(w, "admin");
    expect(await enableTwoFactorAction({ code: await codeFor(secret) })).toMatchObject({
      ok: true,
    });
  });

  it.each(NOT_ALLOWED)("%s is refused, and nothing changes", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => enableTwoFactorAction({ code: "123456" }), error);
  });
});

describe("regenerate recovery codes", () => {
  it.each(ACTIVE)(
    "%s, with the password: ten new codes, the old ones stop working",
    async (who) => {
      const w = await acmeWorld(t.db);
      const { recoveryCodes: old } = await enableAs(w, who);
      const result = await regenerateRecoveryCodesAction({ password: TEST_PASSWORD });
      expect(result).toEqual({ ok: true, recoveryCodes: expect.any(Array) });
      if (!result.ok) return;
      const fresh = result.recoveryCodes;
      expect(fresh).toHaveLength(10);
      expect(fresh.filter((code) => old.includes(code))).toEqual([]);
      const stored = await twoFactorOf(w.users[who].id);
      expect(stored.recoveryCodeHashes).toEqual(fresh.map(hashRecoveryCode));
      expect(stored.totpEnabledAt).toBeInstanceOf(Date);

      const events = await eventsOf("account.recovery_codes_regenerated");
      expect(events.map((e) => e.organizationId).sort()).toEqual(organizationsOf(w, who));
      expect(events[0]?.metadata).toEqual({ recoveryCodes: 10, unusedBefore: 10 });

      // An old code no longer turns 2FA off; a new one does.
      await expectRefused(
        () => disableTwoFactorAction({ password: TEST_PASSWORD, code: old[0]! }),
        WRONG_CODE,
        { code: [WRONG_CODE] },
      );
      expect(await disableTwoFactorAction({ password: TEST_PASSWORD, code: fresh[0]! })).toEqual({
        ok: true,
      });
    },
  );

  it("a wrong password is refused on its field, and nothing changes", async () => {
    const w = await acmeWorld(t.db);
    await enableAs(w, "owner");
    await expectRefused(
      () => regenerateRecoveryCodesAction({ password: "not my password" }),
      WRONG_PASSWORD,
      { password: [WRONG_PASSWORD] },
    );
    await expectRefused(() => regenerateRecoveryCodesAction({ password: "" }), INVALID, {
      password: ["Enter your password"],
    });
  });

  it("wrong passwords are limited per account, shared with the other password checks", async () => {
    const w = await acmeWorld(t.db);
    await enableAs(w, "owner");
    for (let i = 0; i < 10; i++) {
      expect(await regenerateRecoveryCodesAction({ password: "wrong" })).toMatchObject({
        ok: false,
      });
    }
    await expectRefused(
      () => regenerateRecoveryCodesAction({ password: TEST_PASSWORD }),
      "Too many wrong passwords. Try again in 15 minutes.",
    );
  });

  it("without two-factor authentication on, there is nothing to regenerate", async () => {
    const w = await acmeWorld(t.db);
    await startAs(w, "member");
    await expectRefused(
      () => regenerateRecoveryCodesAction({ password: TEST_PASSWORD }),
      ALREADY_OFF,
    );
  });

  it.each(NOT_ALLOWED)("%s is refused, and nothing changes", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => regenerateRecoveryCodesAction({ password: TEST_PASSWORD }), error);
  });
});

describe("turn off", () => {
  it.each(ACTIVE)(
    "%s, with the password and a code from the app: the secret, step and codes all go",
    async (who) => {
      const w = await acmeWorld(t.db);
      const { secret } = await enableAs(w, who);
      const result = await disableTwoFactorAction({
        password: TEST_PASSWORD,
        code: await codeFor(secret, 1),
      });
      expect(result).toEqual({ ok: true });
      expect(await twoFactorOf(w.users[who].id)).toEqual({
        totpSecret: null,
        totpEnabledAt: null,
        totpLastUsedStep: null,
        recoveryCodeHashes: [],
      });
      const events = await eventsOf("account.two_factor_disabled");
      expect(events.map((e) => e.organizationId).sort()).toEqual(organizationsOf(w, who));
      expect(events[0]?.metadata).toEqual({ via: "authenticator app" });
    },
  );

  it("the code that turned it on can't be used again (replay); the next one works", async () => {
    const w = await acmeWorld(t.db);
    const { secret, code } = await enableAs(w, "admin");
    await expectRefused(
      () => disableTwoFactorAction({ password: TEST_PASSWORD, code }),
      WRONG_CODE,
      { code: [WRONG_CODE] },
    );
    expect(
      await disableTwoFactorAction({ password: TEST_PASSWORD, code: await codeFor(secret, 1) }),
    ).toEqual({ ok: true });
  });

  it("a recovery code works in place of the app's, once", async () => {
    const w = await acmeWorld(t.db);
    const { recoveryCodes } = await enableAs(w, "member");
    const code = recoveryCodes[3]!.toUpperCase().replace("-", " ");
    // Two submissions with the same code: only one of them turns 2FA off.
    const results = await Promise.all([
      disableTwoFactorAction({ password: TEST_PASSWORD, code }),
      disableTwoFactorAction({ password: TEST_PASSWORD, code }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await twoFactorOf(w.users.member.id)).totpEnabledAt).toBeNull();
    const [event] = await eventsOf("account.two_factor_disabled");
    expect(event?.metadata).toEqual({ via: "recovery code" });
  });

  it("a recovery code is used up: the same one is refused the second time", async () => {
    const w = await acmeWorld(t.db);
    const { recoveryCodes } = await enableAs(w, "member");
    const user = () =>
      t.db.user.findUniqueOrThrow({
        where: { id: w.users.member.id },
        select: { id: true, recoveryCodeHashes: true },
      });
    expect(await consumeRecoveryCode(t.db, await user(), recoveryCodes[0]!)).toBe(9);
    expect(await consumeRecoveryCode(t.db, await user(), recoveryCodes[0]!)).toBeNull();
    await expectRefused(
      () => disableTwoFactorAction({ password: TEST_PASSWORD, code: recoveryCodes[0]! }),
      WRONG_CODE,
      { code: [WRONG_CODE] },
    );
    expect(
      await disableTwoFactorAction({ password: TEST_PASSWORD, code: recoveryCodes[1]! }),
    ).toEqual({ ok: true });
  });

  it("a wrong password or a wrong code is refused on its field, and nothing changes", async () => {
    const w = await acmeWorld(t.db);
    const { secret } = await enableAs(w, "owner");
    const next = await codeFor(secret, 1);
    await expectRefused(
      () => disableTwoFactorAction({ password: "not my password", code: next }),
      WRONG_PASSWORD,
      { password: [WRONG_PASSWORD] },
    );
    // A wrong password is no code guess: the code's count is not touched.
    expect(await codeAttemptBuckets()).toBe(0);
    await expectRefused(
      async () =>
        disableTwoFactorAction({ password: TEST_PASSWORD, code: await wrongCode(secret) }),
      WRONG_CODE,
      { code: [WRONG_CODE] },
    );
    await expectRefused(
      () => disableTwoFactorAction({ password: TEST_PASSWORD, code: "abcde-fghjk" }),
      WRONG_CODE,
      { code: [WRONG_CODE] },
    );
    await expectRefused(() => disableTwoFactorAction({ password: "", code: "" }), INVALID, {
      password: ["Enter your password"],
      code: ["Enter a code from your app or a recovery code"],
    });
  });

  it("refused while an organization requires it of the person, naming it", async () => {
    const w = await acmeWorld(t.db);
    const owner = await enableAs(w, "owner");
    const admin2 = await enableAs(w, "admin2");
    const member = await enableAs(w, "member");
    await t.db.organization.update({
      where: { id: w.org },
      data: { requireTwoFactorAdmins: true },
    });
    const acme =
      "Acme requires two-factor authentication for owners and admins: it stays on while you are an owner or admin there.";
    await signInAs(t.db, w, "owner");
    await expectRefused(
      async () =>
        disableTwoFactorAction({ password: TEST_PASSWORD, code: await codeFor(owner.secret, 1) }),
      acme,
    );
    // Alan is an admin of Acme and a member of Globex: Acme's rule follows him there too.
    await signInAs(t.db, w, "admin2");
    await expectRefused(
      async () =>
        disableTwoFactorAction({ password: TEST_PASSWORD, code: await codeFor(admin2.secret, 1) }),
      acme,
    );
    // Members aren't owners or admins: the rule isn't theirs.
    await signInAs(t.db, w, "member");
    expect(
      await disableTwoFactorAction({
        password: TEST_PASSWORD,
        code: await codeFor(member.secret, 1),
      }),
    ).toEqual({ ok: true });
    // Both organizations: both named.
    await t.db.organization.update({
      where: { id: w.globexOrg },
      data: { requireTwoFactorAdmins: true },
    });
    await t.db.membership.updateMany({
      where: { userId: w.users.admin2.id, organizationId: w.globexOrg },
      data: { role: "admin" },
    });
    await signInAs(t.db, w, "admin2");
    await expectRefused(
      async () =>
        disableTwoFactorAction({ password: TEST_PASSWORD, code: await codeFor(admin2.secret, 1) }),
      "Acme and Globex require two-factor authentication for owners and admins: it stays on while you are an owner or admin there.",
    );
  });

  it("when it is already off, there is nothing to turn off", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(
      () => disableTwoFactorAction({ password: TEST_PASSWORD, code: "123456" }),
      ALREADY_OFF,
    );
  });

  it.each(NOT_ALLOWED)("%s is refused, and nothing changes", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(
      () => disableTwoFactorAction({ password: TEST_PASSWORD, code: "123456" }),
      error,
    );
  });
});

describe("the section on /settings/account", () => {
  async function pageOf(w: AcmeWorld, who: Who) {
    await signInAs(t.db, w, who);
    const caller = await getCaller();
    if (!caller) throw new Error("not signed in");
    return twoFactorPageFor(caller);
  }

  it("off, then on with its recovery codes counted, a warning when few are left", async () => {
    const w = await acmeWorld(t.db);
    expect(await pageOf(w, "admin")).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      recoveryCodesTotal: 10,
      fewRecoveryCodesLeft: false,
      requiredBy: [],
      stayOnBecause: null,
      setupRequiredBy: null,
    });
    const { recoveryCodes } = await enableAs(w, "admin");
    expect(await pageOf(w, "admin")).toMatchObject({
      enabled: true,
      enabledAt: expect.any(Date),
      recoveryCodesLeft: 10,
      fewRecoveryCodesLeft: false,
    });
    for (const code of recoveryCodes.slice(0, 7)) {
      const user = await t.db.user.findUniqueOrThrow({
        where: { id: w.users.admin.id },
        select: { id: true, recoveryCodeHashes: true },
      });
      expect(await consumeRecoveryCode(t.db, user, code)).not.toBeNull();
    }
    expect(await pageOf(w, "admin")).toMatchObject({
      recoveryCodesLeft: 3,
      fewRecoveryCodesLeft: true,
    });
  });

  it("names the organization that requires it: set-up first while off, then it stays on", async () => {
    const w = await acmeWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { requireTwoFactorAdmins: true },
    });
    expect(await pageOf(w, "admin")).toMatchObject({
      requiredBy: ["Acme"],
      setupRequiredBy: "Acme",
    });
    expect(await pageOf(w, "member")).toMatchObject({ requiredBy: [], setupRequiredBy: null });
    await enableAs(w, "admin");
    expect(await pageOf(w, "admin")).toMatchObject({
      setupRequiredBy: null,
      stayOnBecause:
        "Acme requires two-factor authentication for owners and admins: it stays on while you are an owner or admin there.",
    });
  });
});
