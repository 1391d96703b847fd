import { z } from "zod";
import { idField, nameField, newPasswordField } from "@/lib/forms/fields";
import { ASSIGNABLE_ORG_ROLES, WORKSPACE_ROLES } from "@/lib/permissions/roles";

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

export const inviteUsersInput = z.object({
  rows: z
    .array(inviteRow)
    .min(1, "Add at least one person")
    .max(MAX_INVITES_AT_ONCE, `At most ${MAX_INVITES_AT_ONCE} people at once`),
  role: z.enum(ASSIGNABLE_ORG_ROLES).default("member"),
  workspaces: z
    .array(z.object({ workspaceId: id, role: z.enum(WORKSPACE_ROLES) }))
    .max(100)
    .refine(
      (list) => new Set(list.map((w) => w.workspaceId)).size === list.length,
      "Each workspace only once",
    )
    .default([]),
});
export type InviteUsersInput = z.input<typeof inviteUsersInput>;
export type InviteUsersOutput = z.output<typeof inviteUsersInput>;

export const invitationIdInput = z.object({ invitationId: id });

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
