// Custom workspace roles: an organization's own roles ("Editor"), each a base role plus workspace
// permissions. The catalog is what other features read: the roles a form may offer, and a chosen
// role key resolved to what is stored.
export {
  choicesFor,
  compareChoices,
  getCustomRoles,
  permissionsOfRow,
  resolveRoleKey,
  roleChoices,
  roleOption,
  ROLE_GONE,
  storedRole,
  type CustomRoleRow,
  type ResolvedRole,
  type RoleChoice,
} from "./catalog";
export {
  customRoleUsage,
  rolesPageFor,
  type CustomRoleListItem,
  type CustomRoleUsage,
  type PermissionOption,
  type RolesPage,
} from "./queries";
export { CUSTOM_ROLES_MAX, ROLE_NAME_MAX, ROLE_DESCRIPTION_MAX } from "./schemas";
