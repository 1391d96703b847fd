import { requireActiveActor } from "@/lib/auth/require";
import { inviteOptionsFor } from "@/lib/invitations";

export const dynamic = "force-dynamic";

/**
 * What the signed-in viewer's invite modal offers on the Users page, as JSON: the workspaces they
 * may invite into, each with the roles they may give there, and those roles (built-in and the
 * organization's custom roles) — `{ roles, workspaces }`. Loaded when Invite users is first used.
 */
export async function GET() {
  const actor = await requireActiveActor();
  const options = await inviteOptionsFor(actor);
  if (!options) {
    return Response.json({ error: "You may not invite people." }, { status: 403 });
  }
  const { roles, workspaces } = options;
  return Response.json(
    { roles, workspaces },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
