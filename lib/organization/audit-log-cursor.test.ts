import { describe, expect, it } from "vitest";
import { decodeAuditLogCursor, encodeAuditLogCursor } from "./audit-log-cursor";

const cursorOf = (text: string) => Buffer.from(text).toString("base64url");

describe("the audit log's page cursor", () => {
  it("names the event it was made from", () => {
    const row = {
      createdAt: new Date("2024-05-01T12:00:00.123Z"),
      id: "cmx6ljvko049zt97d81r3lzqj",
    };
    expect(decodeAuditLogCursor(encodeAuditLogCursor(row))).toEqual(row);
  });

  it.each([
    ["an id with NUL", "2024-05-01T12:00:00.000Z|cm0\u0000"],
    ["an id with a space", "2024-05-01T12:00:00.000Z|a b"],
    ["no id", "2024-05-01T12:00:00.000Z|"],
    ["an id too long", `2024-05-01T12:00:00.000Z|${"x".repeat(65)}`],
    ["a third part", "2024-05-01T12:00:00.000Z|cm0|cm1"],
    ["no time", "|cm0"],
    ["not a time", "yesterday|cm0"],
    ["the year 0", "0000-01-01T00:00:00.000Z|cm0"],
    ["the earliest time JavaScript holds", "-271821-04-20T00:00:00.000Z|cm0"],
    ["the latest time JavaScript holds", "+275760-09-13T00:00:00.000Z|cm0"],
    ["the year 10000", "+010000-01-01T00:00:00.000Z|cm0"],
  ])("names no event for %s", (_, text) => {
    expect(decodeAuditLogCursor(cursorOf(text))).toBeNull();
  });

  it.each([undefined, "", "!!!", "%00"])("names no event for %j", (cursor) => {
    expect(decodeAuditLogCursor(cursor)).toBeNull();
  });

  it("accepts the years 1 to 9999", () => {
    expect(decodeAuditLogCursor(cursorOf("0001-01-01T00:00:00.000Z|cm0"))?.id).toBe("cm0");
    expect(decodeAuditLogCursor(cursorOf("9999-12-31T23:59:59.999Z|cm0"))?.id).toBe("cm0");
  });
});
