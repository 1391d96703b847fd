import { describe, expect, it } from "vitest";
import { initiallyOpen, OPEN_ALL_UP_TO, type TreeNode } from "./workspace-tree";

function node(id: string, children: TreeNode[] = []): TreeNode {
  return { id, name: id, memberCount: 0, myRoleLabel: null, pendingJoinRequests: 0, children };
}

/** `roots` top-level workspaces with `each` sub-workspaces apiece. */
function forest(roots: number, each: number): TreeNode[] {
  return Array.from({ length: roots }, (_, r) =>
    node(
      `r${r}`,
      Array.from({ length: each }, (_, c) => node(`r${r}c${c}`)),
    ),
  );
}

describe("which branches the workspace tree opens with", () => {
  it("opens a small tree in full", () => {
    const nodes = forest(5, 9); // 50 workspaces
    expect(initiallyOpen(nodes).size).toBe(OPEN_ALL_UP_TO);
    expect(initiallyOpen(nodes).has("r4c8")).toBe(true);
  });

  it("opens a larger one at its top level only", () => {
    expect(initiallyOpen(forest(17, 2))).toEqual(new Set()); // 51 workspaces
    expect(initiallyOpen(forest(20, 10))).toEqual(new Set());
  });
});
