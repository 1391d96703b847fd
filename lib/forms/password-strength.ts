import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { PASSWORD_MIN_LENGTH } from "./fields";

// The one rule for a new password (setup, accepting an invitation, reset, change): at least
// PASSWORD_MIN_LENGTH characters, and hard to guess as zxcvbn estimates it against real
// dictionaries of common passwords, words and names — score 3 ("safely unguessable") or more, the
// person's own name, email and organization counting as known words. Length over composition
// rules (NIST SP 800-63B). The server checks it in each action; the meter shows it as one types.
//
// The dictionaries weigh about a megabyte: they are imported on demand (loadPasswordChecker), so
// they stay out of every page's first load and are loaded once per server process.

/** A new password must reach this zxcvbn score (0–4). */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordScore = 0 | 1 | 2 | 3 | 4;
export type StrengthLabel = "Too short" | "Weak" | "Fair" | "Good" | "Strong";

const LABELS: Record<PasswordScore, StrengthLabel> = {
  0: "Weak",
  1: "Weak",
  2: "Fair",
  3: "Good",
  4: "Strong",
};

export interface PasswordStrength {
  /** zxcvbn's score, lowered when the password is mostly the person's own name, email, etc. */
  score: PasswordScore;
  label: StrengthLabel;
  /** Whether the password meets the rule. */
  acceptable: boolean;
  /** Why it doesn't, with zxcvbn's warning and suggestions; null when it does. */
  problem: string | null;
  /** The warning and suggestions alone, for the meter (whose label already says "Weak"). */
  advice: string[];
}

/** What is known about the person: names, email, organization name (missing ones are skipped). */
export type UserInputs = readonly (string | null | undefined)[];

export type PasswordChecker = (password: string, userInputs?: UserInputs) => PasswordStrength;

export const TOO_SHORT = `Use at least ${PASSWORD_MIN_LENGTH} characters`;
const TOO_GUESSABLE = "This password is too easy to guess.";
/** zxcvbn's warning for a password made of known words, and this rule's (in judgePassword). */
export const PERSONAL = "It leans on your name, email or organization's name.";
const UNRELATED_WORDS = "Add a few words that have nothing to do with you.";
const ADD_WORDS = "Add another word or two that are less common.";

/**
 * The words a password must not lean on: each part of the names and the email (its local part and
 * domain, without the top-level domain), three letters or longer, longest first.
 */
export function personalWords(userInputs: UserInputs): string[] {
  const words = new Set<string>();
  for (const input of userInputs) {
    if (!input) continue;
    let text = input.toLowerCase();
    const at = text.lastIndexOf("@");
    if (at >= 0) {
      const domain = text.slice(at + 1).split(".");
      text = `${text.slice(0, at)} ${domain.slice(0, -1).join(" ")}`;
    }
    for (const part of text.split(/[^\p{L}\p{N}]+/u)) {
      if (part.length >= 3) words.add(part);
    }
  }
  return [...words].sort((a, b) => b.length - a.length);
}

function withoutWords(password: string, words: string[]): string {
  let rest = password;
  for (const word of words) {
    rest = rest.replace(new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu"), "");
  }
  return rest;
}

/** The rule, given a zxcvbn built with the dictionaries (see loadPasswordChecker). */
export function judgePassword(
  zxcvbn: Pick<ZxcvbnFactory, "check">,
  password: string,
  userInputs: UserInputs = [],
): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { score: 0, label: "Too short", acceptable: false, problem: TOO_SHORT, advice: [] };
  }
  const words = personalWords(userInputs);
  const known = [...words, ...userInputs.filter((i): i is string => Boolean(i))];
  const result = zxcvbn.check(password, known);
  let score = result.score;
  let personal = false;
  // zxcvbn counts a known word as cheap to guess but still adds up the rest; a password that is
  // little more than one's own name and a number must also be strong without it.
  const rest = withoutWords(password, words);
  if (rest !== password) {
    const restScore = rest ? zxcvbn.check(rest).score : 0;
    if (restScore < score) {
      score = restScore;
      personal = true;
    }
  }
  const acceptable = score >= MIN_PASSWORD_SCORE;
  if (acceptable) return { score, label: LABELS[score], acceptable, problem: null, advice: [] };
  const { warning, suggestions } = result.feedback;
  const advice = personal
    ? [PERSONAL, UNRELATED_WORDS]
    : [...(warning ? [warning] : []), ...(suggestions.length > 0 ? suggestions : [ADD_WORDS])];
  return {
    score,
    label: LABELS[score],
    acceptable,
    problem: [TOO_GUESSABLE, ...advice].join(" "),
    advice,
  };
}

let checker: Promise<PasswordChecker> | undefined;

/**
 * zxcvbn with the common and English dictionaries, imported and built once (on the first call):
 * on the server when an action first checks a password, in the browser when a password field is
 * first focused.
 */
export function loadPasswordChecker(): Promise<PasswordChecker> {
  checker ??= build().catch((error: unknown) => {
    checker = undefined; // a failed chunk load may succeed on the next try
    throw error;
  });
  return checker;
}

async function build(): Promise<PasswordChecker> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
  ]);
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: {
      ...en.translations,
      warnings: { ...en.translations.warnings, userInputs: PERSONAL },
    },
  });
  return (password, userInputs) => judgePassword(zxcvbn, password, userInputs);
}
