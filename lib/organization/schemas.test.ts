import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { NAME_CONTROL_CHARACTERS, NAME_INVISIBLE_CHARACTERS } from "@/lib/forms/fields";
import {
  auditLogQuery,
  createOrganization,
  emailSettings,
  generalSettings,
  setupInput,
} from "./schemas";

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

describe("the audit log's URL", () => {
  it("keeps well-formed filters", () => {
    expect(
      auditLogQuery.parse({
        actor: "owner@acme.example",
        action: "member.role_changed",
        target: "Ava",
        from: "2024-02-29",
        to: "9999-12-31",
        after: "MjAyNC0wNS0wMVQxMjowMDowMC4wMDBafGNtMA",
      }),
    ).toEqual({
      actor: "owner@acme.example",
      action: "member.role_changed",
      target: "Ava",
      from: "2024-02-29",
      to: "9999-12-31",
      after: "MjAyNC0wNS0wMVQxMjowMDowMC4wMDBafGNtMA",
    });
  });

  it.each(["\u0000", "owner@acme.example\u0000", "a\u0000b"])(
    "drops an actor or target holding NUL, which PostgreSQL refuses: %j",
    (value) => {
      expect(auditLogQuery.parse({ actor: value, target: value })).toEqual({});
    },
  );

  it.each([
    "0000-01-01",
    "0000-12-31",
    "2023-02-29",
    "2024-02-31",
    "2024-13-01",
    "2024-00-10",
    "-271821-04-20",
    "+275760-09-13",
    "2024-1-1",
    "today",
  ])("drops a day that is none of the calendar's, or that PostgreSQL can't hold: %j", (value) => {
    expect(auditLogQuery.parse({ from: value, to: value })).toEqual({});
  });

  it.each(["0001-01-01", "1969-12-31", "2024-02-29", "9999-12-31"])("keeps the day %j", (value) => {
    expect(auditLogQuery.parse({ from: value, to: value })).toEqual({ from: value, to: value });
  });

  it("drops repeated keys (?actor=a&actor=b) rather than choosing", () => {
    expect(auditLogQuery.parse({ actor: ["a", "b"], from: ["2024-01-01", "2024-01-02"] })).toEqual(
      {},
    );
  });
});
