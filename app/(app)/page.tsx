import { redirect } from "next/navigation";
import { requireActiveActor } from "@/lib/auth/require";
import { homePathFor } from "@/lib/organization";

/** Home: the Users page for those who may see it, the workspaces for everyone else. */
export default async function HomePage() {
  redirect(homePathFor(await requireActiveActor()));
}
