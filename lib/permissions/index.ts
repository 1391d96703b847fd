export * from "./roles";
export * from "./matrix";
export * from "./workspace-roles";
export * from "./workspace-access";
export * from "./explain";
export * from "./workspace-permissions";
