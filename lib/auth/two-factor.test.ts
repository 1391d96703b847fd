import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";
import {
  formatSecretForReading,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  normalizeTotpCode,
  openTotpSecret,
  qrCodeDataUri,
  qrCodeSvg,
  RECOVERY_CODE_COUNT,
  totpCodeStep,
  totpUri,
} from "./two-factor";

const savedSecret = process.env.AUTH_SECRET;
beforeEach(() => {
  process.env.AUTH_SECRET = "unit-test-auth-secret-0123456789abcdef";
});
afterEach(() => {
  if (savedSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = savedSecret;
});

// A fixed moment, 15 seconds into its 30-second step: one step either side is a whole step away.
const STEP = 58_000_000;
const NOW = new Date((STEP * 30 + 15) * 1000);
const codeAt = (secret: string, stepOffset: number) =>
  generate({ secret, epoch: (STEP + stepOffset) * 30 + 15 });

describe("TOTP codes", () => {
  it("accepts the code of now and of one step either side, and names its step", async () => {
    const { secret } = newTotpSecret();
    for (const offset of [-1, 0, 1]) {
      expect(await totpCodeStep(secret, await codeAt(secret, offset), null, NOW)).toBe(
        STEP + offset,
      );
    }
  });

  it("refuses codes two steps away or more", async () => {
    const { secret } = newTotpSecret();
    for (const offset of [-3, -2, 2, 3]) {
      expect(await totpCodeStep(secret, await codeAt(secret, offset), null, NOW)).toBeNull();
    }
  });

  it("refuses a code for a step at or before the last one accepted (replay)", async () => {
    const { secret } = newTotpSecret();
    const now = await codeAt(secret, 0);
    const next = await codeAt(secret, 1);
    const before = await codeAt(secret, -1);
    expect(await totpCodeStep(secret, now, STEP, NOW)).toBeNull();
    expect(await totpCodeStep(secret, before, STEP, NOW)).toBeNull();
    expect(await totpCodeStep(secret, next, STEP, NOW)).toBe(STEP + 1);
    expect(await totpCodeStep(secret, now, STEP - 1, NOW)).toBe(STEP);
  });

  it("refuses another secret's code and anything not six digits; reads spaced codes", async () => {
    const { secret } = newTotpSecret();
    const other = newTotpSecret().secret;
    const code = await codeAt(secret, 0);
    expect(await totpCodeStep(other, code, null, NOW)).toBeNull();
    expect(await totpCodeStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, NOW)).toBe(
      STEP,
    );
    expect(await totpCodeStep(secret, code.slice(0, 5), null, NOW)).toBeNull();
    expect(await totpCodeStep(secret, "abcdef", null, NOW)).toBeNull();
  });

  it("normalizes what people type", () => {
    expect(normalizeTotpCode("123 456")).toBe("123456");
    expect(normalizeTotpCode(" 123-456 ")).toBe("123456");
    expect(normalizeTotpCode("12345")).toBeNull();
    expect(normalizeTotpCode("1234567")).toBeNull();
    expect(normalizeTotpCode("12345a")).toBeNull();
  });
});

describe("set-up", () => {
  it("a fresh secret each time, sealed for the database, opened back", () => {
    const a = newTotpSecret();
    const b = newTotpSecret();
    expect(a.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.sealed).not.toContain(a.secret);
    expect(openTotpSecret(a.sealed)).toBe(a.secret);
    expect(openTotpSecret(null)).toBeNull();
  });

  it("the otpauth link, the QR code as SVG and as a data: URI, the secret grouped", async () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const uri = totpUri(secret, "ada@acme.test");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Roster:ada(%40|@)acme\.test\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("issuer=Roster");
    const svg = await qrCodeSvg(uri);
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const dataUri = await qrCodeDataUri(uri);
    expect(dataUri.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(Buffer.from(dataUri.split(",")[1]!, "base64").toString()).toBe(svg);
    expect(formatSecretForReading(secret)).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
  });
});

describe("recovery codes", () => {
  it("ten different codes, easy to read", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(code).not.toMatch(/[01ilo]/);
      expect(normalizeRecoveryCode(code)).toBe(code.replace("-", ""));
    }
  });

  it("normalizes case, spaces and hyphens; refuses anything else", () => {
    expect(normalizeRecoveryCode("ABCDE-FGHJK")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode(" abcde fghjk ")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode("abcdefghjk")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode("abcde-fghj")).toBeNull();
    expect(normalizeRecoveryCode("abcde-fghjkm")).toBeNull();
    expect(normalizeRecoveryCode("abcde-fghj0")).toBeNull();
    expect(normalizeRecoveryCode("123456")).toBeNull();
  });

  it("what is stored is a keyed hash, not the code, the same for every way of typing it", () => {
    const [code, other] = newRecoveryCodes() as [string, string];
    const hash = hashRecoveryCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replace("-", ""));
    expect(hashRecoveryCode(code.toUpperCase().replace("-", " "))).toBe(hash);
    expect(hashRecoveryCode(other)).not.toBe(hash);
    // Under another AUTH_SECRET, the same code hashes differently.
    process.env.AUTH_SECRET = "another-unit-test-secret-0123456789abcdef";
    expect(hashRecoveryCode(code)).not.toBe(hash);
  });
});

describe("secret box", () => {
  it("round trip; a fresh IV each time", () => {
    const a = sealSecret("JBSWY3DPEHPK3PXP", "totp");
    const b = sealSecret("JBSWY3DPEHPK3PXP", "totp");
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(openSecret(a, "totp")).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(b, "totp")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("a changed byte, another purpose, another AUTH_SECRET or a malformed value opens to null", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", "totp");
    const [version, iv, body, tag] = sealed.split(".") as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString("base64url");
    };
    expect(openSecret([version, iv, flip(body), tag].join("."), "totp")).toBeNull();
    expect(openSecret([version, flip(iv), body, tag].join("."), "totp")).toBeNull();
    expect(openSecret([version, iv, body, flip(tag)].join("."), "totp")).toBeNull();
    expect(openSecret(["v2", iv, body, tag].join("."), "totp")).toBeNull();
    expect(openSecret(sealed, "recovery-codes")).toBeNull();
    expect(openSecret("not sealed", "totp")).toBeNull();
    expect(openSecret("v1..", "totp")).toBeNull();
    process.env.AUTH_SECRET = "another-unit-test-secret-0123456789abcdef";
    expect(openSecret(sealed, "totp")).toBeNull();
    expect(openTotpSecret(sealed)).toBeNull();
  });
});
