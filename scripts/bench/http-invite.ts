// The HTTP benchmark's write (used by scripts/bench/http.ts): inviting 10 people at once through
// the invite dialog's server action, posted as the browser posts it from the Users list.
import fs from "node:fs";
import path from "node:path";
import { request } from "./http-client";
import type { Server } from "./http-server";
import { median, percentile } from "./measure";

/** People per invitation batch, as in "invite 10 people". */
export const INVITE_BATCH = 10;
/**
 * Batches timed after the warm-up. The organization may send 200 invitations an hour
 * (lib/rate-limit): 3 warm-up and 15 timed batches of 10 stay under it.
 */
const INVITE_RUNS = 15;
const INVITE_WARMUP = 3;

interface ManifestEntry {
  exportedName?: string;
  filename?: string;
}

/** The server action's id, from the build's manifest (next build names each action's export). */
export function actionId(nextDir: string, exportedName: string, filename: string): string {
  const file = path.join(nextDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportedName && entry.filename?.endsWith(filename),
  );
  if (!found) throw new Error(`${file} has no server action ${exportedName} from ${filename}`);
  return found[0];
}

export interface InviteTiming {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  /** Median per batch, as for the pages. */
  statements: number;
  dbBusy: number;
}

/**
 * Invites INVITE_BATCH new people as members of `workspaceId` per request: the invite dialog's
 * action (lib/invitations/actions.ts), with the emails written to the server log (the bench's
 * EMAIL_TRANSPORT=log stands in for the provider). The whole request is timed: the action, its
 * transaction and audit events, the ten emails rendered and handed over, and the Users list
 * rendered again for the answer (the action revalidates it).
 */
export async function measureInvite(
  server: Server,
  cookie: string,
  nextDir: string,
  workspaceId: string,
): Promise<InviteTiming> {
  const id = actionId(nextDir, "inviteUsersAction", "lib/invitations/actions.ts");
  const stamp = Date.now().toString(36);
  const invite = async (run: number) => {
    const rows = Array.from({ length: INVITE_BATCH }, (_, i) => ({
      firstName: "Bench",
      lastName: `Invitee ${run}-${i}`,
      email: `bench-invite-${stamp}-${run}-${i}@bench.test`,
    }));
    const input = { rows, role: "member", workspaces: [{ workspaceId, role: "member" }] };
    const reply = await request(server.base, "/users", {
      method: "POST",
      headers: {
        cookie,
        accept: "text/x-component",
        "content-type": "text/plain;charset=UTF-8",
        "next-action": id,
        origin: server.base.origin,
      },
      // React's encodeReply of one plain object: its JSON, in an array of the arguments.
      body: JSON.stringify([input]),
    });
    const text = reply.body.toString("utf8");
    const invited = text.match(/"status":"invited"/g)?.length ?? 0;
    if (reply.status !== 200 || invited !== INVITE_BATCH) {
      throw new Error(
        `Inviting ${INVITE_BATCH} people answered ${reply.status} with ${invited} invited: ` +
          text.slice(0, 500),
      );
    }
    return reply.ms;
  };
  for (let run = 0; run < INVITE_WARMUP; run++) await invite(run);
  const times: number[] = [];
  const statements: number[] = [];
  const dbBusy: number[] = [];
  for (let run = INVITE_WARMUP; run < INVITE_WARMUP + INVITE_RUNS; run++) {
    const before = server.queryStats();
    times.push(await invite(run));
    const after = server.queryStats();
    statements.push(after.statements - before.statements);
    dbBusy.push(after.busyMs - before.busyMs);
  }
  for (const list of [times, statements, dbBusy]) list.sort((a, b) => a - b);
  return {
    runs: INVITE_RUNS,
    p50: median(times),
    p95: percentile(times, 95),
    min: times[0]!,
    statements: median(statements),
    dbBusy: median(dbBusy),
  };
}
