import { z } from "zod";
import { idField, nameField, newPasswordField, roleKeyField } from "@/lib/forms/fields";
import { ASSIGNABLE_ORG_ROLES } from "@/lib/permissions/roles";

export const MAX_INVITES_AT_ONCE = 10;
const id = idField;

/**
 * One person to invite. The email is only required here: a malformed one is reported on its own
 * row by the server ("invalid email"), so one bad row never loses the good ones.
 */
export const inviteRow = z.object({
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  email: z
    .string()
    .trim()
    .min(1, "Enter an email address")
    .max(254, "That email address is too long"),
});

/**
 * The workspaces an invitation gives, with a role each (a built-in role or "custom:<id>", resolved
 * by the action); each workspace at most once.
 */
const workspaceGrants = z
  .array(z.object({ workspaceId: id, role: roleKeyField }))
  .max(100)
  .refine(
    (list) => new Set(list.map((w) => w.workspaceId)).size === list.length,
    "Each workspace only once",
  );

export const inviteUsersInput = z.object({
  rows: z
    .array(inviteRow)
    .min(1, "Add at least one person")
    .max(MAX_INVITES_AT_ONCE, `At most ${MAX_INVITES_AT_ONCE} people at once`),
  /** Left out by workspace managers, who invite members only. */
  role: z.enum(ASSIGNABLE_ORG_ROLES).default("member"),
  workspaces: workspaceGrants.default([]),
});
export type InviteUsersInput = z.input<typeof inviteUsersInput>;
export type InviteUsersOutput = z.output<typeof inviteUsersInput>;

export const CHOOSE_A_ROLE = "Choose a role";

/**
 * The invite modal of an owner or admin: its organization role starts on "Select a role" and must
 * be chosen, so nobody is made a member (or an admin) by a default they didn't see.
 */
export const inviteUsersWithRoleInput = inviteUsersInput.extend({
  role: z.enum(ASSIGNABLE_ORG_ROLES, { error: CHOOSE_A_ROLE }),
});

export const invitationIdInput = z.object({ invitationId: id });

/**
 * Editing a pending invitation: its org role (left out by those who may not choose it: unchanged)
 * and its workspaces with a role each, at the version the form was loaded with.
 */
export const updateInvitationInput = z.object({
  invitationId: id,
  version: z.coerce.number().int(),
  role: z.enum(ASSIGNABLE_ORG_ROLES).optional(),
  workspaces: workspaceGrants,
});
export type UpdateInvitationInput = z.input<typeof updateInvitationInput>;

export const acceptNewAccountInput = z.object({
  token: z.string().min(1).max(100),
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  password: newPasswordField,
});
export type AcceptNewAccountInput = z.input<typeof acceptNewAccountInput>;

export const acceptExistingInput = z.object({ token: z.string().min(1).max(100) });

export type InviteRowOutcome =
  | { status: "invited"; email: string; invitationId: string; emailFailed?: boolean }
  | { status: "already_member"; email: string; message: string }
  | { status: "already_invited"; email: string; message: string }
  | { status: "invalid_email"; email: string; message: string }
  | { status: "domain_not_allowed"; email: string; message: string }
  | { status: "duplicate"; email: string; message: string };
