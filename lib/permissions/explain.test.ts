import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain, questionTarget, type ExplainStep, type ExplainSubject } from "./explain";
import { ACTIONS, PERMISSION_MATRIX, decide, type Action, type Target } from "./matrix";
import {
  ORG_ROLES,
  WORKSPACE_ROLES,
  type MembershipStatus,
  type OrgRole,
  type WorkspaceRole,
} from "./roles";
import { actorScope, WorkspaceTree, type WorkspaceGrant } from "./workspace-roles";

const ORG = "org-a";

// Engineering > Platform > Payments, and Sales.
const tree = new WorkspaceTree([
  { id: "eng", parentId: null, name: "Engineering" },
  { id: "platform", parentId: "eng", name: "Platform" },
  { id: "payments", parentId: "platform", name: "Payments" },
  { id: "sales", parentId: null, name: "Sales" },
]);
const context = { tree };

function subject(
  orgRole: OrgRole,
  grants: WorkspaceGrant[] = [],
  status: MembershipStatus = "active",
): ExplainSubject {
  return { userId: "u-1", membershipId: "m-1", organizationId: ORG, orgRole, status, grants };
}

const ws = (id: string) => ({ id, parentId: tree.get(id)?.parentId ?? null });
const inOrg = (action: Action, workspaceId: string | null) =>
  questionTarget(ORG, action, workspaceId === null ? null : ws(workspaceId));

describe("explain: the path in the product's words", () => {
  it("names the organization role of owners and admins", () => {
    expect(
      explain(
        subject("admin"),
        "joinRequests.decide",
        inOrg("joinRequests.decide", "payments"),
        context,
      ),
    ).toMatchObject({
      allowed: true,
      text: "admin of the organization",
    });
    expect(
      explain(subject("owner"), "organization.delete", inOrg("organization.delete", null), context),
    ).toMatchObject({
      allowed: true,
      text: "owner of the organization",
    });
  });

  it("names the ancestor a manager role is inherited from, and the workspace it reaches", () => {
    const manager = subject("member", [{ workspaceId: "eng", role: "manager" }]);
    const answer = explain(
      manager,
      "joinRequests.decide",
      inOrg("joinRequests.decide", "platform"),
      context,
    );
    expect(answer.allowed).toBe(true);
    expect(answer.text).toBe("Manager of Engineering, inherited in Engineering / Platform");
    expect(answer.because).toContainEqual(
      expect.objectContaining({
        kind: "workspace-role",
        source: "inherited",
        inheritedFrom: { id: "eng", name: "Engineering" },
      }),
    );
  });

  it("names an explicit role as explicit", () => {
    const manager = subject("member", [{ workspaceId: "platform", role: "manager" }]);
    expect(
      explain(manager, "workspaces.rename", inOrg("workspaces.rename", "platform"), context).text,
    ).toBe("Manager in Engineering / Platform (explicit)");
  });

  it("says why not: the role held there and the role needed", () => {
    const member = subject("member", [
      { workspaceId: "platform", role: "member" },
      { workspaceId: "sales", role: "manager" },
    ]);
    expect(
      explain(member, "joinRequests.decide", inOrg("joinRequests.decide", "platform"), context),
    ).toMatchObject({
      allowed: false,
      text: "Member in Engineering / Platform (explicit); only a manager there, or a custom role with “Approve join requests”, may approve or reject join requests",
    });
    expect(
      explain(member, "joinRequests.decide", inOrg("joinRequests.decide", "eng"), context).text,
    ).toBe(
      "no role in Engineering; only a manager there, or a custom role with “Approve join requests”, may approve or reject join requests",
    );
  });

  it("says who the matrix lets do an organization-level action", () => {
    const manager = subject("member", [{ workspaceId: "eng", role: "manager" }]);
    expect(
      explain(manager, "workspaces.delete", inOrg("workspaces.delete", "platform"), context).text,
    ).toBe(
      "member of the organization, Manager in Engineering (explicit); only the owner and admins may delete a workspace",
    );
    expect(
      explain(subject("admin"), "settings.edit", inOrg("settings.edit", null), context).text,
    ).toBe("admin of the organization; only the owner may edit organization settings");
    expect(explain(subject("member"), "users.view", inOrg("users.view", null), context).text).toBe(
      "member of the organization, manager of no workspace; only the owner, admins and workspace managers may see the Users list",
    );
  });

  it("names the target rules: disabled, the owner, themselves", () => {
    expect(
      explain(subject("admin", [], "disabled"), "users.view", inOrg("users.view", null), context)
        .text,
    ).toBe("disabled in this organization");
    const owner: Target = {
      kind: "user",
      organizationId: ORG,
      userId: "u-owner",
      orgRole: "owner",
      workspaceIds: [],
    };
    expect(explain(subject("admin"), "users.remove", owner, context).text).toBe(
      "nobody removes the owner; ownership moves only by transfer",
    );
    const self: Target = {
      kind: "user",
      organizationId: ORG,
      userId: "u-1",
      orgRole: "admin",
      workspaceIds: [],
    };
    expect(explain(subject("admin"), "users.setStatus", self, context).text).toMatch(
      /^not on themselves/,
    );
  });
});

// Random trees (each node's parent is an earlier node, often the one just before: deep chains),
// grants, org roles, statuses, actions and targets.
function worldOf(options: { managersOnly: boolean }) {
  return fc.integer({ min: 1, max: 7 }).chain((size) =>
    fc.record({
      parents: fc.tuple(
        ...Array.from({ length: size }, (_, i) =>
          i === 0
            ? fc.constant(-1)
            : fc.oneof(fc.constant(i - 1), fc.integer({ min: -1, max: i - 1 })),
        ),
      ),
      grants: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: size - 1 }),
          role: options.managersOnly
            ? fc.constantFrom<WorkspaceRole>("manager", "manager", ...WORKSPACE_ROLES)
            : fc.constantFrom(...WORKSPACE_ROLES),
        }),
        { minLength: options.managersOnly ? 1 : 0, maxLength: 5 },
      ),
      orgRole: options.managersOnly
        ? fc.constant<OrgRole>("member")
        : fc.constantFrom<OrgRole>("member", "member", "admin", "owner"),
      status: options.managersOnly
        ? fc.constant<MembershipStatus>("active")
        : fc.constantFrom<MembershipStatus>("active", "active", "active", "disabled", "suspended"),
      action: options.managersOnly
        ? fc.constantFrom(...ACTIONS.filter((a) => PERMISSION_MATRIX[a].manager === "scoped"))
        : fc.constantFrom(...ACTIONS),
      at: fc.integer({ min: -1, max: size - 1 }),
      other: fc.integer({ min: -1, max: size - 1 }),
      targetKind: options.managersOnly
        ? fc.constantFrom("question", "user", "invitation", "workspace")
        : fc.constantFrom("question", "user", "invitation", "workspace", "foreign"),
      targetRole: fc.constantFrom(...ORG_ROLES),
      targetIsSelf: fc.boolean(),
    }),
  );
}
type World = ReturnType<typeof worldOf> extends fc.Arbitrary<infer W> ? W : never;

/** explain() says what decide() says; a yes through an inherited role names a real manager above. */
function checkAgreement(w: World) {
  const id = (i: number) => (i < 0 ? null : `w${i}`);
  const randomTree = new WorkspaceTree(
    w.parents.map((p, i) => ({ id: `w${i}`, parentId: id(p), name: `W${i}` })),
  );
  const grants = w.grants.map((g) => ({ workspaceId: `w${g.at}`, role: g.role }));
  const person = subject(w.orgRole, grants, w.status);
  const at = id(w.at);
  const other = id(w.other);
  const node = at === null ? null : { id: at, parentId: randomTree.get(at)?.parentId ?? null };
  const target: Target =
    w.targetKind === "question"
      ? questionTarget(ORG, w.action, node)
      : w.targetKind === "user"
        ? {
            kind: "user",
            organizationId: ORG,
            userId: w.targetIsSelf ? person.userId : "u-2",
            orgRole: w.targetRole,
            workspaceIds: at === null ? [] : randomTree.subtreeOf([at]),
            ...(other === null ? {} : { workspaceId: other }),
            ...(w.targetIsSelf ? {} : { newRole: w.targetRole }),
          }
        : w.targetKind === "invitation"
          ? {
              kind: "invitation",
              organizationId: ORG,
              role: w.targetRole,
              workspaceIds: [at, other].filter((x): x is string => x !== null),
            }
          : w.targetKind === "workspace"
            ? { kind: "workspace", organizationId: ORG, workspaceId: at, newParentId: other }
            : { kind: "organization", organizationId: "org-b" };

  const answer = explain(person, w.action, target, { tree: randomTree });
  const actor = {
    userId: person.userId,
    membershipId: person.membershipId,
    organizationId: ORG,
    orgRole: person.orgRole,
    status: person.status,
    ...(person.status === "active"
      ? actorScope(randomTree, grants, person.orgRole)
      : { managedWorkspaceIds: new Set<string>(), holdings: new Map() }),
  };
  const verdict = decide(actor, w.action, target);
  expect(answer.allowed).toBe(verdict.allowed);
  expect(answer.decision).toEqual(verdict);
  expect(answer.text.length).toBeGreaterThan(0);

  let inheritedYes = false;
  for (const step of answer.because) {
    if (!answer.allowed || !isInherited(step)) continue;
    inheritedYes = true;
    const from = step.inheritedFrom!;
    expect(randomTree.ancestors(step.workspaceId).map((a) => a.id)).toContain(from.id);
    expect(grants).toContainEqual({ workspaceId: from.id, role: "manager" });
    expect(answer.text).toContain(
      `of ${from.name}, inherited in ${randomTree.path(step.workspaceId)}`,
    );
  }
  return inheritedYes;
}

describe("explain agrees with decide()", () => {
  it("on random trees, grants, org roles, statuses, actions and targets", () => {
    fc.assert(
      fc.property(worldOf({ managersOnly: false }), (w) => {
        checkAgreement(w);
      }),
      { numRuns: 2000 },
    );
  });

  it("for workspace managers: an inherited yes names an ancestor that really holds manager", () => {
    let inheritedYeses = 0;
    fc.assert(
      fc.property(worldOf({ managersOnly: true }), (w) => {
        if (checkAgreement(w)) inheritedYeses++;
      }),
      { numRuns: 2000 },
    );
    // The runs did reach the case the property is about.
    expect(inheritedYeses).toBeGreaterThan(50);
  });
});

function isInherited(step: ExplainStep): step is Extract<ExplainStep, { kind: "workspace-role" }> {
  return step.kind === "workspace-role" && step.source === "inherited";
}
