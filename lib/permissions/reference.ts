// The roles & permissions reference, as data: permissionsReference() reads the permission data
// itself (the matrix, the roles and their labels, the inheritance functions, the deny reasons), and
// both docs/permissions.md (reference-doc.ts, written by `npm run docs:permissions`) and the Roles &
// permissions page (components/permissions) render that one structure. reference.test.ts fails
// when the doc is out of date or either disagrees with `decide()`.
import {
  ACTIONS,
  PERMISSION_MATRIX,
  PERSONAS,
  USER_TARGET_ACTIONS,
  can,
  decide,
  type Action,
  type Actor,
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
  WORKSPACE_ROLE_LABELS,
  type OrgRole,
  type WorkspaceRole,
} from "./roles";
import {
  WORKSPACE_VIEW,
  addablePermissions,
  workspaceRoleDefinitions,
  type AddablePermission,
  type CustomRoleDefinitionInput,
  type ReferencePermission,
  type WorkspaceRoleDefinition,
} from "./reference-roles";
import {
  WorkspaceTree,
  checkExplicitWorkspaceRole,
  effectiveWorkspaceRoles,
  managedWorkspaceIds,
  type WorkspaceGrant,
} from "./workspace-roles";

export {
  addablePermissions,
  WORKSPACE_ROLE_DESCRIPTIONS,
  WORKSPACE_VIEW,
  builtInWorkspaceRoles,
  customWorkspaceRole,
  workspaceRoleDefinitions,
  workspaceRolePermissions,
  type AddablePermission,
  type CustomRoleDefinitionInput,
  type ReferencePermission,
  type WorkspaceRoleDefinition,
} from "./reference-roles";

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
  "roles.view": "see the roles and what each may do",
  "roles.manage": "create, edit or delete custom workspace roles",
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

/** How a grant reads in a cell of the matrix in the doc. */
export const GRANT_CELLS: Record<Grant, string> = { all: "✓", scoped: "scoped", none: "✗" };

/** How a grant reads in a cell of the matrix on the page (words, not only a symbol). */
export const GRANT_WORDS: Record<Grant, string> = {
  all: "Allowed",
  scoped: "Only in their workspaces",
  none: "Not allowed",
};

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

// ---------------------------------------------------------------------------------------------
// The data both renderings read.

/**
 * Words of the reference: plain text, an action (its key in the doc, its words on the page) or a
 * literal key (a role's, as code in both).
 */
export type Phrase = string | { action: Action } | { code: string };
export type Sentence = readonly Phrase[];

export interface OrgRoleRow {
  role: OrgRole;
  label: string;
  /** Larger is more powerful. */
  rank: number;
  /** Given by an invitation or a role change (otherwise only by transferring ownership). */
  assignable: boolean;
}

/** A column of the organization-level matrix: an org role, or the workspace-manager persona. */
export interface PersonaColumn {
  persona: Persona;
  label: string;
  description: Sentence;
}

export interface OrganizationPermissionRow {
  action: Action;
  label: string;
  grants: Record<Persona, Grant>;
}

/** A target rule: a bold lead and the rest of the sentence (which brings its own separator). */
export interface TargetRule {
  title: Sentence;
  detail: Sentence;
}

export interface InheritanceExample {
  rows: { path: string; explicitRole: string; effectiveRole: string; why: string }[];
  /** The workspaces where the example person is effectively manager: "their workspaces". */
  managed: string[];
  /** Lowering their role where a higher one is inherited, and what the server answers. */
  downgrade: { workspace: string; role: string; refusal: string | null };
}

export interface PermissionsReference {
  orgRoles: OrgRoleRow[];
  /** Org roles nobody grants by invitation or role change. */
  notAssignable: OrgRole[];
  personas: PersonaColumn[];
  organizationPermissions: OrganizationPermissionRow[];
  targetRules: TargetRule[];
  /** Actions a workspace manager may take only within their workspaces. */
  scopedForManagers: Action[];
  workspaceRoles: WorkspaceRoleDefinition[];
  /** The rows of the workspace-role table: every permission some workspace role holds. */
  workspacePermissions: { permission: ReferencePermission; label: string }[];
  /** The workspace permissions a custom role may add to its base role, and what each opens. */
  addablePermissions: AddablePermission[];
  /** Org roles that are effectively manager of every workspace. */
  managersEverywhere: OrgRole[];
  inheritanceExample: InheritanceExample;
  denyReasons: { reason: DenyReason; description: string }[];
}

export function workspacePermissionLabel(permission: ReferencePermission): string {
  return permission === WORKSPACE_VIEW
    ? "see the workspace and its members"
    : ACTION_LABELS[permission];
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
    holdings: new Map(),
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

function isSentence(value: Phrase | Sentence): value is Sentence {
  return Array.isArray(value);
}

/** A sentence from a template: `words\`through ${actions(list)}.\``. */
function words(strings: TemplateStringsArray, ...values: (Phrase | Sentence)[]): Sentence {
  const out: Phrase[] = [];
  strings.forEach((text, i) => {
    if (text) out.push(text);
    const value = values[i];
    if (value === undefined) return;
    if (isSentence(value)) out.push(...value);
    else out.push(value);
  });
  return out;
}

/** "a, b and c" of phrases. */
function listOf(items: readonly Phrase[], conjunction: "and" | "or" = "and"): Sentence {
  const out: Phrase[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? ` ${conjunction} ` : ", ");
    out.push(item);
  });
  return out;
}

const actionsOf = (actions: readonly Action[]) => listOf(actions.map((action) => ({ action })));
const codesOf = (keys: readonly string[]) => listOf(keys.map((code) => ({ code })));

function targetRules(notAssignable: readonly OrgRole[]): TargetRule[] {
  const manager = PERSONA_LABELS.manager.toLowerCase();
  const member = ORG_ROLE_LABELS.member.toLowerCase();
  const inactive = MEMBERSHIP_STATUSES.filter((s) => s !== "active").map((s) =>
    STATUS_LABELS[s].toLowerCase(),
  );
  return [
    {
      title: words`Nobody acts on the owner`,
      detail: words` through the actions on a person: ${actionsOf(USER_TARGET_ACTIONS)}.`,
    },
    {
      title: words`Nobody acts on themselves`,
      detail: words` through ${actionsOf(notOnSelfActions())}: nobody changes their own org role, disables, removes or resets themselves. Self-service lives in account settings.`,
    },
    {
      title: words`Nobody grants ${codesOf(notAssignable)}`,
      detail: words`, not even the owner: not by ${{ action: "users.changeOrgRole" }}, not by an invitation.`,
    },
    { title: words`Admins act on members and on other admins.`, detail: [] },
    {
      title: words`A ${manager} acts only on ${member}s within their workspaces`,
      detail: words`: never on owners or admins, never on anyone outside their workspaces; ${{ action: "users.setWorkspaceRoles" }} also needs the workspace being changed to be theirs.`,
    },
    {
      title: words`Invitations by a ${manager}`,
      detail: words` are only as ${{ code: "member" satisfies OrgRole }}, into at least one workspace, and every workspace of the invitation must be theirs; the same holds for editing (before and after the edit), resending, renewing or revoking one.`,
    },
    {
      title: words`Workspaces for a ${manager}`,
      detail: words`: the workspace acted on must be theirs (for ${{ action: "workspaces.createSub" }}, the parent of the new one); ${{ action: "workspaces.move" }} needs both the current parent and the new parent to be theirs, so a ${manager} never moves a workspace to or from the top level.`,
    },
    {
      title: words`Another organization's records read as not found`,
      detail: words`, whatever the caller's role.`,
    },
    {
      title: words`A ${listOf(inactive, "or")} caller can do nothing`,
      detail: words`, owners and admins included.`,
    },
  ];
}

function personaColumns(): PersonaColumn[] {
  const descriptions: Record<Persona, Sentence> = {
    owner: words`The one owner of the organization; ownership moves only by transferring it.`,
    admin: words`Runs the organization with the owner.`,
    manager: words`An org ${ORG_ROLE_LABELS.member.toLowerCase()} whose effective workspace role is ${WORKSPACE_ROLE_LABELS.manager} in at least one workspace; the workspaces where it is (sub-workspaces included) are their workspaces.`,
    member: words`An org ${ORG_ROLE_LABELS.member.toLowerCase()} who manages no workspace.`,
  };
  return PERSONAS.map((persona) => ({
    persona,
    label: PERSONA_LABELS[persona],
    description: descriptions[persona],
  }));
}

/** A small tree and one person in it, to show inheritance with the real functions. */
function inheritanceExample(): InheritanceExample {
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
    const why = !e
      ? "no role: not a member"
      : e.source === "inherited"
        ? `inherited from ${e.inheritedFrom.name}` +
          (e.explicitRole ? ` (explicit ${label(e.explicitRole)} kept, not in effect)` : "")
        : e.source;
    return {
      path: tree.path(node.id),
      explicitRole: label(explicit.get(node.id)),
      effectiveRole: label(e?.role),
      why,
    };
  });
  const managed = managedWorkspaceIds(tree, grants);
  const downgrade = checkExplicitWorkspaceRole(tree, grants, "payments", "viewer");
  return {
    rows,
    managed: tree
      .all()
      .filter((n) => managed.has(n.id))
      .map((n) => n.name),
    downgrade: {
      workspace: tree.get("payments")!.name,
      role: label("viewer"),
      refusal: downgrade.ok ? null : downgrade.message,
    },
  };
}

/**
 * Everything the doc and the page show, from the permission data; deterministic. The doc shows the
 * built-in workspace roles; the page adds the organization's custom roles (`customRoles`).
 */
export function permissionsReference(
  customRoles: readonly CustomRoleDefinitionInput[] = [],
): PermissionsReference {
  const tree = new WorkspaceTree([
    { id: "a", parentId: null, name: "A" },
    { id: "b", parentId: "a", name: "B" },
  ]);
  const assignable = (role: OrgRole) => (ASSIGNABLE_ORG_ROLES as readonly OrgRole[]).includes(role);
  const notAssignable = ORG_ROLES.filter((role) => !assignable(role));
  const workspaceRoles = workspaceRoleDefinitions(customRoles);
  const held = new Set(workspaceRoles.flatMap((role) => role.permissions));
  const permissionOrder: ReferencePermission[] = [WORKSPACE_VIEW, ...ACTIONS];
  return {
    orgRoles: ORG_ROLES.map((role) => ({
      role,
      label: ORG_ROLE_LABELS[role],
      rank: orgRoleRank(role),
      assignable: assignable(role),
    })),
    notAssignable,
    personas: personaColumns(),
    organizationPermissions: ACTIONS.map((action) => ({
      action,
      label: ACTION_LABELS[action],
      grants: { ...PERMISSION_MATRIX[action] },
    })),
    targetRules: targetRules(notAssignable),
    scopedForManagers: ACTIONS.filter((a) => PERMISSION_MATRIX[a].manager === "scoped"),
    workspaceRoles,
    workspacePermissions: permissionOrder
      .filter((permission) => held.has(permission))
      .map((permission) => ({ permission, label: workspacePermissionLabel(permission) })),
    addablePermissions: addablePermissions(),
    managersEverywhere: ORG_ROLES.filter(
      (role) => managedWorkspaceIds(tree, [], role).size === tree.all().length,
    ),
    inheritanceExample: inheritanceExample(),
    denyReasons: (Object.entries(DENY_REASON_DESCRIPTIONS) as [DenyReason, string][]).map(
      ([reason, description]) => ({ reason, description }),
    ),
  };
}

/**
 * The Roles & permissions page's data, for those who may read it (roles.view: owners and admins
 * of the caller's organization, decided from their live membership); null for everyone else.
 */
export function permissionsReferenceFor(
  actor: Actor,
  customRoles: readonly CustomRoleDefinitionInput[] = [],
): PermissionsReference | null {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  return can(actor, "roles.view", organization) ? permissionsReference(customRoles) : null;
}
