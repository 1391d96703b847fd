import { describe, expect, it } from "vitest";
import { effectiveWorkspaceRoles, WorkspaceTree, type WorkspaceNode } from "@/lib/permissions";
import {
  checkWorkspaceMove,
  moveDestinations,
  siblingKey,
  siblingNamed,
} from "@/lib/workspaces/tree";

// Company > Engineering > Backend > Payments; Company > Sales > Backend (a namesake); Board.
const nodes: WorkspaceNode[] = [
  { id: "co", parentId: null, name: "Company" },
  { id: "eng", parentId: "co", name: "Engineering" },
  { id: "be", parentId: "eng", name: "Backend" },
  { id: "pay", parentId: "be", name: "Payments" },
  { id: "sales", parentId: "co", name: "Sales" },
  { id: "sbe", parentId: "sales", name: "backend" },
  { id: "board", parentId: null, name: "Board" },
];
const tree = new WorkspaceTree(nodes);

describe("sibling-unique names", () => {
  it("keys a name by its parent, ignoring case", () => {
    expect(siblingKey(null, "Board")).toBe("root/board");
    expect(siblingKey("eng", "BackEnd")).toBe("eng/backend");
  });

  it("finds a sibling of the same name, but not the workspace itself or a cousin", () => {
    expect(siblingNamed(tree, "eng", "BACKEND")?.id).toBe("be");
    expect(siblingNamed(tree, "eng", "Backend", "be")).toBeUndefined();
    expect(siblingNamed(tree, "co", "Backend")).toBeUndefined();
    expect(siblingNamed(tree, null, "board")?.id).toBe("board");
  });
});

describe("moving a workspace", () => {
  it("never into itself", () => {
    expect(checkWorkspaceMove(tree, "eng", "eng")).toMatchObject({
      ok: false,
      reason: "into_itself",
    });
  });

  it("never anywhere into its own subtree, at any depth", () => {
    for (const inside of ["be", "pay"]) {
      expect(checkWorkspaceMove(tree, "eng", inside)).toMatchObject({
        ok: false,
        reason: "into_own_subtree",
      });
    }
    expect(checkWorkspaceMove(tree, "co", "pay")).toMatchObject({
      ok: false,
      message:
        '"Company" can\'t be moved into "Company / Engineering / Backend / Payments": that workspace is inside it.',
    });
  });

  it("never onto a sibling's name (in any case), nor where it already is", () => {
    expect(checkWorkspaceMove(tree, "be", "sales")).toEqual({
      ok: false,
      reason: "name_taken",
      message: 'There is already a workspace named "Backend" in "Company / Sales".',
    });
    expect(checkWorkspaceMove(tree, "be", "eng")).toMatchObject({
      ok: false,
      reason: "already_there",
    });
    expect(checkWorkspaceMove(tree, "board", null)).toEqual({
      ok: false,
      reason: "already_there",
      message: '"Board" is already at the top level.',
    });
  });

  it("refuses unknown workspaces", () => {
    expect(checkWorkspaceMove(tree, "nope", null)).toMatchObject({ reason: "not_found" });
    expect(checkWorkspaceMove(tree, "be", "nope")).toMatchObject({ reason: "not_found" });
  });

  it("allows any other parent, and the top level", () => {
    expect(checkWorkspaceMove(tree, "pay", "sales")).toEqual({ ok: true });
    expect(checkWorkspaceMove(tree, "pay", null)).toEqual({ ok: true });
    expect(checkWorkspaceMove(tree, "co", "board")).toEqual({ ok: true });
  });

  it("lists the valid destinations", () => {
    // Not itself, not below itself, not its parent, not next to its namesake (under Sales).
    expect(moveDestinations(tree, "be")).toEqual([null, "co", "sbe", "board"]);
    expect(moveDestinations(tree, "co")).toEqual(["board"]);
    expect(moveDestinations(tree, "pay")).toEqual([null, "co", "eng", "sales", "sbe", "board"]);
  });

  it("a moved subtree inherits from its new ancestors, and stops inheriting from the old", () => {
    const grants = [
      { workspaceId: "eng", role: "manager" as const },
      { workspaceId: "sales", role: "viewer" as const },
    ];
    expect(effectiveWorkspaceRoles(tree, grants).get("pay")).toMatchObject({
      role: "manager",
      inheritedFrom: { id: "eng" },
    });
    expect(checkWorkspaceMove(tree, "pay", "sbe")).toEqual({ ok: true });
    const moved = new WorkspaceTree(
      nodes.map((n) => (n.id === "pay" ? { ...n, parentId: "sbe" } : n)),
    );
    expect(effectiveWorkspaceRoles(moved, grants).get("pay")).toMatchObject({
      role: "viewer",
      inheritedFrom: { id: "sales" },
    });
    expect(moved.path("pay")).toBe("Company / Sales / backend / Payments");
  });
});
