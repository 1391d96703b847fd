import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { denyMessage, RECORDED_REFUSALS } from "../actions/errors";
import { hashPassword } from "../auth/password";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret } from "../auth/two-factor";
import type { Db } from "../db/client";
import type { OrgRole, WorkspaceRole } from "../permissions";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

function unique(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createUser(
  db: Db,
  data: { email?: string; firstName?: string; lastName?: string } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return db.user.create({
    data: {
      email: data.email ?? `${unique("user")}@example.test`,
      firstName: data.firstName ?? "Test",
      lastName: data.lastName ?? "Person",
      passwordHash: await passwordHash,
    },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
}

export async function createOrganization(db: Db, name = unique("Org")) {
  const owner = await createUser(db, { firstName: "Olive", lastName: "Owner" });
  const organization = await db.organization.create({ data: { name, slug: unique("org") } });
  const membership = await db.membership.create({
    data: {
      userId: owner.id,
      organizationId: organization.id,
      role: "owner",
      ownerOfOrganizationId: organization.id,
    },
  });
  return { organization, owner, ownerMembership: membership };
}

export async function addMember(
  db: Db,
  organizationId: string,
  {
    role = "member",
    status = "active",
    user,
  }: {
    role?: Exclude<OrgRole, "owner">;
    status?: "active" | "disabled";
    user?: { id: string };
  } = {},
) {
  const person = user ?? (await createUser(db));
  const membership = await db.membership.create({
    data: { userId: person.id, organizationId, role, status },
  });
  const full = await db.user.findUniqueOrThrow({
    where: { id: person.id },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
  return { user: full, membership };
}

export async function createWorkspace(
  db: Db,
  organizationId: string,
  name: string,
  parentId: string | null = null,
) {
  return db.workspace.create({
    data: {
      organizationId,
      name,
      parentId,
      siblingKey: `${parentId ?? "root"}/${name.toLowerCase()}`,
    },
  });
}

export async function grantWorkspaceRole(
  db: Db,
  membership: { id: string; organizationId: string },
  workspaceId: string,
  role: WorkspaceRole,
) {
  return db.workspaceMembership.create({
    data: {
      organizationId: membership.organizationId,
      membershipId: membership.id,
      workspaceId,
      role,
    },
  });
}

/** Every row of every table, for "the refused action changed nothing" comparisons. */
export async function snapshotDatabase(db: Db): Promise<Record<string, unknown[]>> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
    AND tablename NOT IN ('_prisma_migrations', 'RateLimitBucket') ORDER BY tablename`;
  const out: Record<string, unknown[]> = {};
  for (const { tablename } of tables) {
    // The whole row as text orders every table, including those whose first column is not unique.
    out[tablename] = await db.$queryRawUnsafe(`SELECT * FROM "${tablename}" AS t ORDER BY t::text`);
  }
  return out;
}

/**
 * The one write a refused action may leave: at most one "access.refused" audit event, when the
 * matrix refused it for a reason the pipeline records (lib/actions/pipeline.ts) — `error` is that
 * reason's message. The flood guard may have kept it from being written again (hence "at most").
 * Every other table, and every other audit event, must be as before.
 */
export function expectUnchangedButRefusal(
  before: Record<string, unknown[]>,
  after: Record<string, unknown[]>,
  error: string | undefined,
): void {
  const reason = [...RECORDED_REFUSALS].find((r) => denyMessage(r) === error);
  const known = new Set((before.AuditEvent ?? []).map((row) => (row as { id: string }).id));
  const refusals = (after.AuditEvent ?? []).filter((row) => {
    const event = row as { id: string; action: string; metadata: { reason?: unknown } };
    return (
      !known.has(event.id) &&
      reason !== undefined &&
      event.action === "access.refused" &&
      event.metadata.reason === reason
    );
  });
  expect(refusals.length, "refusal events recorded").toBeLessThanOrEqual(1);
  expect({
    ...after,
    AuditEvent: (after.AuditEvent ?? []).filter((row) => !refusals.includes(row)),
  }).toEqual(before);
}

/** How many "access.refused" audit events there are. */
export async function countRefusalEvents(db: Db): Promise<number> {
  return db.auditEvent.count({ where: { action: "access.refused" } });
}

const fingerprintQueries = new WeakMap<Db, Map<boolean, Promise<string>>>();

/**
 * One hash per table (its row count and every row as JSON), in a single query: as
 * snapshotDatabase, cheap enough to take around each of hundreds of calls. A session's
 * lastActiveAt (touched by any request, at most once a minute) is left out. `apartFromRefusals`
 * leaves out the "access.refused" audit events too (count them with countRefusalEvents).
 */
export async function fingerprintDatabase(
  db: Db,
  { apartFromRefusals = false }: { apartFromRefusals?: boolean } = {},
): Promise<Record<string, string>> {
  const cached = fingerprintQueries.get(db) ?? new Map<boolean, Promise<string>>();
  fingerprintQueries.set(db, cached);
  let query = cached.get(apartFromRefusals);
  if (!query) {
    const source = (table: string) =>
      apartFromRefusals && table === "AuditEvent"
        ? `(SELECT * FROM "AuditEvent" WHERE "action" <> 'access.refused')`
        : `"${table}"`;
    query = db.$queryRaw<{ tablename: string }[]>`
      SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
      AND tablename NOT IN ('_prisma_migrations', 'RateLimitBucket') ORDER BY tablename`.then(
      (tables) =>
        `SELECT ${tables
          .map(
            ({ tablename }) =>
              `(SELECT count(*)::text || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '') ` +
              `FROM (SELECT (to_jsonb(t) - 'lastActiveAt')::text AS r FROM ${source(tablename)} AS t) AS rows) ` +
              `AS "${tablename}"`,
          )
          .join(", ")}`,
    );
    cached.set(apartFromRefusals, query);
  }
  const [row] = await db.$queryRawUnsafe<Record<string, string>[]>(await query);
  return row ?? {};
}

/**
 * Turns two-factor authentication on for a user, as finishing its set-up does: a sealed secret,
 * and 10 recovery codes stored hashed. Returns the secret (to compute codes) and the codes.
 */
export async function turnOnTwoFactor(db: Db, userId: string) {
  const { secret, sealed } = newTotpSecret();
  const recoveryCodes = newRecoveryCodes();
  await db.user.update({
    where: { id: userId },
    data: {
      totpSecret: sealed,
      totpEnabledAt: new Date(),
      recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
    },
  });
  return { secret, recoveryCodes };
}
