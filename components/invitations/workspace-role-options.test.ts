import { describe, expect, it } from "vitest";
import type { InviteRoleOption } from "@/lib/invitations/invite-options";
import { roleAfterWorkspaceChange, rolesFor, rowRoleKey } from "./workspace-role-options";

const guest: InviteRoleOption = { key: "guest", label: "Guest", recipe: null };
const member: InviteRoleOption = { key: "member", label: "Member", recipe: null };
const manager: InviteRoleOption = { key: "manager", label: "Manager", recipe: null };
const editor: InviteRoleOption = {
  key: "custom:editor",
  label: "Editor",
  recipe: "member + edit workspace",
};
const ALL = [manager, member, guest, editor];

describe("a workspace row's roles", () => {
  it("are all of them where the workspace doesn't narrow them, else its own and the kept one", () => {
    expect(rolesFor(ALL, undefined)).toEqual(ALL);
    expect(rolesFor(ALL, {})).toEqual(ALL);
    expect(rolesFor(ALL, { roles: ["guest"] })).toEqual([guest]);
    expect(rolesFor(ALL, { roles: ["guest"] }, "custom:editor")).toEqual([guest, editor]);
  });

  it("start at member where it may be given, else the first built-in role, else guest", () => {
    expect(rowRoleKey(ALL)).toBe("member");
    expect(rowRoleKey([editor, guest])).toBe("guest");
    expect(rowRoleKey([editor])).toBe("custom:editor");
    expect(rowRoleKey([])).toBe("guest");
  });

  it("keep the row's role on a change of workspace when it may be given there", () => {
    expect(roleAfterWorkspaceChange(ALL, "manager")).toBeNull();
    expect(roleAfterWorkspaceChange([guest, editor], "custom:editor")).toBeNull();
  });

  it("replace it with the role a new row would start at there when it may not", () => {
    expect(roleAfterWorkspaceChange([guest, member], "manager")).toBe("member");
    expect(roleAfterWorkspaceChange([guest], "custom:editor")).toBe("guest");
    expect(roleAfterWorkspaceChange([guest], undefined)).toBe("guest");
    expect(roleAfterWorkspaceChange([], "member")).toBe("guest");
  });
});
