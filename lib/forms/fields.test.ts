import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  idField,
  idParam,
  nameField,
  NAME_CONTROL_CHARACTERS,
  NAME_INVISIBLE_CHARACTERS,
  searchParam,
} from "./fields";

/** Format characters (Unicode Cf) that reorder or hide text, and a lone surrogate. */
const INVISIBLE = [
  ["U+202E right-to-left override", "Ada\u202Egnp.exe"],
  ["U+202A left-to-right embedding", "\u202AAda"],
  ["U+2066 left-to-right isolate", "Ada\u2066x\u2069"],
  ["U+2067 right-to-left isolate", "\u2067Ada"],
  ["U+2068 first strong isolate", "A\u2068da"],
  ["U+2069 pop directional isolate", "Ada\u2069"],
  ["U+200B zero width space", "A\u200Bda"],
  ["U+200E left-to-right mark", "Ada\u200E"],
  ["U+200F right-to-left mark", "\u200FAda"],
  ["U+FEFF byte order mark", "A\uFEFFda"],
  ["U+00AD soft hyphen", "Ad\u00ADa"],
  ["U+2060 word joiner", "A\u2060da"],
  ["a lone surrogate", "Ada\uD800"],
] as const;

const CONTROL = [
  ["NUL", "Ada\u0000"],
  ["a line break", "Ada\nLovelace"],
  ["a carriage return", "Ada\r\nBcc: x@example.com"],
  ["a tab", "Ada\tLovelace"],
  ["an escape", "\u001b[31mAda"],
  ["DEL", "Ada\u007F"],
  ["U+0085 next line", "Ada\u0085"],
  ["U+2028 line separator", "Ada\u2028Lovelace"],
  ["U+2029 paragraph separator", "Ada\u2029Lovelace"],
] as const;

const PLAIN = [
  "Ada",
  "Zoë",
  "O'Brien-Smith",
  "李小龍",
  "José María",
  "Ngũgĩ",
  "محمد",
  "Łukasz",
  "علی\u200Cرضا",
  "क्\u200Dष",
];

function messagesOf(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe("a person's name", () => {
  const first = nameField("first name");

  it.each(INVISIBLE)("refuses %s", (_, value) => {
    expect(messagesOf(first, value)).toEqual([NAME_INVISIBLE_CHARACTERS]);
  });

  it.each(CONTROL)("refuses %s", (_, value) => {
    expect(messagesOf(first, value)).toEqual([NAME_CONTROL_CHARACTERS]);
  });

  it("drops the byte order mark and line separators at either end, as any other space", () => {
    expect(first.parse("\uFEFFAda\u2028")).toBe("Ada");
  });

  it.each(PLAIN)("accepts %s, in any script", (value) => {
    expect(first.parse(`  ${value} `)).toBe(value);
  });
});

describe("a record's id", () => {
  it.each(["\u0000", "cm0\u0000", "a b", "a'b", "é", "x".repeat(65), ""])("refuses %j", (value) => {
    expect(idField.safeParse(value).success).toBe(false);
  });

  it.each(["cmx6ljvko049zt97d81r3lzqj", "a_b-C9"])("accepts %j", (value) => {
    expect(idField.parse(value)).toBe(value);
  });
});

describe("a search box's text from the URL", () => {
  it("is trimmed, and absent when empty or not one string", () => {
    expect(searchParam.parse("  ava ")).toBe("ava");
    expect(searchParam.parse("   ")).toBeUndefined();
    expect(searchParam.parse(undefined)).toBeUndefined();
    expect(searchParam.parse(["a", "b"])).toBeUndefined();
    expect(searchParam.parse("x".repeat(101))).toBeUndefined();
  });

  it.each(["\u0000", "a\u0000b", "ava\u0000", "\u0000".repeat(100)])(
    "drops text holding NUL, which PostgreSQL refuses: %j",
    (value) => {
      expect(searchParam.parse(value)).toBeUndefined();
    },
  );

  it.each(["o'brien", "%_", "\u202Eava", "😀"])("keeps other text as it is: %j", (value) => {
    expect(searchParam.parse(value)).toBe(value);
  });
});

describe("a record's id from the URL", () => {
  it.each(["\u0000", "cm0\u0000", "a b", "x".repeat(65), "", ["cm1", "cm2"], 42])(
    "is absent when malformed: %j",
    (value) => {
      expect(idParam.parse(value)).toBeUndefined();
    },
  );

  it("is the id when well formed", () => {
    expect(idParam.parse("cmx6ljvko049zt97d81r3lzqj")).toBe("cmx6ljvko049zt97d81r3lzqj");
  });
});
