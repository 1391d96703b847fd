import { describe, expect, it } from "vitest";
import { seal, unseal } from "./sealed";

const SECRET = "a-secret-for-tests-only";
const EMAIL = { to: "grace@example.com", html: "<a href='https://x/invite/tok_abc'>Accept</a>" };

describe("sealed outbox payloads", () => {
  it("open to what was sealed, and hide it", () => {
    const sealed = seal(EMAIL, SECRET);
    expect(unseal(sealed, SECRET)).toEqual(EMAIL);
    expect(Buffer.from(sealed).toString("latin1")).not.toContain("tok_abc");
    expect(Buffer.from(sealed).toString("latin1")).not.toContain("grace@");
  });

  it("differ each time (a fresh nonce)", () => {
    expect(Buffer.from(seal(EMAIL, SECRET))).not.toEqual(Buffer.from(seal(EMAIL, SECRET)));
  });

  it("refuse another secret, a changed byte, and a truncated or foreign value", () => {
    const sealed = seal(EMAIL, SECRET);
    expect(() => unseal(sealed, "another-secret")).toThrow(/AUTH_SECRET changed/);
    for (const at of [1, 14, 30, sealed.length - 1]) {
      const changed = Uint8Array.from(sealed);
      changed[at] = changed[at]! ^ 1;
      expect(() => unseal(changed, SECRET)).toThrow(/could not be decrypted/);
    }
    expect(() => unseal(sealed.subarray(0, 20), SECRET)).toThrow(/not in a format/);
    const foreign = Uint8Array.from(sealed);
    foreign[0] = 9;
    expect(() => unseal(foreign, SECRET)).toThrow(/not in a format/);
  });
});
