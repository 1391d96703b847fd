/** The production server's Node.js options for `env` (its database, ROSTER_MAX_HEAP_MB), as `npm start` gives them (server-node-options.mjs). */
export function serverNodeOptions(env?: Record<string, string | undefined>): string[];
/** Environment variables the production server starts with (server-node-options.mjs). */
export function serverEnvironment(env?: Record<string, string | undefined>): Record<string, string>;
