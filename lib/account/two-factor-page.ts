import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { RECOVERY_CODE_COUNT } from "@/lib/auth/two-factor";
import { getDb, type Db } from "@/lib/db";

/** From this many unused recovery codes down, the page warns that few are left. */
export const FEW_RECOVERY_CODES = 3;

export interface TwoFactorPage {
  enabled: boolean;
  /** When it was turned on; null while it is off. */
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  recoveryCodesTotal: number;
  /** Few recovery codes are left (or none): the page suggests new ones. */
  fewRecoveryCodesLeft: boolean;
  /**
   * The organizations that require 2FA of their owners and admins, where the person is one: while
   * there is any, 2FA can't be turned off.
   */
  requiredBy: string[];
  /** Why it can't be turned off now, naming those organizations; null when it can. */
  stayOnBecause: string | null;
  /**
   * 2FA is off, and the organization the person works in now requires it of them: set-up opens
   * with a notice naming it (see components/account/two-factor-section.tsx).
   */
  setupRequiredBy: string | null;
}

/** The organizations whose requirement applies to this person: they are an owner or admin there. */
export async function organizationsRequiringTwoFactor(
  db: Pick<Db, "membership">,
  userId: string,
): Promise<{ id: string; name: string }[]> {
  const memberships = await db.membership.findMany({
    where: {
      userId,
      role: { in: ["owner", "admin"] },
      organization: { requireTwoFactorAdmins: true },
    },
    orderBy: { createdAt: "asc" },
    select: { organization: { select: { id: true, name: true } } },
  });
  return memberships.map((m) => m.organization);
}

function listOf(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Why 2FA stays on (`disable`), or why set-up comes first (`setup`), naming the organizations. */
export function requirementMessage(
  organizations: { name: string }[],
  purpose: "disable" | "setup",
): string {
  const names = organizations.map((o) => o.name);
  const requires = `${listOf(names)} ${names.length === 1 ? "requires" : "require"} two-factor authentication for owners and admins`;
  return purpose === "disable"
    ? `${requires}: it stays on while you are an owner or admin there.`
    : `${requires}. Set it up to continue.`;
}

/** The Two-factor authentication section of /settings/account, for the signed-in person. */
export async function twoFactorPageFor(caller: Caller): Promise<TwoFactorPage> {
  const db = await getDb();
  const [user, requiring] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: caller.user.id },
      select: { totpEnabledAt: true, recoveryCodeHashes: true },
    }),
    organizationsRequiringTwoFactor(db, caller.user.id),
  ]);
  const enabled = user.totpEnabledAt !== null;
  const left = enabled ? user.recoveryCodeHashes.length : 0;
  const current = requiring.find((o) => o.id === caller.membership.organization.id);
  return {
    enabled,
    enabledAt: user.totpEnabledAt,
    recoveryCodesLeft: left,
    recoveryCodesTotal: RECOVERY_CODE_COUNT,
    fewRecoveryCodesLeft: enabled && left <= FEW_RECOVERY_CODES,
    requiredBy: requiring.map((o) => o.name),
    stayOnBecause: requiring.length > 0 ? requirementMessage(requiring, "disable") : null,
    setupRequiredBy: !enabled && current ? current.name : null,
  };
}
