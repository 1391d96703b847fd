import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/permissions";
import { getActor, getCaller, twoFactorSetupRequired } from "./caller";

/** Where an owner or admin without 2FA goes while their organization requires it. */
export const TWO_FACTOR_SETUP_PATH = "/settings/account?setup=two-factor";

/**
 * For every page that needs an active member. Layouts are not re-rendered on client-side
 * navigation, so each page checks the live membership itself: a person disabled a moment ago
 * lands on /no-access on their very next click. An owner or admin whose organization requires
 * two-factor authentication, and who has none yet, is sent to set it up.
 */
export async function requireActiveActor(): Promise<Actor> {
  const caller = await getCaller();
  if (!caller) redirect("/sign-in");
  if (caller.membership.status !== "active") redirect("/no-access");
  if (twoFactorSetupRequired(caller)) redirect(TWO_FACTOR_SETUP_PATH);
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
