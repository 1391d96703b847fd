/** The production server's Node.js options for `env` (its database, ROSTER_MAX_HEAP_MB), as `npm start` gives them (server-node-options.mjs); `knows` says whether this Node.js's V8 has an option; `cores`, how many the machine has. */
export function serverNodeOptions(
  env?: Record<string, string | undefined>,
  knows?: (flag: string) => boolean,
  cores?: number,
): string[];
/** Whether this Node.js's V8 has the option `flag` (`node --v8-options`). */
export function v8Knows(flag: string): boolean;
/** Environment variables the production server starts with (server-node-options.mjs). */
export function serverEnvironment(env?: Record<string, string | undefined>): Record<string, string>;
