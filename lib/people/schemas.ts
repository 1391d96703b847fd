import { z } from "zod";
import { emailField, nameField } from "@/lib/forms/fields";

export const USER_SORTS = ["name", "email", "role", "status", "workspaces", "joined"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const LIST_STATUSES = ["active", "pending", "expired", "disabled", "suspended"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);

/**
 * The Users list's URL (?q=&role=&status=&workspace=&sort=&dir=&page=&size=). Anything unknown or
 * malformed falls back to the default instead of failing: a shared link never breaks the page.
 */
/** A search box's text from the URL: trimmed, at most 100 characters, absent when empty. */
export const searchParam = z
  .string()
  .trim()
  .max(100)
  .optional()
  .catch(undefined)
  .transform((q) => q || undefined);

/** A page number from the URL: 1 when missing or not a page number. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

export const usersQuery = z.object({
  q: searchParam,
  role: optionalEnum(["owner", "admin", "member"]),
  status: optionalEnum(LIST_STATUSES),
  workspace: z.string().max(64).optional().catch(undefined),
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

const id = z.string().min(1).max(64);

export const changeRoleInput = z.object({ userId: id, role: z.enum(["admin", "member"]) });
export const setStatusInput = z.object({ userId: id, status: z.enum(["active", "disabled"]) });
export const userIdInput = z.object({ userId: id });

export const workspaceRoleEntry = z.object({
  workspaceId: id,
  role: z.enum(["manager", "member", "viewer", "guest"]),
});

export const editUserInput = z.object({
  userId: id,
  /** The versions the form was loaded with: a save over someone else's change is refused. */
  userVersion: z.coerce.number().int(),
  membershipVersion: z.coerce.number().int(),
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  email: emailField,
  role: z.enum(["admin", "member"]).optional(),
  status: z.enum(["active", "disabled"]).optional(),
  workspaces: z
    .array(workspaceRoleEntry)
    .max(500)
    .refine(
      (list) => new Set(list.map((w) => w.workspaceId)).size === list.length,
      "Each workspace only once",
    ),
});
export type EditUserInput = z.input<typeof editUserInput>;
