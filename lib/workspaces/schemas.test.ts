import { describe, expect, it } from "vitest";
import { NAME_CONTROL_CHARACTERS, NAME_INVISIBLE_CHARACTERS } from "@/lib/forms/fields";
import { createWorkspaceInput, renameWorkspaceInput, requestToJoinInput } from "./schemas";

describe("a workspace's name, when created or renamed", () => {
  const messages = (name: string) => {
    const created = createWorkspaceInput.safeParse({ name });
    const renamed = renameWorkspaceInput.safeParse({ workspaceId: "w", version: 1, name });
    return [created, renamed].map((parsed) =>
      parsed.success ? [] : parsed.error.issues.map((issue) => issue.message),
    );
  };

  it.each(["Sales\u202E", "\u2067Sales", "Sa\u00ADles", "Sales\uD800"])(
    "refuses invisible or direction-changing characters: %j",
    (name) => {
      expect(messages(name)).toEqual([[NAME_INVISIBLE_CHARACTERS], [NAME_INVISIBLE_CHARACTERS]]);
    },
  );

  it.each(["Sales\u0000", "Sales\nTeam", "Sales\u0085Team", "Sales\u2029Team"])(
    "refuses line breaks and control characters: %j",
    (name) => {
      expect(messages(name)).toEqual([[NAME_CONTROL_CHARACTERS], [NAME_CONTROL_CHARACTERS]]);
    },
  );

  it("still refuses a slash, and accepts a plain name", () => {
    expect(messages("R/D")).toEqual([
      ["A name can't contain a slash (/)"],
      ["A name can't contain a slash (/)"],
    ]);
    expect(messages(" R&D 2 ")).toEqual([[], []]);
  });
});

describe("a join request's message", () => {
  const REFUSED = "The message can't contain control or direction-changing characters.";
  const message = (value: string) => {
    const parsed = requestToJoinInput.safeParse({ workspaceId: "w", message: value });
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  };

  it.each(["Hi\u0000", "\u001b[2J", "Hi \u202Eereh", "\u2066Hi", "Hi\u007F"])(
    "refuses %j",
    (value) => {
      expect(message(value)).toEqual([REFUSED]);
    },
  );

  it("keeps line breaks, tabs and emoji", () => {
    expect(
      requestToJoinInput.parse({ workspaceId: "w", message: "Hi,\n\tcan I join? 👋🏽" }),
    ).toEqual({
      workspaceId: "w",
      message: "Hi,\n\tcan I join? 👋🏽",
    });
  });
});
