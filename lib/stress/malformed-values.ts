import fc from "fast-check";

// Random and adversarial values for the fields of server actions' inputs (lib/stress/action-inputs.ts
// says which go where). Nothing here touches the server: the unit test of the action table loads it.

/**
 * A record of the fuzzed world (a user, a workspace, a token…), named rather than given by id: the
 * world is rebuilt, with new ids, after an action succeeds, so the id is looked up at call time.
 * `foreign`: it belongs to another organization than the caller's.
 */
export class Ref {
  constructor(
    readonly key: string,
    readonly foreign = false,
  ) {}
}

const MEGABYTE = 1 << 20;
const megabyteOf = (unit: string) => unit.repeat(Math.ceil(MEGABYTE / unit.length));

/** Fragments that break things when they reach a database, a page, an email or a log. */
export const NASTY_FRAGMENTS = [
  "\u0000",
  "\u202E",
  "\u202D",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200B",
  "\u200C",
  "\u200D",
  "\u200E",
  "\u200F",
  "\uFEFF",
  "\u00AD",
  "\u2060",
  "\u0007",
  "\u001b[31m",
  "\r\n",
  "\u0085",
  "\u2028",
  "\uD800",
  "'",
  '"',
  "\\",
  "%",
  "_",
  "<b>",
  "/",
  "😀",
] as const;

/** Whole values a form field should never have to accept, and must refuse cleanly. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\t\n ",
  "\u0000",
  "Ada\u0000Lovelace",
  "\u0000".repeat(100),
  "\u202Eevil\u202C",
  "Ada\u202Egnp.exe",
  "\u2066Ada\u2069",
  "\u200B",
  "A\u200Bda",
  "\u200E\u200F",
  "\uFEFFAda",
  "\u0007\u001b[31mred\u001b[0m",
  "Ada\r\nBcc: evil@example.com",
  "\u2028\u2029",
  "\uD800",
  "\uDFFF\uD800",
  "😀👨‍👩‍👧",
  "Z̸̢̛a̷l̶g̴o̵",
  '\'; DROP TABLE "User"; --',
  "' OR '1'='1",
  "1; SELECT pg_sleep(10)",
  "$$; --",
  "\\",
  "%_%",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "//evil.example",
  "{{7*7}}",
  "${7*7}",
  "../../../etc/passwd",
  "%00",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "true",
  "x".repeat(101),
  "x".repeat(10_000),
  megabyteOf("x"),
  megabyteOf("\u202E"),
  megabyteOf("\u0000"),
  megabyteOf("é😀"),
] as const;

export const TEN_THOUSAND_NUMBERS = Array.from({ length: 10_000 }, (_, i) => i);
export const TEN_THOUSAND_STRINGS = Array.from({ length: 10_000 }, () => "x");
const TEN_THOUSAND_OBJECTS = Array.from({ length: 10_000 }, () => ({
  workspaceId: "x",
  role: "member",
  firstName: "A",
  lastName: "B",
  email: "a@example.com",
}));

/** What most often slipped through: NUL (PostgreSQL refuses it in text), bidi and control characters. */
const WORST = ["\u0000", "\u202E", "\u0007", "\u2066"] as const;

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...WORST), fc.constantFrom("", "x", "cm0"))
      .map(([bad, text]) => text + bad),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
);

/** Anything but the string or number a field wants: other types, huge arrays, odd objects. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    false,
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    {},
    [],
    [""],
    TEN_THOUSAND_NUMBERS,
    TEN_THOUSAND_STRINGS,
    TEN_THOUSAND_OBJECTS,
    JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}'),
    new Date(Number.NaN),
    new Date(0),
  ),
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

/** A plausible value with a nasty fragment slipped in (strings only; anything else is kept). */
export function tainted(plausible: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      plausible,
      fc.oneof(fc.constantFrom(...WORST), fc.constantFrom(...NASTY_FRAGMENTS)),
      fc.nat(),
      fc.nat({ max: 3 }),
    )
    .map(([value, fragment, at, times]) => {
      if (typeof value !== "string") return value;
      const i = at % (value.length + 1);
      return value.slice(0, i) + fragment.repeat(times + 1) + value.slice(i);
    });
}

/** A field of an action's input: the values it should accept, and anything at all. */
export interface Field {
  plausible: fc.Arbitrary<unknown>;
  any: fc.Arbitrary<unknown>;
}

/**
 * A field from its plausible values (so that the action gets past its checks to the database and
 * the emails); anything else is a wrong value of the field's kind (an unknown role…), a nasty
 * string, a value of the wrong type, or a plausible one tainted.
 */
export function field(
  plausible: fc.Arbitrary<unknown>,
  wrong: fc.Arbitrary<unknown> = nastyString,
): Field {
  return {
    plausible,
    any: fc.oneof(
      { weight: 4, arbitrary: plausible },
      { weight: 2, arbitrary: wrong },
      { weight: 2, arbitrary: tainted(plausible) },
      { weight: 2, arbitrary: nastyString },
      { weight: 2, arbitrary: wrongType },
    ),
  };
}

/** A nested object of fields (plausible: each field plausible). */
export function objectField(fields: Record<string, Field>): Field {
  const of = (pick: (f: Field) => fc.Arbitrary<unknown>) =>
    fc.record(Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, pick(f)])));
  return { plausible: of((f) => f.plausible), any: field(of((f) => f.any)).any };
}

/** A list of items (plausible: up to `maxLength` plausible items). */
export function listField(item: Field, maxLength: number): Field {
  return {
    plausible: fc.array(item.plausible, { maxLength }),
    any: field(fc.array(item.any, { maxLength })).any,
  };
}

/** What the action is called with. */
export type Delivery =
  | { kind: "object"; value: Record<string, unknown> }
  | { kind: "form"; value: Record<string, unknown> }
  | { kind: "raw"; value: unknown };

const MISSING = Symbol("missing");
const EXTRA_KEYS = [
  "__proto__",
  "constructor",
  "organizationId",
  "userId",
  "role",
  "status",
  "ok",
  "id",
  "isAdmin",
  "version",
] as const;

/** The whole input replaced by something that is not an object of fields at all. */
export const wrongInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    "",
    "input",
    42,
    true,
    [],
    TEN_THOUSAND_NUMBERS,
    TEN_THOUSAND_OBJECTS,
    megabyteOf("x"),
  ),
  wrongType,
);

/**
 * An action's input from its fields: mostly every field plausible but one, which is anything or
 * missing (so each check is reached with the others passing); else every field anything or
 * missing, or every field plausible. Sometimes extra fields (with names such as `organizationId`
 * and `__proto__`); sent as an object or as FormData; now and then the whole input replaced by a
 * value of another kind.
 */
export interface FuzzInput {
  arbitrary: fc.Arbitrary<Delivery>;
  /** Tried first, every time: each field in turn holding NUL, the others plausible. */
  examples: Delivery[];
}

export function inputFrom(fields: Record<string, Field>): FuzzInput {
  const names = Object.keys(fields);
  const each = (pick: (name: string, f: Field) => fc.Arbitrary<unknown>) =>
    fc.record(Object.fromEntries(names.map((name) => [name, pick(name, fields[name] as Field)])));
  const allPlausible = each((_, f) => f.plausible);
  const allAny = each((_, f) => fc.option(f.any, { nil: MISSING, freq: 8 }));
  const oneBad =
    names.length === 0
      ? allPlausible
      : fc
          .constantFrom(...names)
          .chain((bad) =>
            each((name, f) =>
              name === bad ? fc.option(f.any, { nil: MISSING, freq: 5 }) : f.plausible,
            ),
          );
  const extra = fc.option(
    fc.dictionary(fc.constantFrom(...EXTRA_KEYS), fc.oneof(nastyString, wrongType), {
      maxKeys: 3,
    }),
    { nil: {}, freq: 3 },
  );
  const record = fc.oneof(
    { weight: 5, arbitrary: oneBad },
    { weight: 3, arbitrary: allAny },
    { weight: 2, arbitrary: allPlausible },
  );
  const value = fc.tuple(record, extra).map(([fieldValues, more]) => {
    const out: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(more)) {
      Object.defineProperty(out, name, { value: v, enumerable: true, writable: true });
    }
    for (const [name, v] of Object.entries(fieldValues)) if (v !== MISSING) out[name] = v;
    return out;
  });
  const [sample] = fc.sample(allPlausible, { numRuns: 1, seed: 13 });
  return {
    arbitrary: fc.oneof(
      { weight: 7, arbitrary: value.map((v): Delivery => ({ kind: "object", value: v })) },
      { weight: 2, arbitrary: value.map((v): Delivery => ({ kind: "form", value: v })) },
      { weight: 1, arbitrary: wrongInput.map((v): Delivery => ({ kind: "raw", value: v })) },
    ),
    examples: names.map((name) => ({ kind: "object", value: { ...sample, [name]: "x\u0000" } })),
  };
}
