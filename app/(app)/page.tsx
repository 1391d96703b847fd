import { redirect } from "next/navigation";
import { requireActiveActor } from "@/lib/auth/require";
import { can } from "@/lib/permissions";

/** Home: the Users page for those who may see it, the workspaces for everyone else. */
export default async function HomePage() {
  const actor = await requireActiveActor();
  if (
    actor &&
    can(actor, "users.view", { kind: "organization", organizationId: actor.organizationId })
  ) {
    redirect("/users");
  }
  redirect("/workspaces");
}
