import { z } from "zod";
import { idField, pageParam, roleKeyField, searchParam, visibleName } from "@/lib/forms/fields";

const id = idField;

export const WORKSPACE_NAME_MAX = 80;

/** A workspace's name: unique among its siblings, case-insensitively (checked on the server). */
export const workspaceNameField = visibleName(
  z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(WORKSPACE_NAME_MAX, `Keep the name under ${WORKSPACE_NAME_MAX} characters`),
)
  // " / " separates workspaces in paths ("Engineering / Backend"); a slash in a name would blur it.
  .refine((name) => !name.includes("/"), "A name can't contain a slash (/)");

/** Where a new workspace or a moved one goes: a workspace's id, or "" / null for the top level. */
const parentField = z
  .union([id, z.literal(""), z.null()])
  .optional()
  .transform((value) => value || null);

export const createWorkspaceInput = z.object({
  name: workspaceNameField,
  parentId: parentField,
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;

export const renameWorkspaceInput = z.object({
  workspaceId: id,
  /** The version the form was loaded with: a rename over someone else's change is refused. */
  version: z.coerce.number().int(),
  name: workspaceNameField,
});
export type RenameWorkspaceInput = z.input<typeof renameWorkspaceInput>;

export const moveWorkspaceInput = z.object({
  workspaceId: id,
  version: z.coerce.number().int(),
  parentId: parentField,
});
export type MoveWorkspaceInput = z.input<typeof moveWorkspaceInput>;

export const workspaceIdInput = z.object({ workspaceId: id });

const count = z.number().int().min(0);

/**
 * Delete a workspace: with what the confirmation said goes with it, so that a deletion never
 * takes more than the person saw (someone may have moved a subtree under it meanwhile).
 */
export const deleteWorkspaceInput = z.object({
  workspaceId: id,
  expected: z.object({
    subWorkspaces: count,
    memberships: count,
    joinRequests: count,
    invitations: count,
  }),
});

export const JOIN_REQUEST_MESSAGE_MAX = 500;

/**
 * Control characters other than tabs and line breaks (NUL, which PostgreSQL refuses in text,
 * escapes), the bidi overrides and isolates (they would reverse the text shown after the message)
 * and lone surrogates.
 */
const UNPRINTABLE_IN_MESSAGE = /[^\P{Cc}\t\n\r]|[\u202A-\u202E\u2066-\u2069\p{Cs}]/u;

export const requestToJoinInput = z.object({
  workspaceId: id,
  message: z
    .string()
    .trim()
    .max(JOIN_REQUEST_MESSAGE_MAX, `Keep the message under ${JOIN_REQUEST_MESSAGE_MAX} characters`)
    .refine(
      (message) => !UNPRINTABLE_IN_MESSAGE.test(message),
      "The message can't contain control or direction-changing characters.",
    )
    .optional()
    .transform((message) => message || null),
});
export type RequestToJoinInput = z.input<typeof requestToJoinInput>;

/** Approve with a role: a built-in role, or one of the organization's custom roles ("custom:<id>"). */
export const approveJoinRequestInput = z.object({
  requestId: id,
  role: roleKeyField,
});

export const rejectJoinRequestInput = z.object({ requestId: id });

/**
 * Give a person a role of their own in a workspace (add them, or change it): a built-in role, or
 * one of the organization's custom roles ("custom:<id>").
 */
export const setWorkspaceRoleInput = z.object({ userId: id, workspaceId: id, role: roleKeyField });

export const removeFromWorkspaceInput = z.object({ userId: id, workspaceId: id });

/** A workspace page's URL: the members search and page, and the search for people to add. */
export const workspacePageQuery = z.object({
  q: searchParam,
  page: pageParam,
  find: searchParam,
});
export type WorkspacePageQuery = z.output<typeof workspacePageQuery>;
