import { requireActiveActor } from "@/lib/auth/require";
import { workspaceChoicesFor } from "@/lib/people";

export const dynamic = "force-dynamic";

/**
 * The workspaces the signed-in viewer may filter the Users list by, as JSON ([{ id, path }]). The
 * Users page loads them when its workspace filter is first used, rather than sending every
 * workspace with every page (220 workspaces were a fifth of it). Invite users loads its own
 * (invite-choices: where the viewer may invite, with the roles they may give there).
 */
export async function GET() {
  const actor = await requireActiveActor();
  const choices = await workspaceChoicesFor(actor);
  if (!choices) {
    return Response.json(
      { error: "The Users page is for owners, admins and workspace managers." },
      { status: 403 },
    );
  }
  return Response.json(choices, { headers: { "Cache-Control": "private, no-store" } });
}
