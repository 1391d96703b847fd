// The roles & permissions reference (docs/permissions.md), rendered from the permission data
// itself. `npm run docs:permissions` writes it; reference.test.ts fails when it is out of date.
import {
  ACTIONS,
  PERMISSION_MATRIX,
  PERSONAS,
  USER_TARGET_ACTIONS,
  decide,
  type Action,
  type DenyReason,
  type Grant,
  type Persona,
} from "./matrix";
import {
  ASSIGNABLE_ORG_ROLES,
  MEMBERSHIP_STATUSES,
  ORG_ROLES,
  ORG_ROLE_LABELS,
  STATUS_LABELS,
  WORKSPACE_ROLES,
  WORKSPACE_ROLE_LABELS,
  workspaceRoleRank,
  type OrgRole,
  type WorkspaceRole,
} from "./roles";
import {
  WorkspaceTree,
  checkExplicitWorkspaceRole,
  effectiveWorkspaceRoles,
  managedWorkspaceIds,
  type WorkspaceGrant,
} from "./workspace-roles";

/** What each action lets a person do, in the product's words. Exhaustive: a new action needs one. */
export const ACTION_LABELS: Record<Action, string> = {
  "users.view": "see the Users list",
  "users.invite": "invite people",
  "invitations.chooseOrgRole": "choose the org role of an invitee",
  "invitations.manage": "edit, resend, renew or revoke an invitation",
  "users.changeOrgRole": "change someone's org role (admin ↔ member)",
  "users.editProfile": "edit someone's name or email",
  "users.setWorkspaceRoles": "add or remove someone's workspaces, set their workspace roles",
  "users.resetPassword": "reset someone's password (email link)",
  "users.setStatus": "disable or enable someone",
  "users.remove": "remove someone from the organization",
  "joinRequests.decide": "approve or reject join requests",
  "workspaces.createTopLevel": "create a top-level workspace",
  "workspaces.createSub": "create a sub-workspace",
  "workspaces.rename": "rename a workspace",
  "workspaces.move": "move a workspace under another parent",
  "workspaces.delete": "delete a workspace",
  "settings.view": "open organization settings (read)",
  "auditLog.view": "view and export the audit log",
  "settings.edit": "edit organization settings",
  "sso.view": "see the single sign-on settings (read)",
  "sso.configure": "set up, test, enable, enforce or remove single sign-on (OpenID Connect)",
  "ownership.transfer": "transfer ownership",
  "organization.delete": "delete the organization",
};

/** Column headings of the matrix, one per persona. */
export const PERSONA_LABELS: Record<Persona, string> = {
  owner: ORG_ROLE_LABELS.owner,
  admin: ORG_ROLE_LABELS.admin,
  manager: `Workspace ${WORKSPACE_ROLE_LABELS.manager.toLowerCase()}`,
  member: ORG_ROLE_LABELS.member,
};

/** How a grant reads in a cell of the matrix. */
export const GRANT_CELLS: Record<Grant, string> = { all: "✓", scoped: "scoped", none: "✗" };

/**
 * Every deny reason `decide()` can return, in the order it checks them (the first that applies
 * wins). Exhaustive: a new reason needs a description here.
 */
export const DENY_REASON_DESCRIPTIONS: Record<DenyReason, string> = {
  not_found:
    "The record belongs to another organization. It reads as not found, never as forbidden, whatever the caller's role.",
  inactive: "The caller's membership is not active (disabled or suspended).",
  forbidden: "The matrix cell for the caller's persona is ✗.",
  owner_target: "The target is the organization's owner; ownership moves only by transfer.",
  self: "The caller is acting on themselves through an action nobody does to themselves.",
  invalid_role:
    "A role that may not be granted here: owner (never), or anything but member when a workspace manager invites.",
  out_of_scope:
    "The grant is scoped and the target lies outside the caller's workspaces (or is not a member).",
};

/** An action key as inline code; typed, so a renamed action is a compile error here. */
function key(action: Action): string {
  return `\`${action}\``;
}

function list(items: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

const WIDTH = 100;

/** One paragraph, its words joined by spaces and wrapped at WIDTH like the repo's prose. */
function paragraph(...parts: string[]): string {
  return wrap(parts.join(" "), "", "");
}

/** One bullet, wrapped with a hanging indent. */
function bullet(...parts: string[]): string {
  return wrap(parts.join(" "), "- ", "  ");
}

function wrap(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

function actionList(actions: readonly Action[]): string {
  return actions.map((a) => bullet(`${ACTION_LABELS[a]} (${key(a)})`)).join("\n");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function orgRoleRank(role: OrgRole): number {
  return ORG_ROLES.length - 1 - ORG_ROLES.indexOf(role);
}

/**
 * The actions `decide()` refuses when a person targets themselves, read off `decide()` itself: an
 * active admin acting on their own account, with a grantable new role.
 */
export function notOnSelfActions(): Action[] {
  const me = "reference-self";
  const org = "reference-org";
  const admin = {
    userId: me,
    membershipId: `${me}-membership`,
    organizationId: org,
    orgRole: "admin" as const,
    status: "active" as const,
    managedWorkspaceIds: new Set<string>(),
  };
  return ACTIONS.filter((action) => {
    const decision = decide(admin, action, {
      kind: "user",
      organizationId: org,
      userId: me,
      orgRole: "admin",
      workspaceIds: [],
      newRole: "member",
    });
    return !decision.allowed && decision.reason === "self";
  });
}

/** A small tree and one person in it, to show inheritance with the real functions. */
function inheritanceExample(): string {
  const tree = new WorkspaceTree([
    { id: "eng", parentId: null, name: "Engineering" },
    { id: "backend", parentId: "eng", name: "Backend" },
    { id: "payments", parentId: "backend", name: "Payments" },
    { id: "sales", parentId: null, name: "Sales" },
  ]);
  const grants: WorkspaceGrant[] = [
    { workspaceId: "eng", role: "viewer" },
    { workspaceId: "backend", role: "manager" },
    { workspaceId: "payments", role: "member" },
  ];
  const explicit = new Map(grants.map((g) => [g.workspaceId, g.role]));
  const effective = effectiveWorkspaceRoles(tree, grants);
  const label = (role: WorkspaceRole | null | undefined) =>
    role ? WORKSPACE_ROLE_LABELS[role] : "—";
  const rows = tree.all().map((node) => {
    const e = effective.get(node.id);
    const how = !e
      ? "no role: not a member"
      : e.source === "inherited"
        ? `inherited from ${e.inheritedFrom.name}` +
          (e.explicitRole ? ` (explicit ${label(e.explicitRole)} kept, not in effect)` : "")
        : e.source;
    return [tree.path(node.id), label(explicit.get(node.id)), label(e?.role), how];
  });
  const managed = managedWorkspaceIds(tree, grants);
  const managedNames = tree
    .all()
    .filter((n) => managed.has(n.id))
    .map((n) => n.name);
  const downgrade = checkExplicitWorkspaceRole(tree, grants, "payments", "viewer");
  const refusal = downgrade.ok ? "is accepted." : `is refused: _${downgrade.message}_`;
  return [
    paragraph("For example, an org member with these explicit workspace roles:"),
    table(["Workspace", "Explicit role", "Effective role", "Why"], rows),
    paragraph(
      `is a workspace manager, and their workspaces are ${list(managedNames)}.`,
      `Setting their role in Payments to ${label("viewer")} ${refusal}`,
    ),
  ].join("\n\n");
}

/** The reference as markdown; deterministic. Callers format it with Prettier before writing. */
export function renderPermissionsReference(): string {
  const tree = new WorkspaceTree([
    { id: "a", parentId: null, name: "A" },
    { id: "b", parentId: "a", name: "B" },
  ]);
  const managersEverywhere = ORG_ROLES.filter(
    (role) => managedWorkspaceIds(tree, [], role).size === tree.all().length,
  );
  const notAssignable = ORG_ROLES.filter(
    (role) => !(ASSIGNABLE_ORG_ROLES as readonly OrgRole[]).includes(role),
  );
  const inactive = MEMBERSHIP_STATUSES.filter((s) => s !== "active");
  const scopedForManagers = ACTIONS.filter((a) => PERMISSION_MATRIX[a].manager === "scoped");
  const code = (text: string) => `\`${text}\``;
  const plural = (roles: readonly OrgRole[]) =>
    list(roles.map((r) => `${ORG_ROLE_LABELS[r].toLowerCase()}s`));
  const manager = PERSONA_LABELS.manager.toLowerCase();
  const member = ORG_ROLE_LABELS.member.toLowerCase();

  const sections: string[] = [
    "# Roles and permissions",

    "<!-- Generated by scripts/docs/permissions.ts from lib/permissions. Do not edit by hand. -->",

    paragraph(
      "This file is generated from the permission data in `lib/permissions`: the matrix, the roles",
      "and their labels, the deny reasons. Do not edit it by hand; run `npm run docs:permissions` to",
      "regenerate it (a unit test fails when it is out of date). The server enforces exactly this",
      "table: every server action and every page asks the same `decide()` function, which reads",
      "`PERMISSION_MATRIX` and applies the target rules below. Anything not listed is refused.",
    ),

    "## Roles",

    paragraph(
      "Every person has two layers of role, set independently: one **org role** in the",
      "organization, and a **workspace role** in each workspace they belong to. A larger rank is",
      "more powerful.",
    ),

    "### Org roles",

    table(
      ["Rank", "Org role", "Key", "Given by"],
      ORG_ROLES.map((role) => [
        String(orgRoleRank(role)),
        ORG_ROLE_LABELS[role],
        code(role),
        (ASSIGNABLE_ORG_ROLES as readonly OrgRole[]).includes(role)
          ? "an invitation or a role change"
          : "only by transferring ownership",
      ]),
    ),

    paragraph(
      `Nobody grants ${list(notAssignable.map(code))} through an invitation or a role change:`,
      "ownership moves only by transferring it, so there is always exactly one owner.",
    ),

    "### Workspace roles",

    table(
      ["Rank", "Workspace role", "Key"],
      WORKSPACE_ROLES.map((role) => [
        String(workspaceRoleRank(role)),
        WORKSPACE_ROLE_LABELS[role],
        code(role),
      ]),
    ),

    paragraph(
      "**Effective workspace role.** A workspace role is inherited by every sub-workspace below",
      "it. In a workspace, a person's effective role is the highest-ranked of their explicit role",
      "there and every role inherited from its ancestors. An explicit role may upgrade an inherited",
      "one, never downgrade it: the attempt is refused with a message naming the parent workspace",
      "where the role must be changed instead.",
      `Org ${plural(managersEverywhere)} are effectively ${WORKSPACE_ROLE_LABELS.manager} of every`,
      "workspace.",
    ),

    paragraph(
      `**${PERSONA_LABELS.manager}.** An org ${member} whose effective workspace role is`,
      `${WORKSPACE_ROLE_LABELS.manager} in at least one workspace; the workspaces where it is`,
      "(sub-workspaces included) are _their workspaces_. Org owners and admins keep their own",
      "column in the matrix.",
    ),

    inheritanceExample(),

    "## Organization-level permissions",

    paragraph(
      "✓ allowed, ✗ refused, _scoped_ = only within the caller's workspaces (see the target rules",
      "below). Each row is one `action` of `PERMISSION_MATRIX`.",
    ),

    table(
      ["Action", ...PERSONAS.map((p) => PERSONA_LABELS[p]), "`action`"],
      ACTIONS.map((action) => [
        ACTION_LABELS[action],
        ...PERSONAS.map((p) => GRANT_CELLS[PERMISSION_MATRIX[action][p]]),
        key(action),
      ]),
    ),

    paragraph(
      "Creating another organization is outside this table: any signed-in person may, and only",
      "when the server is configured with `ALLOW_ORG_CREATION=true`.",
    ),

    "## Target rules",

    paragraph(
      "`decide()` applies these on top of the matrix cells, once it knows the record acted on:",
    ),

    [
      bullet(
        "**Nobody acts on the owner** through the actions on a person:",
        `${list(USER_TARGET_ACTIONS.map(key))}.`,
      ),
      bullet(
        `**Nobody acts on themselves** through ${list(notOnSelfActions().map(key))}: nobody`,
        "changes their own org role, disables, removes or resets themselves. Self-service lives in",
        "account settings.",
      ),
      bullet(
        `**Nobody grants ${list(notAssignable.map(code))}**, not even the owner: not by`,
        `${key("users.changeOrgRole")}, not by an invitation.`,
      ),
      bullet("**Admins act on members and on other admins.**"),
      bullet(
        `**A ${manager} acts only on ${member}s within their workspaces**: never on owners or`,
        "admins, never on anyone outside their workspaces;",
        `${key("users.setWorkspaceRoles")} also needs the workspace being changed to be theirs.`,
      ),
      bullet(
        `**Invitations by a ${manager}** are only as ${code("member" satisfies OrgRole)},`,
        "into at least one workspace, and every workspace of the invitation must be theirs; the",
        "same holds for editing (before and after the edit), resending, renewing or revoking one.",
      ),
      bullet(
        `**Workspaces for a ${manager}**: the workspace acted on must be theirs (for`,
        `${key("workspaces.createSub")}, the parent of the new one); ${key("workspaces.move")}`,
        `needs both the current parent and the new parent to be theirs, so a ${manager} never`,
        "moves a workspace to or from the top level.",
      ),
      bullet("**Another organization's records read as not found**, whatever the caller's role."),
      bullet(
        `**A ${list(
          inactive.map((s) => STATUS_LABELS[s].toLowerCase()),
          "or",
        )} caller can do nothing**, owners and admins included.`,
      ),
    ].join("\n"),

    paragraph(
      "A _scoped_ cell therefore means: allowed only when the target passes these rules. The",
      `actions scoped for a ${manager} are:`,
    ),

    actionList(scopedForManagers),

    "## Deny reasons",

    paragraph(
      "When `decide()` refuses, it returns one of these keys as `reason`, in the order below (the",
      "first that applies wins); server actions turn the key into the message shown to the person.",
    ),

    table(
      ["Key", "When"],
      (Object.entries(DENY_REASON_DESCRIPTIONS) as [DenyReason, string][]).map(([reason, text]) => [
        code(reason),
        text,
      ]),
    ),
  ];
  return `${sections.join("\n\n")}\n`;
}
