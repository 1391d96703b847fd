import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  PERSONAS,
  can,
  canCreateOrganization,
  decide,
  personaOf,
  type Action,
  type DenyReason,
  type Persona,
  type Target,
} from "./matrix";
import type { MembershipStatus, OrgRole } from "./roles";
import { ACTORS, ORG } from "./test-personas";

// The product's permission matrix (docs/product.md), transcribed cell by cell: owner | admin | workspace manager | member.
const PRODUCT_TABLE = `
users.view                | ✓ | ✓ | scoped | ✗
users.invite              | ✓ | ✓ | scoped | ✗
invitations.chooseOrgRole | ✓ | ✓ | ✗      | ✗
invitations.manage        | ✓ | ✓ | scoped | ✗
users.changeOrgRole       | ✓ | ✓ | ✗      | ✗
users.editProfile         | ✓ | ✓ | ✗      | ✗
users.setWorkspaceRoles   | ✓ | ✓ | scoped | ✗
users.resetPassword       | ✓ | ✓ | ✗      | ✗
users.setStatus           | ✓ | ✓ | ✗      | ✗
users.remove              | ✓ | ✓ | ✗      | ✗
joinRequests.decide       | ✓ | ✓ | scoped | ✗
workspaces.createTopLevel | ✓ | ✓ | ✗      | ✗
workspaces.createSub      | ✓ | ✓ | scoped | ✗
workspaces.rename         | ✓ | ✓ | scoped | ✗
workspaces.move           | ✓ | ✓ | scoped | ✗
workspaces.delete         | ✓ | ✓ | ✗      | ✗
settings.view             | ✓ | ✓ | ✗      | ✗
auditLog.view             | ✓ | ✓ | ✗      | ✗
roles.view                | ✓ | ✓ | ✗      | ✗
roles.manage              | ✓ | ✓ | ✗      | ✗
settings.edit             | ✓ | ✗ | ✗      | ✗
sso.view                  | ✓ | ✓ | ✗      | ✗
sso.configure             | ✓ | ✗ | ✗      | ✗
ownership.transfer        | ✓ | ✗ | ✗      | ✗
organization.delete       | ✓ | ✗ | ✗      | ✗
`;

type Cell = "✓" | "scoped" | "✗";
const spec = new Map<string, Record<Persona, Cell>>();
for (const line of PRODUCT_TABLE.trim().split("\n")) {
  const [action, ...cells] = line.split("|").map((s) => s.trim());
  spec.set(
    action!,
    Object.fromEntries(PERSONAS.map((p, i) => [p, cells[i] as Cell])) as Record<Persona, Cell>,
  );
}

// Org A: Engineering > Backend > Payments, and Sales. Org B: Marketing.
const OTHER_ORG = "org-b";
const MANAGED = new Set(["backend", "payments"]);

interface Case {
  name: string;
  target: Target;
  /** Rules beyond the matrix cell, as the product states them; null = none apply. */
  targetRule: (persona: Persona, actorId: string) => DenyReason | null;
  /** For scoped grants: is the target inside the manager's workspaces? */
  inScope: boolean;
}

type UserTarget = Extract<Target, { kind: "user" }>;
const people: Record<string, Omit<UserTarget, "kind" | "organizationId">> = {
  owner: { userId: "u-owner", orgRole: "owner", workspaceIds: [] },
  admin: { userId: "u-admin", orgRole: "admin", workspaceIds: [] },
  otherAdmin: { userId: "u-admin-2", orgRole: "admin", workspaceIds: ["payments"] },
  memberInScope: { userId: "u-in", orgRole: "member", workspaceIds: ["payments"] },
  memberInheritedIntoScope: {
    userId: "u-inherit",
    orgRole: "member",
    workspaceIds: ["eng", "backend", "payments"],
  },
  memberOutOfScope: { userId: "u-out", orgRole: "member", workspaceIds: ["sales"] },
  manager: {
    userId: "u-manager",
    orgRole: "member",
    workspaceIds: ["backend", "payments", "sales"],
  },
  member: { userId: "u-member", orgRole: "member", workspaceIds: ["eng", "backend", "payments"] },
};

const SELF_FORBIDDEN = new Set<Action>([
  "users.changeOrgRole",
  "users.resetPassword",
  "users.setStatus",
  "users.remove",
]);
const USER_ACTIONS = new Set<Action>([
  "users.changeOrgRole",
  "users.editProfile",
  "users.setWorkspaceRoles",
  "users.resetPassword",
  "users.setStatus",
  "users.remove",
]);

function casesFor(action: Action): Case[] {
  const cases: Case[] = [];
  const none = () => null;
  if (action === "users.view" || USER_ACTIONS.has(action)) {
    const newRoles: (OrgRole | undefined)[] =
      action === "users.changeOrgRole" ? ["admin", "member", "owner"] : [undefined];
    const workspaces: (string | undefined)[] =
      action === "users.setWorkspaceRoles" ? ["payments", "sales"] : [undefined];
    for (const [label, person] of Object.entries(people)) {
      for (const newRole of newRoles) {
        for (const workspaceId of workspaces) {
          const target: UserTarget = {
            kind: "user",
            organizationId: ORG,
            ...person,
            ...(newRole ? { newRole } : {}),
            ...(workspaceId ? { workspaceId } : {}),
          };
          cases.push({
            name: `${label}${newRole ? ` → ${newRole}` : ""}${workspaceId ? ` in ${workspaceId}` : ""}`,
            target,
            inScope:
              person.orgRole === "member" &&
              person.workspaceIds.some((id) => MANAGED.has(id)) &&
              (workspaceId === undefined || MANAGED.has(workspaceId)),
            targetRule: (_persona, actorId) => {
              if (USER_ACTIONS.has(action) && person.orgRole === "owner") return "owner_target";
              if (person.userId === actorId && SELF_FORBIDDEN.has(action)) return "self";
              if (newRole === "owner") return "invalid_role";
              return null;
            },
          });
        }
      }
    }
    cases.push({
      name: "someone in another organization",
      target: {
        kind: "user",
        organizationId: OTHER_ORG,
        userId: "u-x",
        orgRole: "member",
        workspaceIds: [],
      },
      inScope: false,
      targetRule: none,
    });
    return cases;
  }
  if (action === "users.invite" || action.startsWith("invitations.")) {
    const workspaceSets: string[][] = [
      [],
      ["payments"],
      ["backend", "payments"],
      ["payments", "sales"],
      ["sales"],
    ];
    for (const role of ["member", "admin", "owner"] as const) {
      for (const workspaceIds of workspaceSets) {
        cases.push({
          name: `as ${role} into [${workspaceIds.join(", ")}]`,
          target: { kind: "invitation", organizationId: ORG, role, workspaceIds },
          inScope: workspaceIds.length > 0 && workspaceIds.every((id) => MANAGED.has(id)),
          targetRule: (persona) =>
            role === "owner" || (persona === "manager" && role !== "member")
              ? "invalid_role"
              : null,
        });
      }
    }
    cases.push({
      name: "another organization's invitation",
      target: { kind: "invitation", organizationId: OTHER_ORG, role: "member", workspaceIds: [] },
      inScope: false,
      targetRule: none,
    });
    return cases;
  }
  if (action === "workspaces.move") {
    const places = ["eng", "backend", "payments", "sales", null];
    for (const workspaceId of ["eng", "backend", "payments", "sales"]) {
      for (const newParentId of places) {
        cases.push({
          name: `${workspaceId} under ${newParentId ?? "top level"}`,
          target: { kind: "workspace", organizationId: ORG, workspaceId, newParentId },
          inScope: MANAGED.has(workspaceId) && newParentId !== null && MANAGED.has(newParentId),
          targetRule: none,
        });
      }
    }
  } else if (
    (action.startsWith("workspaces.") && action !== "workspaces.createTopLevel") ||
    action === "joinRequests.decide"
  ) {
    for (const workspaceId of ["eng", "backend", "payments", "sales"]) {
      cases.push({
        name: workspaceId,
        target: { kind: "workspace", organizationId: ORG, workspaceId },
        inScope: MANAGED.has(workspaceId),
        targetRule: none,
      });
    }
  } else {
    cases.push({
      name: "the organization",
      target: { kind: "organization", organizationId: ORG },
      inScope: true,
      targetRule: none,
    });
  }
  cases.push({
    name: "another organization",
    target:
      cases[0]!.target.kind === "workspace"
        ? {
            kind: "workspace",
            organizationId: OTHER_ORG,
            workspaceId: "marketing",
            newParentId: "marketing",
          }
        : { kind: "organization", organizationId: OTHER_ORG },
    inScope: false,
    targetRule: none,
  });
  return cases;
}

function expected(
  persona: Persona,
  status: MembershipStatus,
  action: Action,
  c: Case,
): DenyReason | "allowed" {
  if (c.target.organizationId !== ORG) return "not_found";
  if (status !== "active") return "inactive";
  const cell = spec.get(action)![persona];
  if (cell === "✗") return "forbidden";
  const rule = c.targetRule(persona, ACTORS[persona]().userId);
  if (rule) return rule;
  if (cell === "scoped" && !c.inScope) return "out_of_scope";
  return "allowed";
}

describe("permission matrix: full truth table", () => {
  it("the matrix has exactly the product's actions", () => {
    expect([...ACTIONS].sort()).toEqual([...spec.keys()].sort());
  });

  it("the test actors have the personas they stand for", () => {
    for (const persona of PERSONAS) expect(personaOf(ACTORS[persona]())).toBe(persona);
  });

  const rows: [Persona, MembershipStatus, Action, string, DenyReason | "allowed", Case][] = [];
  for (const action of ACTIONS) {
    for (const persona of PERSONAS) {
      for (const status of ["active", "disabled", "suspended"] as const) {
        for (const c of casesFor(action)) {
          rows.push([persona, status, action, c.name, expected(persona, status, action, c), c]);
        }
      }
    }
  }

  it(`covers every cell (${rows.length} cases)`, () => {
    expect(rows.length).toBeGreaterThan(1000);
  });

  it.each(rows)("%s (%s) · %s · %s → %s", (persona, status, action, _name, want, c) => {
    const decision = decide(ACTORS[persona](status), action, c.target);
    expect(decision.allowed ? "allowed" : decision.reason).toBe(want);
  });
});

describe("privilege escalation and cross-tenant cases", () => {
  const owner = ACTORS.owner();
  const admin = ACTORS.admin();
  const manager = ACTORS.manager();
  const member = ACTORS.member();
  const user = (p: keyof typeof people, extra: Partial<UserTarget> = {}): UserTarget => ({
    kind: "user",
    organizationId: ORG,
    ...people[p]!,
    ...extra,
  });

  it("nobody grants owner, not even the owner", () => {
    for (const a of [owner, admin]) {
      expect(decide(a, "users.changeOrgRole", user("memberInScope", { newRole: "owner" }))).toEqual(
        {
          allowed: false,
          reason: "invalid_role",
        },
      );
      expect(
        can(a, "users.invite", {
          kind: "invitation",
          organizationId: ORG,
          role: "owner",
          workspaceIds: [],
        }),
      ).toBe(false);
    }
  });

  it("nobody changes their own role, disables, removes or resets themselves", () => {
    expect(decide(admin, "users.changeOrgRole", user("admin", { newRole: "member" }))).toEqual({
      allowed: false,
      reason: "self",
    });
    expect(decide(owner, "users.changeOrgRole", user("owner", { newRole: "admin" })).allowed).toBe(
      false,
    );
    expect(decide(admin, "users.setStatus", user("admin"))).toEqual({
      allowed: false,
      reason: "self",
    });
    expect(decide(admin, "users.remove", user("admin"))).toEqual({
      allowed: false,
      reason: "self",
    });
  });

  it("nobody acts on the owner; admins act on admins and members", () => {
    for (const action of USER_ACTIONS) {
      expect(
        decide(admin, action, user("owner", { newRole: "member", workspaceId: "payments" })),
      ).toEqual({
        allowed: false,
        reason: "owner_target",
      });
    }
    expect(can(admin, "users.changeOrgRole", user("otherAdmin", { newRole: "member" }))).toBe(true);
    expect(can(admin, "users.remove", user("otherAdmin"))).toBe(true);
    expect(can(owner, "users.changeOrgRole", user("admin", { newRole: "member" }))).toBe(true);
  });

  it("a workspace manager never touches org roles, admins, or people outside their workspaces", () => {
    expect(can(manager, "users.changeOrgRole", user("memberInScope", { newRole: "admin" }))).toBe(
      false,
    );
    expect(
      can(manager, "invitations.chooseOrgRole", { kind: "organization", organizationId: ORG }),
    ).toBe(false);
    expect(
      can(manager, "users.invite", {
        kind: "invitation",
        organizationId: ORG,
        role: "admin",
        workspaceIds: ["payments"],
      }),
    ).toBe(false);
    expect(
      can(manager, "users.setWorkspaceRoles", user("otherAdmin", { workspaceId: "payments" })),
    ).toBe(false);
    expect(
      can(manager, "users.setWorkspaceRoles", user("memberInScope", { workspaceId: "sales" })),
    ).toBe(false);
    expect(
      can(manager, "users.setWorkspaceRoles", user("memberInScope", { workspaceId: "payments" })),
    ).toBe(true);
    expect(can(manager, "users.view", user("memberOutOfScope"))).toBe(false);
    expect(can(manager, "users.view", user("memberInheritedIntoScope"))).toBe(true);
    expect(
      can(manager, "workspaces.rename", {
        kind: "workspace",
        organizationId: ORG,
        workspaceId: "eng",
      }),
    ).toBe(false);
    expect(
      can(manager, "workspaces.delete", {
        kind: "workspace",
        organizationId: ORG,
        workspaceId: "payments",
      }),
    ).toBe(false);
    for (const action of ["users.remove", "users.setStatus", "users.resetPassword"] as const) {
      expect(can(manager, action, user("memberInScope"))).toBe(false);
    }
  });

  it("a plain member can do nothing org-level", () => {
    for (const action of ACTIONS) {
      expect(can(member, action, { kind: "organization", organizationId: ORG })).toBe(false);
    }
  });

  it("another organization's records read as not found, whatever the caller's role", () => {
    for (const a of [owner, admin, manager, member]) {
      for (const action of ACTIONS) {
        expect(decide(a, action, { kind: "organization", organizationId: OTHER_ORG })).toEqual({
          allowed: false,
          reason: "not_found",
        });
      }
    }
  });

  it("a disabled or suspended owner or admin can do nothing", () => {
    for (const status of ["disabled", "suspended"] as const) {
      for (const action of ACTIONS) {
        expect(
          can(ACTORS.owner(status), action, { kind: "organization", organizationId: ORG }),
        ).toBe(false);
        expect(
          can(ACTORS.admin(status), action, { kind: "organization", organizationId: ORG }),
        ).toBe(false);
      }
    }
  });

  it("creating another organization needs a signed-in user and ALLOW_ORG_CREATION", () => {
    expect(canCreateOrganization(true, true)).toBe(true);
    expect(canCreateOrganization(true, false)).toBe(false);
    expect(canCreateOrganization(false, true)).toBe(false);
    expect(canCreateOrganization(false, false)).toBe(false);
  });
});
