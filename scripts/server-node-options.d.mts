/** The Node.js options of the production server, as `npm start` gives them (server-node-options.mjs). */
export function serverNodeOptions(env?: Record<string, string | undefined>): string[];
