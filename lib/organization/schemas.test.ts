import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { NAME_CONTROL_CHARACTERS, NAME_INVISIBLE_CHARACTERS } from "@/lib/forms/fields";
import { createOrganization, emailSettings, generalSettings, setupInput } from "./schemas";

const INVISIBLE = ["Acme\u202E", "Ac\u2066me\u2069", "A\u200Bcme", "Acme\u200F Ltd", "A\uFEFFcme"];
const CONTROL = ["Acme\u0000", "Acme\nLtd", "Acme\tLtd", "\u001b[31mAcme", "Acme\u2028Ltd"];

function messagesOf(schema: z.ZodType, value: unknown): Record<string, string[]> {
  const parsed = schema.safeParse(value);
  const out: Record<string, string[]> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  }
  return out;
}

describe("an organization's name, when set up, created or renamed", () => {
  const forms = (name: string) => [
    messagesOf(createOrganization, { name }).name,
    messagesOf(generalSettings, { name, slug: "acme" }).name,
    messagesOf(setupInput, {
      organizationName: name,
      firstName: "Olive",
      lastName: "Owner",
      email: "olive@example.com",
      password: "a long enough password",
    }).organizationName,
  ];

  it.each(INVISIBLE)("refuses invisible or direction-changing characters: %j", (name) => {
    expect(forms(name)).toEqual([
      [NAME_INVISIBLE_CHARACTERS],
      [NAME_INVISIBLE_CHARACTERS],
      [NAME_INVISIBLE_CHARACTERS],
    ]);
  });

  it.each(CONTROL)("refuses line breaks and control characters: %j", (name) => {
    expect(forms(name)).toEqual([
      [NAME_CONTROL_CHARACTERS],
      [NAME_CONTROL_CHARACTERS],
      [NAME_CONTROL_CHARACTERS],
    ]);
  });

  it("accepts a plain one, in any script", () => {
    expect(forms(" Ωmega Ltd. ")).toEqual([undefined, undefined, undefined]);
    expect(createOrganization.parse({ name: " 株式会社 Acme " })).toEqual({
      name: "株式会社 Acme",
    });
  });
});

describe("the email sender name", () => {
  const sender = (emailSenderName: string) =>
    messagesOf(emailSettings, { emailSenderName, emailReplyTo: "" }).emailSenderName;

  it.each(INVISIBLE)("refuses invisible or direction-changing characters: %j", (name) => {
    expect(sender(name)).toEqual([NAME_INVISIBLE_CHARACTERS]);
  });

  it("refuses control characters and the characters of an address, as before", () => {
    expect(sender("Acme\r\nBcc: x@example.com")).toEqual([
      "A sender name can't contain <, >, \" or \\",
    ]);
    expect(sender("Acme HR")).toBeUndefined();
  });
});
