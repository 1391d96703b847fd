import { beforeAll, describe, expect, it } from "vitest";
import { newPasswordField } from "./fields";
import {
  loadPasswordChecker,
  PERSONAL,
  personalWords,
  TOO_SHORT,
  type PasswordChecker,
} from "./password-strength";

let check: PasswordChecker;
beforeAll(async () => {
  check = await loadPasswordChecker();
}, 30_000);

const GUESSABLE = "This password is too easy to guess.";

describe("the password rule", () => {
  it.each([
    "password123456",
    "password1234",
    "Password12345!",
    "qwertyuiop123",
    "iloveyou1234",
    "123456789012",
    "12345678901234",
    "aaaaaaaaaaaaaaaa",
    "abcabcabcabcabc",
  ])("refuses %s, a password everybody tries", (password) => {
    const strength = check(password);
    expect(strength).toMatchObject({
      acceptable: false,
      label: expect.stringMatching(/^(Weak|Fair)$/),
    });
    expect(strength.score).toBeLessThan(3);
    expect(strength.problem).toMatch(new RegExp(`^${GUESSABLE} \\S`));
  });

  it("says why, in zxcvbn's words", () => {
    expect(check("password123456")).toMatchObject({
      problem: `${GUESSABLE} This is similar to a commonly used password. Add more words that are less common.`,
      advice: [
        "This is similar to a commonly used password.",
        "Add more words that are less common.",
      ],
    });
    expect(check("aaaaaaaaaaaaaaaa").problem).toContain(
      'Repeated characters like "aaa" are easy to guess.',
    );
  });

  it.each([
    "correct horse battery staple",
    "velvet otter climbs the ladder at dawn",
    "tangerine kayak thunder 81",
    "Qx7#mV2!pL9@wR4z",
  ])("accepts %s, a long random passphrase or password", (password) => {
    expect(check(password)).toEqual({
      score: expect.any(Number),
      label: expect.stringMatching(/^(Good|Strong)$/),
      acceptable: true,
      problem: null,
      advice: [],
    });
    expect(check(password).score).toBeGreaterThanOrEqual(3);
  });

  it("is too short under 12 characters, however random", () => {
    expect(check("Qx7#mV2!pL9")).toEqual({
      score: 0,
      label: "Too short",
      acceptable: false,
      problem: TOO_SHORT,
      advice: [],
    });
    expect(check("Qx7#mV2!pL9@").acceptable).toBe(true);
    // The form checks the length too, before there is any dictionary.
    expect(newPasswordField.safeParse("Qx7#mV2!pL9").error?.issues[0]?.message).toBe(TOO_SHORT);
    expect(newPasswordField.safeParse("x".repeat(201)).success).toBe(false);
  });

  it.each([
    ["MiaManager1234", ["Mia", "Manager", "mia.manager@acme.test", "Acme"]],
    ["mia manager 2024", ["Mia", "Manager", "mia.manager@acme.test", "Acme"]],
    ["mia.manager@acme.test", ["Mia", "Manager", "mia.manager@acme.test", "Acme"]],
    ["oliveowner123456", ["Olive", "Owner", "olive.owner@acme.test"]],
    ["AcmeCorporation2024!", ["Acme Corporation", "Mia", "Manager"]],
  ])("refuses %s for the person it names, and tells them why", (password, userInputs) => {
    const strength = check(password, userInputs);
    expect(strength).toMatchObject({
      acceptable: false,
      label: expect.stringMatching(/Weak|Fair/),
    });
    expect(strength.problem).toMatch(new RegExp(`^${GUESSABLE} ${PERSONAL} \\S`));
  });

  it("says so when zxcvbn finds the person's details, or when they are most of the password", () => {
    expect(check("mia.manager@acme.test", ["mia.manager@acme.test"]).problem).toBe(
      `${GUESSABLE} ${PERSONAL} Add more words that are less common.`,
    );
    expect(check("MiaManager1234", ["Mia", "Manager"]).problem).toBe(
      `${GUESSABLE} ${PERSONAL} Add a few words that have nothing to do with you.`,
    );
  });

  it("penalises only the person's own details: the same password is fine for someone else", () => {
    expect(check("MiaManager1234", ["Olive", "Owner", "olive.owner@acme.test"]).acceptable).toBe(
      true,
    );
    expect(check("MiaManager1234", ["Mia", "Manager"]).acceptable).toBe(false);
  });

  it("accepts one's name among enough unrelated words", () => {
    expect(
      check("olive climbs the velvet ladder at dawn", ["Olive", "Owner", "olive.owner@acme.test"]),
    ).toMatchObject({ acceptable: true, problem: null });
  });

  it("loads the dictionaries once", async () => {
    expect(await loadPasswordChecker()).toBe(check);
  });
});

describe("personalWords", () => {
  it("splits names, the email's local part and domain (not its top-level domain), 3+ letters", () => {
    expect(
      personalWords(["Mo", "Member-Smith", "mo.member+roster@mail.acme.test", null, "Acme Inc."]),
    ).toEqual(["member", "roster", "smith", "mail", "acme", "inc"]);
    expect(personalWords([undefined, ""])).toEqual([]);
  });
});
