import "server-only";
import { getCaller } from "@/lib/auth/caller";
import { config } from "@/lib/config";
import { getDb, Prisma, type Db } from "@/lib/db";
import { can, type Actor } from "@/lib/permissions";
import { perRequest } from "@/lib/request/cache";

export interface OrganizationSettings {
  general: { name: string; slug: string };
  invitations: { invitationExpiryDays: number; allowedEmailDomains: string[] };
  email: {
    emailSenderName: string | null;
    emailReplyTo: string | null;
    /** How this server sends email: through Resend, or printed to its log. */
    transport: "resend" | "log";
  };
  subscription: { activeUntil: Date | null };
  security: {
    requireTwoFactorAdmins: boolean;
    /** Active owners and admins without two-factor authentication (asked to set it up when on). */
    withoutTwoFactor: number;
    /** The viewer has two-factor authentication on (needed before the owner requires it). */
    viewerHasTwoFactor: boolean;
  };
  createdAt: Date;
  members: number;
  workspaces: number;
  /** The viewer may change the settings (the owner); admins see them read-only. */
  editable: boolean;
  /** For the owner: active admins, suggested as the new owner in Transfer ownership. */
  admins: { email: string; name: string }[];
}

/** The organization's columns its settings forms edit (the page shows them, the actions save them). */
export const SETTINGS_FIELDS = {
  name: true,
  slug: true,
  invitationExpiryDays: true,
  allowedEmailDomains: true,
  emailSenderName: true,
  emailReplyTo: true,
  subscriptionActiveUntil: true,
  requireTwoFactorAdmins: true,
} as const;

/** How many admins Transfer ownership suggests (anyone else is typed in). */
const ADMINS_SUGGESTED = 50;

/** The organization's settings as the viewer may see them, or null when they may not. */
export async function organizationSettingsFor(actor: Actor): Promise<OrganizationSettings | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "settings.view", organization)) return null;
  const db = await getDb();
  const mayTransfer = can(actor, "ownership.transfer", organization);
  const [row, counts, caller] = await Promise.all([
    organizationSettingsRow(actor.organizationId),
    // The members from the counts MembershipCount keeps, not by counting 100,000 rows; and for
    // the owner, the admins Transfer ownership suggests, in the same statement.
    db.$queryRaw<
      {
        members: number;
        workspaces: number;
        withoutTwoFactor: number;
        admins: { email: string; firstName: string; lastName: string }[];
      }[]
    >`
      SELECT
        (SELECT coalesce(sum(c.members), 0) FROM "MembershipCount" c
          WHERE c."organizationId" = ${actor.organizationId})::int AS members,
        (SELECT count(*) FROM "Workspace" w
          WHERE w."organizationId" = ${actor.organizationId})::int AS workspaces,
        ${withoutTwoFactorCount(actor.organizationId)} AS "withoutTwoFactor",
        ${mayTransfer ? suggestedAdmins(actor.organizationId) : Prisma.sql`'[]'::json`} AS admins`,
    // The viewer's own account, as this request's session read it.
    getCaller(),
  ]);
  const { members, workspaces, withoutTwoFactor, admins } = counts[0]!;
  return {
    general: { name: row.name, slug: row.slug },
    invitations: {
      invitationExpiryDays: row.invitationExpiryDays,
      allowedEmailDomains: row.allowedEmailDomains,
    },
    email: {
      emailSenderName: row.emailSenderName,
      emailReplyTo: row.emailReplyTo,
      transport: config.resendApiKey ? "resend" : "log",
    },
    subscription: { activeUntil: row.subscriptionActiveUntil },
    security: {
      requireTwoFactorAdmins: row.requireTwoFactorAdmins,
      withoutTwoFactor,
      viewerHasTwoFactor: caller?.user.id === actor.userId && caller.user.twoFactorEnabled,
    },
    createdAt: row.createdAt,
    members,
    workspaces,
    editable: can(actor, "settings.edit", organization),
    admins: admins.map((user) => ({
      email: user.email,
      name: `${user.firstName} ${user.lastName}`,
    })),
  };
}

/**
 * The organization's row as the settings page shows it, read once per request: the single
 * sign-on section needs its allowed email domains too (lib/sso, ssoSettingsFor).
 */
export const organizationSettingsRow = perRequest(async (organizationId: string) =>
  (await getDb()).organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { ...SETTINGS_FIELDS, createdAt: true },
  }),
);

/** The first active admins by seniority, as a JSON array (a scalar subquery). */
function suggestedAdmins(organizationId: string): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(json_agg(a), '[]'::json) FROM (
      SELECT u.email, u."firstName", u."lastName" FROM "Membership" m
      JOIN "User" u ON u.id = m."userId"
      WHERE m."organizationId" = ${organizationId} AND m.role = 'admin' AND m.status = 'active'
      ORDER BY m."createdAt", m.id LIMIT ${ADMINS_SUGGESTED}) a)`;
}

/** Active owners and admins without two-factor authentication: a scalar subquery (an int). */
function withoutTwoFactorCount(organizationId: string): Prisma.Sql {
  // All of them (kept by the database), less those who have it (see migration
  // 20261202140000_two_factor_users_index for why not count those without it).
  return Prisma.sql`((SELECT coalesce(sum(c.members), 0) FROM "MembershipCount" c
      WHERE c."organizationId" = ${organizationId} AND c.role IN ('owner', 'admin')
        AND c.status = 'active')
    - (SELECT count(*) FROM "Membership" m JOIN "User" u ON u.id = m."userId"
      WHERE m."organizationId" = ${organizationId} AND m.role IN ('owner', 'admin')
        AND m.status = 'active' AND u."totpEnabledAt" IS NOT NULL))::int`;
}

/** How many active owners and admins have not set up two-factor authentication. */
export async function ownersAndAdminsWithoutTwoFactor(
  db: Pick<Db, "$queryRaw">,
  organizationId: string,
): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT ${withoutTwoFactorCount(organizationId)} AS n`;
  return row?.n ?? 0;
}

/** How many of the latest emails the settings page lists. */
export const OUTBOX_SHOWN = 20;

export interface OutboxRow {
  id: string;
  recipient: string;
  template: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/**
 * The organization's latest emails, newest first, for owners and admins: the envelope and what
 * became of it, never the body (it holds single-use links). Null for everyone else.
 */
export async function recentOutboxFor(actor: Actor): Promise<OutboxRow[] | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "settings.view", organization)) return null;
  const db = await getDb();
  return db.emailMessage.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: OUTBOX_SHOWN,
    select: {
      id: true,
      recipient: true,
      template: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
    },
  });
}
