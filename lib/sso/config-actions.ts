"use server";

import {
  ActionError,
  denyMessage,
  memberAction,
  type MemberContext,
  type Tx,
} from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { openSecret, sealSecret } from "@/lib/auth/secret-box";
import { isUniqueViolation, lockOrganization } from "@/lib/db";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { discover, IssuerProblem } from "./oidc";
import {
  removeSsoConnectionInput,
  saveSsoConnectionInput,
  setSsoEnabledInput,
  setSsoEnforcedInput,
} from "./schemas";

// The owner's single sign-on configuration (admins read it; see lib/permissions, "sso.configure").
// Every change bumps the connection's version, so a form loaded before someone else's change is
// refused, and keeps Organization.ssoEnforcedDomains — the copy the caller check reads on every
// request — equal to the connection's domains while it is enabled and enforced, else empty, in the
// same transaction.

const CHANGED_ELSEWHERE =
  "The single sign-on settings were changed by someone else — reload to see the latest version.";
const FIX_FIELDS = "Please correct the highlighted fields.";
const NOT_SET_UP = "Single sign-on isn't set up: save the connection first.";
const SECRET_REQUIRED = "Enter the client secret your identity provider gave you.";
const SECRET_UNREADABLE =
  "The stored client secret can't be read (the encryption key changed): enter it again.";
const NOT_FOUND = denyMessage("not_found");

const PURPOSE = "sso-client-secret";
const REVALIDATE = ["/settings/organization"];

/** Only the owner configures single sign-on; the target is the caller's organization. */
function onOrganization(actor: MemberContext<unknown>["actor"], exists = true) {
  return {
    action: "sso.configure" as const,
    target: {
      kind: "organization" as const,
      organizationId: exists ? actor.organizationId : "(not in this organization)",
    },
  };
}

function fieldError(field: string, message: string): ActionError {
  return new ActionError(FIX_FIELDS, { [field]: [message] });
}

function auditTarget(ctx: MemberContext<unknown>): AuditEntry["target"] {
  return {
    type: "organization",
    id: ctx.actor.organizationId,
    label: ctx.caller.membership.organization.name,
  };
}

const CONNECTION = {
  id: true,
  issuer: true,
  clientId: true,
  clientSecretSealed: true,
  enabled: true,
  enforced: true,
  defaultWorkspaceId: true,
  version: true,
  domains: { select: { domain: true }, orderBy: { domain: "asc" } },
} as const;

async function loadConnection(tx: Tx, organizationId: string) {
  const row = await tx.ssoConnection.findUnique({ where: { organizationId }, select: CONNECTION });
  return row ? { ...row, domains: row.domains.map((d) => d.domain) } : null;
}
type Connection = NonNullable<Awaited<ReturnType<typeof loadConnection>>>;

/** The stored connection at the version the form was loaded with, else a refusal. */
async function connectionAt(tx: Tx, organizationId: string, version: number) {
  const current = await loadConnection(tx, organizationId);
  if (!current) throw new ActionError(NOT_SET_UP);
  if (current.version !== version) throw new ActionError(CHANGED_ELSEWHERE);
  return current;
}

/** Writes the connection's change only if no one else changed it since it was read. */
async function updateConnection(
  tx: Tx,
  current: Pick<Connection, "id" | "version">,
  data: Parameters<Tx["ssoConnection"]["updateMany"]>[0]["data"],
) {
  const updated = await tx.ssoConnection.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
}

/** The copy the caller check reads: the domains while SSO is on and enforced, else none. */
async function setEnforcedDomains(tx: Tx, organizationId: string, domains: string[]) {
  await tx.organization.update({
    where: { id: organizationId },
    data: { ssoEnforcedDomains: domains },
  });
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);

interface PreparedConnection {
  /** The issuer as its discovery document names it. */
  issuer: string;
  /** The new secret, sealed; null: keep the stored one. */
  clientSecretSealed: string | null;
}

/**
 * Saves the connection: creates it (version null) or changes it. The issuer's discovery document
 * is fetched and checked first, outside the transaction (an unreachable issuer must not hold a
 * database connection for the discovery's timeout); its problems land on the issuer field. The
 * client secret is sealed; left empty, the stored one is kept. A new or changed connection is not
 * turned on by saving: that is Enable, after Test connection.
 */
export const saveSsoConnectionAction = memberAction({
  name: "save-sso-connection",
  input: saveSsoConnectionInput,
  async permission({ input, actor }) {
    const workspaceId = input.defaultWorkspaceId;
    const exists = workspaceId
      ? (await getWorkspaceTree(actor.organizationId)).has(workspaceId)
      : true;
    return onOrganization(actor, exists);
  },
  async prepare({ input, actor, db }): Promise<PreparedConnection> {
    const stored = await db.ssoConnection.findUnique({
      where: { organizationId: actor.organizationId },
      select: { clientSecretSealed: true },
    });
    const storedSecret = stored ? openSecret(stored.clientSecretSealed, PURPOSE) : null;
    if (!input.clientSecret) {
      if (!stored) throw fieldError("clientSecret", SECRET_REQUIRED);
      if (storedSecret === null) throw fieldError("clientSecret", SECRET_UNREADABLE);
    }
    const clientSecret = input.clientSecret || storedSecret || "";
    let issuer: string;
    try {
      const configuration = await discover({
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecret,
      });
      issuer = configuration.serverMetadata().issuer;
    } catch (error) {
      if (error instanceof IssuerProblem) throw fieldError("issuer", error.message);
      throw error;
    }
    const replaced = input.clientSecret !== "" && input.clientSecret !== storedSecret;
    return {
      issuer,
      clientSecretSealed: replaced ? sealSecret(input.clientSecret, PURPOSE) : null,
    };
  },
  async run(ctx) {
    const { input, tx, actor, prepared } = ctx;
    const organizationId = actor.organizationId;
    const current = await loadConnection(tx, organizationId);
    if (input.version === null ? current !== null : current?.version !== input.version) {
      throw new ActionError(CHANGED_ELSEWHERE);
    }
    if (input.defaultWorkspaceId) {
      const workspace = await tx.workspace.findFirst({
        where: { id: input.defaultWorkspaceId, organizationId },
        select: { id: true },
      });
      if (!workspace) throw new ActionError(NOT_FOUND);
    }
    // Read under the organization's lock, which a change of the allowed domains takes too: else
    // both could pass their checks on what the other had not yet committed.
    await lockOrganization(tx, organizationId);
    const { allowedEmailDomains } = await tx.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { allowedEmailDomains: true },
    });
    const outside = input.domains.find(
      (domain) => allowedEmailDomains.length > 0 && !allowedEmailDomains.includes(domain),
    );
    if (outside) {
      throw fieldError(
        "domains",
        `${outside} isn't one of the organization's allowed email domains`,
      );
    }
    const claimed = await tx.ssoDomain.findFirst({
      where: { domain: { in: input.domains }, organizationId: { not: organizationId } },
      select: { domain: true },
    });
    if (claimed) throw claimedBy(claimed.domain);

    const values = {
      issuer: prepared.issuer,
      clientId: input.clientId,
      domains: input.domains,
      defaultWorkspaceId: input.defaultWorkspaceId,
    };
    const fields = Object.keys(values) as (keyof typeof values)[];
    try {
      if (!current) {
        if (!prepared.clientSecretSealed) throw fieldError("clientSecret", SECRET_REQUIRED);
        const created = await tx.ssoConnection.create({
          data: {
            organizationId,
            issuer: values.issuer,
            clientId: values.clientId,
            defaultWorkspaceId: values.defaultWorkspaceId,
            clientSecretSealed: prepared.clientSecretSealed,
          },
          select: { id: true },
        });
        await tx.ssoDomain.createMany({
          data: values.domains.map((domain) => ({
            domain,
            organizationId,
            connectionId: created.id,
          })),
        });
        return {
          result: {},
          audit: {
            action: "sso.configured",
            target: auditTarget(ctx),
            metadata: { created: true, changed: fields, after: values },
          },
          revalidate: REVALIDATE,
        };
      }

      const changed = fields.filter((field) =>
        field === "domains"
          ? !sameList(current.domains, values.domains)
          : current[field] !== values[field],
      );
      const sealed = prepared.clientSecretSealed;
      const secretReplaced = sealed !== null;
      if (changed.length === 0 && !secretReplaced) {
        throw new ActionError("Nothing to save: no setting was changed.");
      }
      // A test of another issuer, client or secret says nothing about this one.
      const retest =
        secretReplaced || changed.includes("issuer") || changed.includes("clientId")
          ? { lastTestedAt: null, lastTestOk: null }
          : {};
      await updateConnection(tx, current, {
        issuer: values.issuer,
        clientId: values.clientId,
        defaultWorkspaceId: values.defaultWorkspaceId,
        ...(sealed !== null ? { clientSecretSealed: sealed } : {}),
        ...retest,
      });
      if (changed.includes("domains")) {
        await tx.ssoDomain.deleteMany({
          where: { connectionId: current.id, domain: { notIn: values.domains } },
        });
        await tx.ssoDomain.createMany({
          data: values.domains
            .filter((domain) => !current.domains.includes(domain))
            .map((domain) => ({ domain, organizationId, connectionId: current.id })),
        });
        if (current.enabled && current.enforced) {
          await setEnforcedDomains(tx, organizationId, values.domains);
        }
      }
      const audit: AuditEntry[] = [];
      if (changed.length > 0) {
        const pick = (source: Partial<typeof values>) =>
          Object.fromEntries(changed.map((field) => [field, source[field] ?? null]));
        audit.push({
          action: "sso.configured",
          target: auditTarget(ctx),
          metadata: { changed, before: pick(current), after: pick(values) },
        });
      }
      if (secretReplaced) {
        audit.push({ action: "sso.secret_replaced", target: auditTarget(ctx) });
      }
      return { result: {}, audit, revalidate: REVALIDATE };
    } catch (error) {
      // Another organization claimed one of the domains since the check above.
      if (isUniqueViolation(error)) throw claimedBy(null);
      throw error;
    }
  },
});

function claimedBy(domain: string | null): ActionError {
  return fieldError(
    "domains",
    domain
      ? `${domain} is already covered by another organization's single sign-on`
      : "One of these domains is already covered by another organization's single sign-on",
  );
}

/**
 * Turns single sign-on on or off. On needs a saved connection whose secret can still be read.
 * Off also ends its enforcement: everyone's password works again on their next request.
 */
export const setSsoEnabledAction = memberAction({
  name: "set-sso-enabled",
  input: setSsoEnabledInput,
  permission: ({ actor }) => onOrganization(actor),
  async run(ctx) {
    const { input, tx, actor } = ctx;
    const current = await connectionAt(tx, actor.organizationId, input.version);
    if (current.enabled === input.enabled) {
      throw new ActionError(`Single sign-on is already ${input.enabled ? "on" : "off"}.`);
    }
    if (input.enabled && openSecret(current.clientSecretSealed, PURPOSE) === null) {
      throw new ActionError(SECRET_UNREADABLE);
    }
    await updateConnection(tx, current, {
      enabled: input.enabled,
      ...(input.enabled ? {} : { enforced: false }),
    });
    const enforcedDomains = input.enabled && current.enforced ? current.domains : [];
    await setEnforcedDomains(tx, actor.organizationId, enforcedDomains);
    const audit: AuditEntry[] = [
      {
        action: input.enabled ? "sso.enabled" : "sso.disabled",
        target: auditTarget(ctx),
        metadata: { issuer: current.issuer, domains: current.domains },
      },
    ];
    if (!input.enabled && current.enforced) {
      audit.push({
        action: "sso.enforcement_lifted",
        target: auditTarget(ctx),
        metadata: { domains: current.domains, reason: "single sign-on turned off" },
      });
    }
    return { result: {}, audit, revalidate: REVALIDATE };
  },
});

/**
 * Enforces single sign-on (only while it is on): members with the covered email domains sign in to
 * the organization only through the identity provider; the owner keeps a password. Off: passwords
 * work again.
 */
export const setSsoEnforcedAction = memberAction({
  name: "set-sso-enforced",
  input: setSsoEnforcedInput,
  permission: ({ actor }) => onOrganization(actor),
  async run(ctx) {
    const { input, tx, actor } = ctx;
    const current = await connectionAt(tx, actor.organizationId, input.version);
    if (current.enforced === input.enforced) {
      throw new ActionError(
        `Single sign-on is already ${input.enforced ? "enforced" : "not enforced"}.`,
      );
    }
    if (input.enforced && !current.enabled) {
      throw new ActionError("Turn single sign-on on before enforcing it.");
    }
    await updateConnection(tx, current, { enforced: input.enforced });
    await setEnforcedDomains(tx, actor.organizationId, input.enforced ? current.domains : []);
    return {
      result: {},
      audit: {
        action: input.enforced ? "sso.enforced" : "sso.enforcement_lifted",
        target: auditTarget(ctx),
        metadata: { domains: current.domains },
      },
      revalidate: REVALIDATE,
    };
  },
});

/**
 * Removes the connection: its domains, its sign-ins in progress, and its enforcement. People it
 * created keep their accounts and memberships (they sign in with a password after a reset).
 */
export const removeSsoConnectionAction = memberAction({
  name: "remove-sso-connection",
  input: removeSsoConnectionInput,
  permission: ({ actor }) => onOrganization(actor),
  async run(ctx) {
    const { input, tx, actor } = ctx;
    const current = await connectionAt(tx, actor.organizationId, input.version);
    const removed = await tx.ssoConnection.deleteMany({
      where: { id: current.id, version: current.version },
    });
    if (removed.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    await tx.ssoLogin.deleteMany({ where: { organizationId: actor.organizationId } });
    await setEnforcedDomains(tx, actor.organizationId, []);
    return {
      result: {},
      audit: {
        action: "sso.removed",
        target: auditTarget(ctx),
        metadata: {
          issuer: current.issuer,
          clientId: current.clientId,
          domains: current.domains,
          wasEnabled: current.enabled,
          wasEnforced: current.enforced,
        },
      },
      revalidate: REVALIDATE,
    };
  },
});
