import fc from "fast-check";
import {
  field,
  inputFrom,
  listField,
  objectField,
  Ref,
  type Field,
  type FuzzInput,
} from "./malformed-values";

// Every server action (the exports of lib/**'s "use server" files) with an arbitrary for its input:
// lib/stress/malformed-input.integration.test.ts calls each with these, and
// lib/stress/action-table.test.ts fails when an action has no entry here.

export interface FuzzEntry {
  /** The action's input as it is called with it (one argument). */
  input: FuzzInput;
  /** It ends in a Next.js redirect (thrown) when it succeeds, or by design. */
  redirects?: boolean;
  /** Returns nothing (signing out): only "no throw, no change, nothing logged" applies. */
  returnsNothing?: boolean;
  /** Runs with ALLOW_ORG_CREATION=true, so that the input gets past the server's switch. */
  allowOrgCreation?: boolean;
}

const ref = (key: string) => new Ref(key);
const foreign = (key: string) => new Ref(key, true);

/** An id field: the caller's organization's records, another organization's, and made-up ones. */
const id = (own: string[], others: string[]) =>
  field(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...own.map(ref)) },
      { weight: 2, arbitrary: fc.constantFrom(...others.map(foreign)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("cm0000000000000000000000", "1", "x".repeat(64), "x".repeat(65)),
      },
    ),
  );

const userId = id(
  ["user.owner", "user.admin", "user.admin2", "user.manager", "user.member", "user.disabledAdmin"],
  ["user.otherOwner", "user.outsider"],
);
const workspaceId = id(
  ["ws.eng", "ws.backend", "ws.payments", "ws.frontend", "ws.sales"],
  ["ws.marketing"],
);
const parentId = field(fc.oneof(workspaceId.plausible, fc.constantFrom("", null)));
const invitationId = id(["invitation.acme"], ["invitation.globex"]);
const requestId = id(["joinRequest.acme"], ["joinRequest.globex"]);
const organizationId = id(["org.acme"], ["org.globex"]);
const sessionId = id(["session.ownOther"], ["session.foreign"]);

const NAMES = ["Ada", "Zoë", "O'Brien-Smith", "李", "José María", "Ngũgĩ", "Łukasz"];
const name = field(fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 30 })));
const workspaceName = field(
  fc.oneof(fc.constantFrom("Research", "Sales", "R&D", "Ops 2"), fc.string({ maxLength: 30 })),
);
const organizationName = field(
  fc.oneof(fc.constantFrom("Acme", "Initech Ltd", "Ωmega"), fc.string({ maxLength: 30 })),
);
const EMAILS = [
  "olive.owner@acme.test",
  "ada.admin@acme.test",
  "mo.member@acme.test",
  "gus.globex@acme.test",
  "new.person@example.com",
  "NEW.Person@Example.COM",
];
const email = field(
  fc.constantFrom(...EMAILS),
  fc.constantFrom("not-an-email", "a@b", "ada@acme.test\r\nBcc: x@example.com", "@acme.test"),
);
/** The fixtures' password (right), a wrong one, and strong new ones. */
const PASSWORDS = [
  "correct horse battery staple",
  "wrong password entirely",
  "violet-anchor-marble-71-orbit",
  "quartz lantern spruce 4096!",
];
const password = field(fc.constantFrom(...PASSWORDS));
const version = field(fc.oneof(fc.constantFrom(1, 2, 0, -1, "1"), fc.integer()));
const count = field(fc.constantFrom(0, 1, 2, 3));
const enumOf = (...values: string[]) =>
  field(fc.constantFrom(...values), fc.constantFrom("owner", "superadmin", "ADMIN", "", "member "));
/** A workspace role as forms choose it: a built-in one, or a custom role ("custom:<id>"). */
const workspaceRole = field(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("manager", "member", "viewer", "guest") },
    { weight: 1, arbitrary: fc.constant(ref("roleKey.acme")) },
    { weight: 1, arbitrary: fc.constant(foreign("roleKey.globex")) },
  ),
  fc.constantFrom("owner", "superadmin", "", "member ", "custom:", "CUSTOM:x", "custom:a b"),
);
const customRoleId = id(["role.acme"], ["role.globex"]);
const permissions = field(
  fc.subarray([
    "viewMembers",
    "addMembers",
    "removeMembers",
    "setMemberRoles",
    "inviteMembers",
    "decideJoinRequests",
    "createSubWorkspaces",
    "renameWorkspace",
    "moveWorkspace",
  ]),
  fc.constantFrom(["manageOrganization"], ["viewMembers", "viewMembers"], "viewMembers", [1]),
);
const roleName = field(
  fc.oneof(fc.constantFrom("Editor", "Billing contact", "Manager", "editor"), fc.string()),
);
const orgRole = enumOf("admin", "member");
const token = (key: string) =>
  field(fc.oneof(fc.constant(ref(key)), fc.constantFrom("A".repeat(43), "", "x".repeat(101))));
const code = field(fc.oneof(fc.constantFrom("123456", "123 456", "ABCD-EFGH"), fc.string()));
const callbackUrl = field(
  fc.constantFrom("/users", "//evil.example", "https://evil.example", "/\t/evil", "javascript:x"),
);
const grants = listField(objectField({ workspaceId, role: workspaceRole }), 4);
const text = field(fc.string({ maxLength: 60 }));
const day = field(
  fc.constantFrom("", "2999-12-31", "2000-01-01", "2030-02-30", "9999-99-99", "2030-01-01T00:00"),
);

const object = (fields: Record<string, Field>) => inputFrom(fields);

export const ACTION_INPUTS: Record<string, FuzzEntry> = {
  "lib/workspaces/member-actions.ts#setWorkspaceRoleAction": {
    input: object({ userId, workspaceId, role: workspaceRole }),
  },
  "lib/workspaces/member-actions.ts#removeFromWorkspaceAction": {
    input: object({ userId, workspaceId }),
  },
  "lib/workspaces/actions.ts#createWorkspaceAction": {
    input: object({ name: workspaceName, parentId }),
  },
  "lib/workspaces/actions.ts#renameWorkspaceAction": {
    input: object({ workspaceId, version, name: workspaceName }),
  },
  "lib/workspaces/actions.ts#moveWorkspaceAction": {
    input: object({ workspaceId, version, parentId }),
  },
  "lib/workspaces/actions.ts#deleteWorkspaceAction": {
    input: object({
      workspaceId,
      expected: objectField({
        subWorkspaces: count,
        memberships: count,
        joinRequests: count,
        invitations: count,
      }),
    }),
  },
  "lib/workspaces/join-request-actions.ts#requestToJoinAction": {
    input: object({ workspaceId, message: text }),
  },
  "lib/workspaces/join-request-actions.ts#withdrawJoinRequestAction": {
    input: object({ workspaceId }),
  },
  "lib/workspaces/join-request-actions.ts#approveJoinRequestAction": {
    input: object({ requestId, role: workspaceRole }),
  },
  "lib/workspaces/join-request-actions.ts#rejectJoinRequestAction": {
    input: object({ requestId }),
  },
  "lib/account/actions.ts#setThemeAction": {
    input: object({ theme: enumOf("light", "dark", "system") }),
  },
  "lib/account/actions.ts#forgotPasswordAction": { input: object({ email }) },
  "lib/account/actions.ts#resetPasswordWithTokenAction": {
    input: object({
      token: token("token.passwordReset"),
      password,
      confirmPassword: password,
    }),
    redirects: true,
  },
  "lib/account/sessions-actions.ts#revokeSessionAction": { input: object({ sessionId }) },
  "lib/account/sessions-actions.ts#signOutOtherSessionsAction": { input: object({}) },
  "lib/account/email-change-actions.ts#requestEmailChangeAction": {
    input: object({ newEmail: email, currentPassword: password }),
  },
  "lib/account/email-change-actions.ts#cancelEmailChangeAction": { input: object({}) },
  "lib/account/email-change-actions.ts#confirmEmailChangeAction": {
    input: object({ token: token("token.emailChange") }),
  },
  "lib/account/profile-actions.ts#updateProfileAction": {
    input: object({ firstName: name, lastName: name, version }),
  },
  "lib/account/profile-actions.ts#leaveOrganizationAction": { input: object({ organizationId }) },
  "lib/account/profile-actions.ts#changePasswordAction": {
    input: object({ currentPassword: password, newPassword: password, confirmPassword: password }),
  },
  "lib/account/sign-in-actions.ts#continueSignInAction": { input: object({ email }) },
  "lib/account/sign-in-actions.ts#signInAction": {
    input: object({ email, password, callbackUrl }),
  },
  "lib/account/sign-in-actions.ts#signInSecondStepAction": {
    input: object({ code, callbackUrl }),
    redirects: true,
  },
  "lib/account/sign-in-actions.ts#signOutAction": { input: object({}), returnsNothing: true },
  "lib/account/two-factor-actions.ts#startTwoFactorSetupAction": { input: object({}) },
  "lib/account/two-factor-actions.ts#enableTwoFactorAction": { input: object({ code }) },
  "lib/account/two-factor-actions.ts#regenerateRecoveryCodesAction": {
    input: object({ password }),
  },
  "lib/account/two-factor-actions.ts#disableTwoFactorAction": {
    input: object({ password, code }),
  },
  "lib/invitations/actions.ts#inviteUsersAction": {
    input: object({
      rows: listField(objectField({ firstName: name, lastName: name, email }), 3),
      role: orgRole,
      workspaces: grants,
    }),
  },
  "lib/invitations/actions.ts#resendInvitationAction": { input: object({ invitationId }) },
  "lib/invitations/actions.ts#revokeInvitationAction": { input: object({ invitationId }) },
  "lib/invitations/actions.ts#updateInvitationAction": {
    input: object({ invitationId, version, role: orgRole, workspaces: grants }),
  },
  "lib/invitations/accept-actions.ts#acceptWithNewAccountAction": {
    input: object({
      token: token("token.invitation"),
      firstName: name,
      lastName: name,
      password,
    }),
    redirects: true,
  },
  "lib/invitations/accept-actions.ts#acceptAsSignedInAction": {
    input: object({ token: token("token.invitation") }),
    redirects: true,
  },
  "lib/invitations/accept-actions.ts#switchAccountAction": {
    // Takes the token itself, not an object.
    input: {
      arbitrary: token("token.invitation").any.map((value) => ({ kind: "raw" as const, value })),
      examples: [{ kind: "raw", value: "x\u0000" }],
    },
    returnsNothing: true,
  },
  "lib/organization/actions.ts#setupAction": {
    input: object({
      organizationName,
      firstName: name,
      lastName: name,
      email,
      password,
    }),
  },
  "lib/organization/actions.ts#switchOrganizationAction": {
    input: object({ organizationId }),
    redirects: true,
  },
  "lib/organization/actions.ts#createOrganizationAction": {
    input: object({ name: organizationName }),
    allowOrgCreation: true,
  },
  "lib/organization/email-actions.ts#sendTestEmailAction": { input: object({}) },
  "lib/organization/danger-actions.ts#transferOwnershipAction": {
    input: object({ newOwnerEmail: email, password }),
  },
  "lib/organization/danger-actions.ts#deleteOrganizationAction": {
    input: object({ confirmName: organizationName, password }),
  },
  "lib/organization/settings-actions.ts#updateGeneralSettingsAction": {
    input: object({
      name: organizationName,
      slug: field(fc.oneof(fc.constant(ref("org.acme.slug")), fc.constantFrom("acme-2", "-x-"))),
      before: objectField({
        name: field(fc.constant("Acme")),
        slug: field(fc.constant(ref("org.acme.slug"))),
      }),
    }),
  },
  "lib/organization/settings-actions.ts#updateInvitationSettingsAction": {
    input: object({
      invitationExpiryDays: field(fc.constantFrom(7, 14, 0, 91, "30", 1.5)),
      allowedEmailDomains: listField(
        field(fc.constantFrom("example.com", "@acme.test", "EXAMPLE.ORG", "a..b")),
        4,
      ),
      before: objectField({
        invitationExpiryDays: field(fc.constant(7)),
        allowedEmailDomains: field(fc.constant([])),
      }),
    }),
  },
  "lib/organization/settings-actions.ts#updateEmailSettingsAction": {
    input: object({
      emailSenderName: field(fc.constantFrom("Acme HR", "", "Acme <hr>")),
      emailReplyTo: field(fc.constantFrom("hr@acme.test", "", "nope")),
      before: objectField({
        emailSenderName: field(fc.constant(null)),
        emailReplyTo: field(fc.constant(null)),
      }),
    }),
  },
  "lib/organization/settings-actions.ts#updateSubscriptionAction": {
    input: object({
      activeUntil: day,
      before: objectField({ activeUntil: field(fc.constantFrom(null, "2030-01-01T00:00:00Z")) }),
    }),
  },
  "lib/organization/settings-actions.ts#updateSecuritySettingsAction": {
    input: object({
      requireTwoFactorAdmins: field(fc.boolean()),
      before: objectField({ requireTwoFactorAdmins: field(fc.constant(false)) }),
    }),
  },
  "lib/people/actions.ts#changeRoleAction": { input: object({ userId, role: orgRole }) },
  "lib/people/actions.ts#setStatusAction": {
    input: object({ userId, status: enumOf("active", "disabled", "suspended") }),
  },
  "lib/people/actions.ts#removeMemberAction": { input: object({ userId }) },
  "lib/people/actions.ts#resetPasswordAction": { input: object({ userId }) },
  "lib/people/actions.ts#editUserAction": {
    input: object({
      userId,
      userVersion: version,
      membershipVersion: version,
      firstName: name,
      lastName: name,
      email,
      role: orgRole,
      status: enumOf("active", "disabled"),
    }),
  },
  "lib/people/actions.ts#cancelMemberEmailChangeAction": { input: object({ userId }) },
  // Nothing answers on these issuers (port 1, or no network): discovery refuses each quickly.
  "lib/sso/config-actions.ts#saveSsoConnectionAction": {
    input: object({
      issuer: field(
        fc.constantFrom("http://127.0.0.1:1", "https://127.0.0.1:1/realms/acme"),
        fc.constantFrom(
          "http://login.example.com",
          "https://u:p@127.0.0.1:1",
          "https://127.0.0.1:1/?q=1",
          "javascript:alert(1)",
          "",
        ),
      ),
      clientId: field(fc.constantFrom("roster", "0oa1b2c3d4", "a".repeat(201), "a\u0000b")),
      clientSecret: field(fc.constantFrom("", "s3cret", "x".repeat(2001))),
      domains: field(
        fc.oneof(
          fc.constantFrom("acme.test", "Acme.TEST\n@acme.example", ["acme.test", "acme.test"]),
          fc.constantFrom("globex.test", "not a domain", "", "a..b", "x.test ".repeat(21)),
        ),
      ),
      defaultWorkspaceId: field(fc.oneof(workspaceId.plausible, fc.constantFrom("", null))),
      version: field(fc.oneof(version.plausible, fc.constant(null))),
    }),
  },
  "lib/sso/config-actions.ts#setSsoEnabledAction": {
    input: object({ enabled: field(fc.boolean()), version }),
  },
  "lib/sso/config-actions.ts#setSsoEnforcedAction": {
    input: object({ enforced: field(fc.boolean()), version }),
  },
  "lib/sso/config-actions.ts#removeSsoConnectionAction": { input: object({ version }) },
  "lib/roles/actions.ts#createCustomRoleAction": {
    input: object({
      name: roleName,
      description: text,
      baseRole: enumOf("manager", "member", "viewer", "guest"),
      permissions,
    }),
  },
  "lib/roles/actions.ts#updateCustomRoleAction": {
    input: object({
      roleId: customRoleId,
      version,
      name: roleName,
      description: text,
      baseRole: enumOf("manager", "member", "viewer", "guest"),
      permissions,
    }),
  },
  "lib/roles/actions.ts#deleteCustomRoleAction": {
    input: object({
      roleId: customRoleId,
      replacement: workspaceRole,
      expected: objectField({ people: count, workspaces: count, invitations: count }),
    }),
  },
};
