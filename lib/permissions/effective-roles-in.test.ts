import { describe, expect, it } from "vitest";
import { effectiveRolesIn, WorkspaceTree, type WorkspaceGrant } from "./workspace-roles";

// a > b > c > d (four levels deep), a > e; f alone.
const tree = new WorkspaceTree([
  { id: "a", parentId: null, name: "Company" },
  { id: "b", parentId: "a", name: "Engineering" },
  { id: "c", parentId: "b", name: "Backend" },
  { id: "d", parentId: "c", name: "Payments" },
  { id: "e", parentId: "a", name: "Sales" },
  { id: "f", parentId: null, name: "Board" },
]);

describe("effective roles in one workspace", () => {
  const people: {
    membershipId: string;
    orgRole: "owner" | "admin" | "member";
    grants: WorkspaceGrant[];
  }[] = [
    { membershipId: "ann", orgRole: "member", grants: [{ workspaceId: "b", role: "manager" }] },
    {
      membershipId: "bob",
      orgRole: "member",
      grants: [
        { workspaceId: "a", role: "viewer" },
        { workspaceId: "d", role: "member" },
      ],
    },
    { membershipId: "cy", orgRole: "member", grants: [{ workspaceId: "e", role: "member" }] },
    { membershipId: "olive", orgRole: "owner", grants: [] },
  ];

  it("names the ancestor a role is inherited from, an explicit upgrade, and the organization's managers", () => {
    const rows = effectiveRolesIn(tree, "d", people).map(({ person, effective }) => [
      person.membershipId,
      effective.role,
      effective.source,
      effective.source === "inherited" ? effective.inheritedFrom.name : null,
    ]);
    expect(rows).toEqual([
      ["ann", "manager", "inherited", "Engineering"],
      ["bob", "member", "explicit", null],
      ["olive", "manager", "organization", null],
    ]);
  });

  it("after removal from an ancestor, what was inherited from it is gone", () => {
    const without = people.map((p) => (p.membershipId === "ann" ? { ...p, grants: [] } : p));
    expect(effectiveRolesIn(tree, "c", without).map(({ person }) => person.membershipId)).toEqual([
      "bob",
      "olive",
    ]);
  });

  it("reach: explicit workspaces and everything below them", () => {
    expect(tree.subtreeOf(["c", "e"]).sort()).toEqual(["c", "d", "e"]);
    expect(tree.subtreeOf(["gone"])).toEqual([]);
  });
});

describe("a workspace manager's scope", () => {
  it("is the workspaces they manage and those workspaces' ancestors", () => {
    expect(tree.withAncestors(new Set(["c", "d", "e"])).sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(tree.withAncestors(new Set(["f"]))).toEqual(["f"]);
    expect(tree.withAncestors(new Set<string>())).toEqual([]);
  });
});
