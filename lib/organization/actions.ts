"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { memberAction, type ActionResult } from "@/lib/actions/pipeline";
import { CURRENT_ORG_COOKIE, getCaller } from "@/lib/auth/caller";

const switchInput = z.object({ organizationId: z.string().min(1).max(64) });

/**
 * Switches the organization the caller works in. Changes no data (only which membership the
 * next requests read), so there is nothing to audit; the membership is checked live.
 */
export async function switchOrganizationAction(
  raw: z.input<typeof switchInput>,
): Promise<ActionResult> {
  const parsed = switchInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Choose an organization." };
  const caller = await getCaller();
  if (!caller) return { ok: false, error: "Your session has ended. Sign in again to continue." };
  if (!caller.memberships.some((m) => m.organization.id === parsed.data.organizationId)) {
    return { ok: false, error: "Not found. You are not a member of that organization." };
  }
  (await cookies()).set(CURRENT_ORG_COOKIE, parsed.data.organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure:
      process.env.NODE_ENV === "production" && process.env.APP_URL?.startsWith("https://") === true,
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
  redirect("/");
}

const themeInput = z.object({ theme: z.enum(["light", "dark", "system"]) });

export const setThemeAction = memberAction({
  name: "set-theme",
  input: themeInput,
  permission: () => "self",
  async run({ input, tx, caller }) {
    await tx.user.update({ where: { id: caller.user.id }, data: { themePreference: input.theme } });
    return {
      result: {},
      audit: {
        action: "account.updated",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: {
          before: { themePreference: caller.user.themePreference },
          after: { themePreference: input.theme },
        },
      },
      revalidate: ["/"],
    };
  },
});
