import { describe, expect, it } from "vitest";
import { holdersText, usageSentence } from "./usage";

describe("what a custom role is used by, in words", () => {
  it("names the role and everything its deletion affects", () => {
    expect(usageSentence("Editor", { people: 3, workspaces: 2, invitations: 1 })).toBe(
      "3 people in 2 workspaces hold Editor, and 1 pending invitation gives it.",
    );
    expect(usageSentence("Editor", { people: 1, workspaces: 1, invitations: 0 })).toBe(
      "1 person in 1 workspace holds Editor.",
    );
    expect(usageSentence("Editor", { people: 0, workspaces: 0, invitations: 2 })).toBe(
      "2 pending invitations give Editor.",
    );
    expect(usageSentence("Editor", { people: 0, workspaces: 0, invitations: 0 })).toBe(
      "Nobody holds Editor, and no pending invitation gives it.",
    );
  });

  it("the Holders cell", () => {
    expect(holdersText({ people: 3, workspaces: 2, invitations: 1 })).toBe(
      "3 people in 2 workspaces, 1 pending invitation",
    );
    expect(holdersText({ people: 0, workspaces: 0, invitations: 0 })).toBe("Nobody");
  });
});
