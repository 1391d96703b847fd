import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/permissions";
import { getActor, getCaller } from "./caller";

/**
 * For every page that needs an active member. Layouts are not re-rendered on client-side
 * navigation, so each page checks the live membership itself: a person disabled a moment ago
 * lands on /no-access on their very next click.
 */
export async function requireActiveActor(): Promise<Actor> {
  const caller = await getCaller();
  if (!caller) redirect("/sign-in");
  if (caller.membership.status !== "active") redirect("/no-access");
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
