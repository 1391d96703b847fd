import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as accountActions from "@/lib/account/actions";
import * as emailChangeActions from "@/lib/account/email-change-actions";
import * as profileActions from "@/lib/account/profile-actions";
import * as sessionsActions from "@/lib/account/sessions-actions";
import * as signInActions from "@/lib/account/sign-in-actions";
import * as twoFactorActions from "@/lib/account/two-factor-actions";
import { denyMessage, GENERIC_ERROR, RECORDED_REFUSALS } from "@/lib/actions/pipeline";
import { sealSecret } from "@/lib/auth/secret-box";
import { createSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db";
import * as acceptActions from "@/lib/invitations/accept-actions";
import * as invitationActions from "@/lib/invitations/actions";
import { log } from "@/lib/log";
import * as organizationActions from "@/lib/organization/actions";
import * as dangerActions from "@/lib/organization/danger-actions";
import * as emailActions from "@/lib/organization/email-actions";
import * as settingsActions from "@/lib/organization/settings-actions";
import * as peopleActions from "@/lib/people/actions";
import * as ssoConfigActions from "@/lib/sso/config-actions";
import * as roleActions from "@/lib/roles/actions";
import { actAs } from "@/lib/testing/actors";
import { acmeWorld } from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { countRefusalEvents, fingerprintDatabase } from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { newToken } from "@/lib/tokens";
import * as workspaceActions from "@/lib/workspaces/actions";
import * as joinRequestActions from "@/lib/workspaces/join-request-actions";
import * as workspaceMemberActions from "@/lib/workspaces/member-actions";
import { ACTION_INPUTS, type FuzzEntry } from "./action-inputs";
import { Ref, type Delivery } from "./malformed-values";

// Issue 13, "Proof under stress" (malformed input): every server action, called as Olive, the
// owner of Acme, with random and adversarial input (lib/stress/action-inputs.ts), must answer with
// its typed result (or, where it redirects, with Next's redirect) and never throw; a refusal must
// leave the database as it was; bad input is never logged as an error; and no input naming another
// organization's user, workspace, invitation, request, session or the organization itself succeeds.
//
// FUZZ_RUNS (default 20) sets the runs per action; FUZZ_SEED replays the seed a failure printed.

const t = setUpTestDatabase();

const MODULES: Record<string, Record<string, unknown>> = {
  "lib/workspaces/member-actions.ts": workspaceMemberActions,
  "lib/workspaces/actions.ts": workspaceActions,
  "lib/workspaces/join-request-actions.ts": joinRequestActions,
  "lib/account/actions.ts": accountActions,
  "lib/account/sessions-actions.ts": sessionsActions,
  "lib/account/email-change-actions.ts": emailChangeActions,
  "lib/account/profile-actions.ts": profileActions,
  "lib/account/sign-in-actions.ts": signInActions,
  "lib/account/two-factor-actions.ts": twoFactorActions,
  "lib/invitations/actions.ts": invitationActions,
  "lib/invitations/accept-actions.ts": acceptActions,
  "lib/organization/actions.ts": organizationActions,
  "lib/organization/email-actions.ts": emailActions,
  "lib/organization/danger-actions.ts": dangerActions,
  "lib/organization/settings-actions.ts": settingsActions,
  "lib/people/actions.ts": peopleActions,
  "lib/sso/config-actions.ts": ssoConfigActions,
  "lib/roles/actions.ts": roleActions,
};

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const DAY_MS = 24 * 60 * 60 * 1000;

type Action = (input?: unknown) => Promise<unknown>;

function actionOf(key: string): Action {
  const [file, name] = key.split("#") as [string, string];
  const action = MODULES[file]?.[name];
  if (typeof action !== "function") throw new Error(`${key} is not an exported function`);
  return action as Action;
}

/**
 * Acme and Globex (lib/testing/acme-world.ts), with for each kind of record an id of each: a
 * pending invitation, a pending join request and a further session in each organization, and
 * live links for accepting Acme's invitation, resetting Mo's password and confirming his new email.
 */
async function fuzzWorld(db: Db): Promise<Record<string, string>> {
  const w = await acmeWorld(db);
  const ids: Record<string, string> = { "org.acme": w.org, "org.globex": w.globexOrg };
  for (const [name, user] of Object.entries(w.users)) ids[`user.${name}`] = user.id;
  for (const [name, ws] of Object.entries(w.ws)) ids[`ws.${name}`] = ws.id;
  ids["org.acme.slug"] = (await db.organization.findUniqueOrThrow({ where: { id: w.org } })).slug;

  const expiresAt = new Date(Date.now() + 7 * DAY_MS);
  const invite = async (organizationId: string, inviter: { id: string; email: string }) => {
    const { raw, hash } = newToken();
    const invitation = await db.invitation.create({
      data: {
        organizationId,
        email: `ivy.${raw.slice(0, 6).toLowerCase()}@invitee.test`,
        firstName: "Ivy",
        lastName: "Invitee",
        inviterId: inviter.id,
        inviterEmail: inviter.email,
        tokenHash: hash,
        expiresAt,
      },
    });
    return { id: invitation.id, raw };
  };
  const acmeInvitation = await invite(w.org, w.users.owner);
  ids["invitation.acme"] = acmeInvitation.id;
  ids["token.invitation"] = acmeInvitation.raw;
  ids["invitation.globex"] = (await invite(w.globexOrg, w.users.otherOwner)).id;

  const membershipOf = (userId: string, organizationId: string) =>
    db.membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId, organizationId } },
    });
  const requestToJoin = async (userId: string, organizationId: string, workspaceId: string) =>
    (
      await db.joinRequest.create({
        data: {
          organizationId,
          workspaceId,
          membershipId: (await membershipOf(userId, organizationId)).id,
        },
      })
    ).id;
  ids["joinRequest.acme"] = await requestToJoin(w.users.member.id, w.org, w.ws.sales.id);
  ids["joinRequest.globex"] = await requestToJoin(
    w.users.admin2.id,
    w.globexOrg,
    w.ws.marketing.id,
  );

  const client = { ip: "203.0.113.9", userAgent: "another browser" };
  ids["session.ownOther"] = (await createSession(db, w.users.owner.id, client)).id;
  ids["session.foreign"] = (await createSession(db, w.users.outsider.id, client)).id;

  const reset = newToken();
  await db.passwordResetToken.create({
    data: { userId: w.users.member.id, tokenHash: reset.hash, expiresAt },
  });
  ids["token.passwordReset"] = reset.raw;
  const change = newToken();
  await db.emailChangeToken.create({
    data: {
      userId: w.users.member.id,
      newEmail: "mo.new@acme.test",
      tokenHash: change.hash,
      requestedById: w.users.member.id,
      expiresAt,
    },
  });
  ids["token.emailChange"] = change.raw;

  // A custom role in each organization ("Editor": member + create sub-workspaces).
  for (const [organizationId, key] of [
    [w.org, "acme"],
    [w.globexOrg, "globex"],
  ] as const) {
    const role = await db.customRole.create({
      data: {
        organizationId,
        name: "Editor",
        nameKey: "editor",
        baseRole: "member",
        permissions: ["createSubWorkspaces"],
      },
    });
    ids[`role.${key}`] = role.id;
    ids[`roleKey.${key}`] = `custom:${role.id}`;
  }

  // Single sign-on, saved (version 1) and off in Acme, on and enforced in Globex.
  for (const [organizationId, domain, on] of [
    [w.org, "acme.test", false],
    [w.globexOrg, "globex.test", true],
  ] as const) {
    const { id } = await db.ssoConnection.create({
      data: {
        organizationId,
        issuer: "http://127.0.0.1:1",
        clientId: "roster",
        clientSecretSealed: sealSecret("s3cret", "sso-client-secret"),
        enabled: on,
        enforced: on,
      },
    });
    await db.ssoDomain.create({ data: { domain, organizationId, connectionId: id } });
    if (on) {
      await db.organization.update({
        where: { id: organizationId },
        data: { ssoEnforcedDomains: [domain] },
      });
    }
  }

  await actAs(db, w.users.owner.id, w.org);
  return ids;
}

function containsRef(value: unknown, test: (ref: Ref) => boolean, depth = 0): boolean {
  if (value instanceof Ref) return test(value);
  if (depth > 4 || value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => containsRef(item, test, depth + 1));
}

/** The value with each Ref replaced by its id in the current world. */
function materialize(value: unknown, ids: Record<string, string>): unknown {
  if (value instanceof Ref) {
    const id = ids[value.key];
    if (id === undefined) throw new Error(`The fuzz world has no ${value.key}`);
    return id;
  }
  if (!containsRef(value, () => true)) return value;
  if (Array.isArray(value)) return value.map((item) => materialize(item, ids));
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value as object)) {
    Object.defineProperty(out, name, {
      value: materialize(item, ids),
      enumerable: true,
      writable: true,
    });
  }
  return out;
}

/** What a browser's form would send for the value (repeated keys for arrays). */
function formValue(value: unknown): string | Blob {
  if (typeof value === "string" || value instanceof Blob) return value;
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value) ?? "";
    } catch {
      return "[object]";
    }
  }
  return String(value);
}

function toFormData(value: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, item] of Object.entries(value)) {
    for (const one of Array.isArray(item) ? item : [item]) {
      if (one !== undefined) form.append(name, formValue(one));
    }
  }
  return form;
}

function argumentOf(delivery: Delivery, ids: Record<string, string>): unknown {
  const value = materialize(delivery.value, ids);
  return delivery.kind === "form" ? toFormData(value as Record<string, unknown>) : value;
}

const isRedirect = (error: unknown) => {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_REDIRECT");
};

/** A failure message short enough to read: fast-check prints the 1 MB strings it tried in full. */
function shortened(message: string): string {
  return message
    .split("\n")
    .map((line) =>
      line.length > 600 ? `${line.slice(0, 600)}… (${line.length - 600} more characters)` : line,
    )
    .join("\n");
}

/** A logged line as "message: the error's message". */
function describeLogLine(args: unknown[]): string {
  const [first, second] = args;
  const err = (first as { err?: unknown } | null)?.err ?? first;
  const why = err instanceof Error ? err.message.split("\n").slice(-3).join(" ") : "";
  return shortened(`${typeof second === "string" ? second : String(first)}: ${why}`);
}

const RECORDED_REFUSALS_MESSAGES = [...RECORDED_REFUSALS].map(denyMessage);

function changedTables(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys(after).filter((table) => before[table] !== after[table]);
}

let mailbox: Mailbox;
let errorLines: unknown[][];
beforeEach(() => {
  mailbox = recordEmails();
  errorLines = [];
  for (const level of ["error", "fatal"] as const) {
    vi.spyOn(log, level).mockImplementation((...args: unknown[]) => {
      errorLines.push(args);
    });
  }
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errorLines.push(args);
  });
});
afterEach(() => {
  mailbox.restore();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** One call: what it answered or threw, and which tables it changed. */
async function callOnce(action: Action, delivery: Delivery, ids: Record<string, string>) {
  const argument = argumentOf(delivery, ids);
  // A refusal by the matrix may record one "access.refused" event (lib/actions/pipeline.ts):
  // counted apart, and checked against the answer in checkOutcome.
  const before = await fingerprintDatabase(t.db, { apartFromRefusals: true });
  const refusalsBefore = await countRefusalEvents(t.db);
  errorLines.length = 0;
  let outcome: { returned: unknown } | { threw: unknown };
  try {
    outcome = { returned: await action(argument) };
  } catch (error) {
    outcome = { threw: error };
  }
  const after = await fingerprintDatabase(t.db, { apartFromRefusals: true });
  return {
    outcome,
    changed: changedTables(before, after),
    refusalsRecorded: (await countRefusalEvents(t.db)) - refusalsBefore,
  };
}

function checkOutcome(
  entry: FuzzEntry,
  delivery: Delivery,
  { outcome, changed, refusalsRecorded }: Awaited<ReturnType<typeof callOnce>>,
): "unchanged" | "changed" {
  expect(errorLines.map(describeLogLine), "nothing is logged at error level").toEqual([]);
  if (refusalsRecorded !== 0) {
    // Only a refusal by the matrix records one, and one at most.
    expect(refusalsRecorded, "refusal events recorded by one call").toBe(1);
    const error = "returned" in outcome ? (outcome.returned as { error?: unknown }).error : null;
    expect(RECORDED_REFUSALS_MESSAGES, "the answer of a call that recorded a refusal").toContain(
      error,
    );
  }
  if ("threw" in outcome) {
    if (entry.redirects && isRedirect(outcome.threw)) return "changed";
    throw new Error(`The action threw: ${String(outcome.threw)}`, { cause: outcome.threw });
  }
  const result = outcome.returned;
  if (entry.returnsNothing) {
    expect(result).toBeUndefined();
    expect(changed, "tables changed").toEqual([]);
    return "unchanged";
  }
  expect(result).toEqual(expect.objectContaining({ ok: expect.any(Boolean) }));
  const answer = result as { ok: boolean; error?: unknown; fieldErrors?: unknown };
  if (answer.ok) {
    expect(
      containsRef(delivery.value, (ref) => ref.foreign),
      "an input naming another organization's record succeeded",
    ).toBe(false);
    return "changed";
  }
  expect(typeof answer.error === "string" && answer.error.length > 0, "a message").toBe(true);
  expect(answer.error).not.toBe(GENERIC_ERROR);
  if (answer.fieldErrors !== undefined) {
    for (const messages of Object.values(answer.fieldErrors as object)) {
      expect(Array.isArray(messages) && messages.every((m) => typeof m === "string")).toBe(true);
    }
  }
  expect(changed, "a refusal changed these tables").toEqual([]);
  return changed.length > 0 ? "changed" : "unchanged";
}

describe("every server action under malformed input", () => {
  it("is in the fuzz table, and every entry of the table is an exported action", () => {
    const exported = Object.entries(MODULES).flatMap(([file, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => `${file}#${name}`),
    );
    expect(exported.sort()).toEqual(Object.keys(ACTION_INPUTS).sort());
  });

  for (const [key, entry] of Object.entries(ACTION_INPUTS)) {
    it(`${key}: answers, refuses without changing anything, logs no error`, async () => {
      if (entry.allowOrgCreation) vi.stubEnv("ALLOW_ORG_CREATION", "true");
      const action = actionOf(key);
      let ids = await fuzzWorld(t.db);
      const details = await fc.check(
        fc.asyncProperty(entry.input.arbitrary, async (delivery) => {
          const started = performance.now();
          const call = await callOnce(action, delivery, ids);
          if (process.env.FUZZ_STATS) {
            const ms = Math.round(performance.now() - started);
            const o = call.outcome;
            const what = "threw" in o ? "threw" : JSON.stringify(o.returned)?.slice(0, 120);
            console.log(`[fuzz] ${key.split("#")[1]} ${ms}ms ${delivery.kind} ${what}`);
          }
          let state: "unchanged" | "changed" = "changed";
          try {
            state = checkOutcome(entry, delivery, call);
          } finally {
            if (state === "changed" || call.changed.length > 0) {
              await t.reset();
              mailbox.clear();
              ids = await fuzzWorld(t.db);
            }
          }
        }),
        {
          numRuns: RUNS,
          examples: entry.input.examples.map((example) => [example]),
          ...(SEED === undefined ? {} : { seed: SEED }),
        },
      );
      if (details.failed) {
        const cause = details.errorInstance;
        const why = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
        const report = `${fc.defaultReportMessage(details) ?? ""}\n\n${why}`;
        throw new Error(shortened(report), { cause });
      }
    }, 120_000);
  }
});
