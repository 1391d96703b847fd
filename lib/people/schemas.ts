import { z } from "zod";
import {
  emailField,
  idField,
  idParam,
  nameField,
  pageParam,
  roleKeyField,
  searchParam,
} from "@/lib/forms/fields";
import { ASSIGNABLE_ORG_ROLES, ORG_ROLES } from "@/lib/permissions/roles";

export const USER_SORTS = ["name", "email", "role", "status", "workspaces", "joined"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const LIST_STATUSES = ["active", "pending", "expired", "disabled", "suspended"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);

/**
 * The Users list's URL (?q=&role=&status=&workspace=&workspaceRole=&sort=&dir=&page=&size=).
 * Anything unknown or malformed falls back to the default instead of failing: a shared link never
 * breaks the page. `workspaceRole` is a built-in workspace role or "custom:<id>" (one of another
 * organization, or deleted, matches nobody).
 */
export const usersQuery = z.object({
  q: searchParam,
  role: optionalEnum(ORG_ROLES),
  status: optionalEnum(LIST_STATUSES),
  workspace: idParam,
  workspaceRole: roleKeyField.optional().catch(undefined),
  sort: z.enum(USER_SORTS).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: pageParam,
  size: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(25)
    .default(25),
});
export type UsersQuery = z.output<typeof usersQuery>;

const id = idField;
const assignableRole = z.enum(ASSIGNABLE_ORG_ROLES);
const storedStatus = z.enum(["active", "disabled"]);

export const changeRoleInput = z.object({ userId: id, role: assignableRole });
export const setStatusInput = z.object({ userId: id, status: storedStatus });
export const userIdInput = z.object({ userId: id });

export const editUserInput = z.object({
  userId: id,
  /** The versions the form was loaded with: a save over someone else's change is refused. */
  userVersion: z.coerce.number().int(),
  membershipVersion: z.coerce.number().int(),
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  email: emailField,
  role: assignableRole.optional(),
  status: storedStatus.optional(),
});
export type EditUserInput = z.input<typeof editUserInput>;
