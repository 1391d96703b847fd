import { describe, expect, it } from "vitest";
import {
  WorkspaceTree,
  checkExplicitWorkspaceRole,
  effectiveWorkspaceRoles,
  managedWorkspaceIds,
  type WorkspaceGrant,
  type WorkspaceNode,
} from "./workspace-roles";
import { effectiveMembershipStatus, higherWorkspaceRole, workspaceRoleRank } from "./roles";

// a > b > c > d (four levels), a > e, and f on its own.
const nodes = [
  { id: "a", parentId: null, name: "Company" },
  { id: "b", parentId: "a", name: "Engineering" },
  { id: "c", parentId: "b", name: "Backend" },
  { id: "d", parentId: "c", name: "Payments" },
  { id: "e", parentId: "a", name: "Sales" },
  { id: "f", parentId: null, name: "Board" },
];
const tree = new WorkspaceTree(nodes);
const roleIn = (grants: WorkspaceGrant[], id: string) =>
  effectiveWorkspaceRoles(tree, grants).get(id);

describe("workspace roles", () => {
  it("ranks manager > member > viewer > guest", () => {
    expect(workspaceRoleRank("manager")).toBeGreaterThan(workspaceRoleRank("member"));
    expect(workspaceRoleRank("member")).toBeGreaterThan(workspaceRoleRank("viewer"));
    expect(workspaceRoleRank("viewer")).toBeGreaterThan(workspaceRoleRank("guest"));
    expect(higherWorkspaceRole("guest", "viewer")).toBe("viewer");
  });

  it("inherits a role down any depth, naming where it comes from", () => {
    const grants = [{ workspaceId: "b", role: "viewer" as const }];
    expect(roleIn(grants, "b")).toEqual({
      role: "viewer",
      source: "explicit",
      explicitRole: "viewer",
    });
    for (const id of ["c", "d"]) {
      expect(roleIn(grants, id)).toMatchObject({
        role: "viewer",
        source: "inherited",
        inheritedFrom: { id: "b" },
      });
    }
    expect(roleIn(grants, "a")).toBeUndefined();
    expect(roleIn(grants, "e")).toBeUndefined();
    expect(roleIn(grants, "f")).toBeUndefined();
  });

  it("an explicit role upgrades an inherited one", () => {
    const grants = [
      { workspaceId: "a", role: "viewer" as const },
      { workspaceId: "c", role: "manager" as const },
    ];
    expect(roleIn(grants, "b")).toMatchObject({ role: "viewer", inheritedFrom: { id: "a" } });
    expect(roleIn(grants, "c")).toMatchObject({ role: "manager", source: "explicit" });
    expect(roleIn(grants, "d")).toMatchObject({
      role: "manager",
      source: "inherited",
      inheritedFrom: { id: "c" },
    });
  });

  it("an explicit role lower than an inherited one is outranked, not applied", () => {
    const grants = [
      { workspaceId: "a", role: "manager" as const },
      { workspaceId: "c", role: "guest" as const },
    ];
    expect(roleIn(grants, "c")).toMatchObject({
      role: "manager",
      source: "inherited",
      explicitRole: "guest",
    });
  });

  it("the highest of several ancestors wins", () => {
    const grants = [
      { workspaceId: "a", role: "member" as const },
      { workspaceId: "b", role: "guest" as const },
    ];
    expect(roleIn(grants, "d")).toMatchObject({ role: "member", inheritedFrom: { id: "a" } });
  });

  it("refuses a downgrade below an inherited role, naming the parent", () => {
    const grants = [{ workspaceId: "b", role: "member" as const }];
    const refused = checkExplicitWorkspaceRole(tree, grants, "d", "viewer");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.parent.name).toBe("Engineering");
      expect(refused.message).toContain('"Engineering"');
    }
    expect(checkExplicitWorkspaceRole(tree, grants, "d", "member")).toEqual({ ok: true });
    expect(checkExplicitWorkspaceRole(tree, grants, "d", "manager")).toEqual({ ok: true });
    expect(checkExplicitWorkspaceRole(tree, grants, "e", "guest")).toEqual({ ok: true });
  });

  it("removal from an ancestor removes what was inherited from it", () => {
    const withParent = [
      { workspaceId: "b", role: "manager" as const },
      { workspaceId: "d", role: "viewer" as const },
    ];
    expect(roleIn(withParent, "d")?.role).toBe("manager");
    const without = withParent.filter((g) => g.workspaceId !== "b");
    expect(roleIn(without, "d")).toMatchObject({ role: "viewer", source: "explicit" });
    expect(roleIn(without, "c")).toBeUndefined();
  });

  it("moving a subtree changes what it inherits", () => {
    const grants = [{ workspaceId: "e", role: "manager" as const }];
    expect(effectiveWorkspaceRoles(tree, grants).get("c")).toBeUndefined();
    const moved = new WorkspaceTree(nodes.map((n) => (n.id === "c" ? { ...n, parentId: "e" } : n)));
    expect(effectiveWorkspaceRoles(moved, grants).get("c")).toMatchObject({
      role: "manager",
      inheritedFrom: { id: "e" },
    });
    expect(effectiveWorkspaceRoles(moved, grants).get("d")).toMatchObject({
      role: "manager",
      inheritedFrom: { id: "e" },
    });
    expect(moved.path("d")).toBe("Company / Sales / Backend / Payments");
  });

  it("lists every workspace by its path, in the paths' order, and doesn't change once built", () => {
    const byPath = tree.byPath();
    expect(byPath).toEqual([
      { id: "f", path: "Board" },
      { id: "a", path: "Company" },
      { id: "b", path: "Company / Engineering" },
      { id: "c", path: "Company / Engineering / Backend" },
      { id: "d", path: "Company / Engineering / Backend / Payments" },
      { id: "e", path: "Company / Sales" },
    ]);
    expect(tree.byPath()).toBe(byPath);
    expect(Object.isFrozen(byPath) && byPath.every((w) => Object.isFrozen(w))).toBe(true);
    // Shared between requests, a tree's lists can't be altered by one of them.
    expect(() => (tree.children("a") as WorkspaceNode[]).pop()).toThrow(TypeError);
    expect(tree.children("a").map((n) => n.id)).toEqual(["b", "e"]);
  });

  it("owners and admins are manager of every workspace", () => {
    for (const orgRole of ["owner", "admin"] as const) {
      expect(managedWorkspaceIds(tree, [], orgRole)).toEqual(new Set(nodes.map((n) => n.id)));
    }
    expect(managedWorkspaceIds(tree, [{ workspaceId: "c", role: "manager" }])).toEqual(
      new Set(["c", "d"]),
    );
    expect(managedWorkspaceIds(tree, [{ workspaceId: "c", role: "member" }])).toEqual(new Set());
  });

  it("survives a cycle in corrupt data without hanging", () => {
    const cyclic = new WorkspaceTree([
      { id: "x", parentId: "y", name: "X" },
      { id: "y", parentId: "x", name: "Y" },
    ]);
    expect(cyclic.ancestors("x").map((n) => n.id)).toEqual(["y"]);
    expect(
      effectiveWorkspaceRoles(cyclic, [{ workspaceId: "x", role: "member" }]).get("x")?.role,
    ).toBe("member");
  });
});

describe("membership status", () => {
  const past = new Date("2020-01-01");
  const future = new Date("2999-01-01");
  it("reads non-owners as suspended while the subscription has lapsed", () => {
    expect(effectiveMembershipStatus("active", "member", past)).toBe("suspended");
    expect(effectiveMembershipStatus("active", "admin", past)).toBe("suspended");
    expect(effectiveMembershipStatus("active", "owner", past)).toBe("active");
    expect(effectiveMembershipStatus("active", "member", future)).toBe("active");
    expect(effectiveMembershipStatus("active", "member", null)).toBe("active");
    expect(effectiveMembershipStatus("disabled", "member", future)).toBe("disabled");
    expect(effectiveMembershipStatus("disabled", "member", past)).toBe("disabled");
  });
});
