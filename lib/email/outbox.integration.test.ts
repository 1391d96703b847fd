import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { prismaForPostgres, type Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { createOrganization } from "@/lib/testing/fixtures";
import {
  CLAIM_MS,
  deliverEmails,
  OWNER_GRACE_MS,
  queueEmail,
  queueEmailsForInvitations,
  RETRY_DELAYS_MS,
  type QueueEmailInput,
} from "./outbox";
import { deliverQueued } from "./send";
import type { EmailContext, EmailTransport, OutgoingEmail } from "./transport";
import { startEmailWorker } from "./worker";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  vi.spyOn(log, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const TOKEN = "tok_outbox-raw-token-value-0123456789";
const MINUTE = 60_000;

function email(to: string, extra: Partial<QueueEmailInput> = {}): QueueEmailInput {
  return {
    organizationId: null,
    to,
    template: "password-reset",
    content: {
      subject: `Reset for ${to}`,
      html: `<a href="https://roster.example/reset-password/${TOKEN}">Reset</a>`,
      text: `Reset: https://roster.example/reset-password/${TOKEN}\n`,
    },
    ...extra,
  };
}

/**
 * A provider as Resend behaves: it can be down, and it sends an email once per idempotency key
 * (a second request with a key it has seen answers the first one's id and sends nothing).
 */
function fakeProvider(options: { delayMs?: number } = {}) {
  const delivered: (OutgoingEmail & { key: string | undefined })[] = [];
  const requests: string[] = [];
  const seen = new Map<string, string>();
  let down: Error | null = null;
  let hang = false;
  const transport: EmailTransport = {
    async send(msg, context?: EmailContext) {
      requests.push(msg.to);
      if (hang) return new Promise<never>(() => undefined);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (down) throw down;
      const key = context?.idempotencyKey;
      const known = key ? seen.get(key) : undefined;
      if (known) return { providerMessageId: known };
      const id = `prov_${delivered.length + 1}`;
      if (key) seen.set(key, id);
      delivered.push({ ...msg, key });
      return { providerMessageId: id };
    },
  };
  return {
    transport,
    delivered,
    requests,
    setDown(error: Error | null) {
      down = error;
    },
    setHang(value: boolean) {
      hang = value;
    },
  };
}

const at = (base: Date, ms: number) => () => new Date(base.getTime() + ms);

describe("queueEmail", () => {
  it("writes nothing when the transaction that queues it rolls back", async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await queueEmail(tx, email("grace@example.com"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await t.db.emailMessage.count()).toBe(0);
  });

  it("stores the email encrypted, leaves it to its request for a while, then to any worker", async () => {
    const { organization } = await createOrganization(t.db, "Acme");
    const now = new Date();
    const { id, error } = await queueEmail(
      t.db,
      email("grace@example.com", { organizationId: organization.id }),
      now,
    );
    expect(error).toBeNull();
    const row = await t.db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: "queued",
      attempts: 0,
      maxAttempts: 5,
      subject: "Reset for grace@example.com",
    });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + OWNER_GRACE_MS);
    const stored = Buffer.from(row.payload!).toString("latin1");
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain("reset-password");

    const provider = fakeProvider();
    // The worker leaves it alone while the request that queued it is expected to deliver it…
    expect(
      await deliverEmails(t.db, { transport: provider.transport, now: at(now, 1_000) }),
    ).toEqual([]);
    // …and takes it when that request never did.
    expect(
      await deliverEmails(t.db, { transport: provider.transport, now: at(now, OWNER_GRACE_MS) }),
    ).toEqual([{ id, status: "sent" }]);
    expect(provider.delivered).toEqual([
      expect.objectContaining({
        to: "grace@example.com",
        subject: "Reset for grace@example.com",
        key: id,
      }),
    ]);
    expect(provider.delivered[0]!.text).toContain(TOKEN);
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "sent",
      attempts: 1,
      payload: null,
      claimedUntil: null,
      providerMessageId: "prov_1",
    });
  });

  it("records a template that does not render as failed at once", async () => {
    const { id, error } = await queueEmail(
      t.db,
      email("grace@example.com", { content: Promise.reject(new Error("bad template")) }),
    );
    expect(error).toMatch(/Could not render the email: bad template/);
    const results = await deliverQueued(t.db, [id], fakeProvider().transport);
    expect(results.get(id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("bad template"),
    });
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      payload: null,
      attempts: 0,
    });
  });
});

describe("several invitations' emails at once", () => {
  async function invitations(n: number) {
    const { organization } = await createOrganization(t.db, "Acme");
    const made = [];
    for (let i = 0; i < n; i++) {
      made.push(
        await t.db.invitation.create({
          data: {
            organizationId: organization.id,
            email: `person${i}@example.com`,
            pendingEmail: `person${i}@example.com`,
            firstName: `Person${i}`,
            lastName: "Example",
            role: "member",
            tokenHash: String(i).repeat(64).slice(0, 64),
            expiresAt: new Date(Date.now() + 7 * 24 * 60 * MINUTE),
            inviterEmail: "owner@example.com",
            lastEmailStatus: "queued",
          },
        }),
      );
    }
    return { organization, made };
  }

  it("queues one row per invitation in one statement, each for its own invitation, and records a batch's outcomes row by row", async () => {
    const { organization, made } = await invitations(4);
    const queued = await queueEmailsForInvitations(
      t.db,
      made.map((invitation, i) => ({
        ...email(invitation.email, {
          organizationId: organization.id,
          ...(i === 2 ? { content: Promise.reject(new Error("bad template")) } : {}),
        }),
        invitationId: invitation.id,
      })),
    );
    expect([...queued.keys()]).toEqual(made.map((m) => m.id));
    const rows = await t.db.emailMessage.findMany({
      select: { id: true, invitationId: true, recipient: true, status: true },
    });
    expect(rows).toHaveLength(4);
    for (const [i, invitation] of made.entries()) {
      const { id, error } = queued.get(invitation.id)!;
      expect(rows.find((r) => r.id === id)).toEqual({
        id,
        invitationId: invitation.id,
        recipient: invitation.email,
        status: i === 2 ? "failed" : "queued",
      });
      expect(error === null).toBe(i !== 2);
    }

    // Delivered together: one provider refusal among them is recorded on its own row and
    // invitation only; the others are sent, with their provider's ids.
    const provider = fakeProvider();
    const refused = queued.get(made[1]!.id)!.id;
    // The server log's transport gives no provider id: recorded as none.
    const unnamed = queued.get(made[3]!.id)!.id;
    const transport: EmailTransport = {
      send: (msg, context) =>
        context?.idempotencyKey === refused
          ? Promise.reject(new Error("Resend error 422: invalid recipient"))
          : context?.idempotencyKey === unnamed
            ? Promise.resolve({ providerMessageId: null })
            : provider.transport.send(msg, context),
    };
    const results = await deliverQueued(
      t.db,
      [...queued.values()].map((q) => q.id),
      transport,
    );
    // Recorded, not only logged as unrecordable.
    expect(log.error).not.toHaveBeenCalledWith(
      expect.anything(),
      expect.stringMatching(/could not record/),
    );
    expect([...results.values()].map((r) => r.status).sort()).toEqual([
      "failed",
      "failed",
      "sent",
      "sent",
    ]);
    const after = await t.db.emailMessage.findMany({
      select: { id: true, status: true, providerMessageId: true, payload: true, sentAt: true },
    });
    for (const [i, invitation] of made.entries()) {
      const row = after.find((r) => r.id === queued.get(invitation.id)!.id)!;
      if (i === 0 || i === 3) {
        expect(row).toMatchObject({ status: "sent", payload: null });
        if (i === 0) expect(row.providerMessageId).toMatch(/^prov_/);
        else expect(row.providerMessageId).toBeNull();
        expect(row.sentAt).toBeInstanceOf(Date);
      } else {
        expect(row.status).toBe(i === 1 ? "queued" : "failed");
        expect(row.sentAt).toBeNull();
      }
    }
    const statuses = await t.db.invitation.findMany({
      select: { id: true, lastEmailStatus: true, lastEmailError: true },
    });
    expect(made.map((m) => statuses.find((s) => s.id === m.id)!.lastEmailStatus)).toEqual([
      "sent",
      "failed",
      "queued",
      "sent",
    ]);
    expect(statuses.find((s) => s.id === made[1]!.id)!.lastEmailError).toBe(
      "Resend error 422: invalid recipient",
    );
  });

  it("refuses two emails for one invitation", async () => {
    const { organization, made } = await invitations(1);
    const input = {
      ...email(made[0]!.email, { organizationId: organization.id }),
      invitationId: made[0]!.id,
    };
    await expect(queueEmailsForInvitations(t.db, [input, input])).rejects.toThrow(
      "One email per invitation",
    );
    expect(await t.db.emailMessage.count()).toBe(0);
  });
});

describe("delivery with retries", () => {
  it("delivers every email exactly once when the provider comes back after being down", async () => {
    const provider = fakeProvider();
    const start = new Date();
    const ids = [];
    for (const to of ["a@example.com", "b@example.com", "c@example.com"]) {
      ids.push((await queueEmail(t.db, email(to), start)).id);
    }
    provider.setDown(new Error("Resend error 503: down"));
    const first = await deliverQueued(t.db, ids, provider.transport);
    expect([...first.values()].map((r) => r.status)).toEqual(["failed", "failed", "failed"]);

    // Not yet due again.
    expect(
      await deliverEmails(t.db, { transport: provider.transport, now: at(start, 30_000) }),
    ).toEqual([]);
    // Second attempt after a minute: still down, next in 5 minutes.
    const second = await deliverEmails(t.db, {
      transport: provider.transport,
      now: at(start, RETRY_DELAYS_MS[0] + 1_000),
    });
    expect(second).toHaveLength(3);
    const rows = await t.db.emailMessage.findMany({ orderBy: { recipient: "asc" } });
    for (const row of rows) {
      expect(row).toMatchObject({
        status: "queued",
        attempts: 2,
        lastError: "Resend error 503: down",
      });
      expect(row.nextAttemptAt.getTime() - start.getTime()).toBeGreaterThanOrEqual(
        RETRY_DELAYS_MS[0] + RETRY_DELAYS_MS[1],
      );
    }

    // The provider is back: the third attempt delivers each one once.
    provider.setDown(null);
    const later = at(start, RETRY_DELAYS_MS[0] + RETRY_DELAYS_MS[1] + 2_000);
    expect(await deliverEmails(t.db, { transport: provider.transport, now: later })).toHaveLength(
      3,
    );
    expect(
      await deliverEmails(t.db, {
        transport: provider.transport,
        now: at(start, 10 * 60 * MINUTE),
      }),
    ).toEqual([]);
    expect(provider.delivered.map((m) => m.to).sort()).toEqual([
      "a@example.com",
      "b@example.com",
      "c@example.com",
    ]);
    expect(
      await t.db.emailMessage.count({ where: { status: "sent", attempts: 3, payload: null } }),
    ).toBe(3);
  });

  it("gives up after 5 attempts (1 min, 5 min, 30 min, 2 h apart) and says so on the invitation", async () => {
    const { organization } = await createOrganization(t.db, "Acme");
    const invitation = await t.db.invitation.create({
      data: {
        organizationId: organization.id,
        email: "grace@example.com",
        pendingEmail: "grace@example.com",
        firstName: "Grace",
        lastName: "Hopper",
        role: "member",
        tokenHash: "h".repeat(64),
        expiresAt: new Date(Date.now() + 7 * 24 * 60 * MINUTE),
        inviterEmail: "owner@example.com",
        lastEmailStatus: "queued",
      },
    });
    const provider = fakeProvider();
    provider.setDown(new Error("Resend error 401: bad key"));
    const start = new Date();
    const { id } = await queueEmail(
      t.db,
      email("grace@example.com", { organizationId: organization.id, invitationId: invitation.id }),
      start,
    );
    let elapsed = OWNER_GRACE_MS;
    const waits = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const [result] = await deliverEmails(t.db, {
        transport: provider.transport,
        now: at(start, elapsed),
      });
      expect(result).toMatchObject({ id, status: "failed" });
      const row = await t.db.emailMessage.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(attempt);
      if (attempt < 5) {
        waits.push(row.nextAttemptAt.getTime() - (start.getTime() + elapsed));
        // One second early: not due.
        elapsed = row.nextAttemptAt.getTime() - start.getTime();
        expect(
          await deliverEmails(t.db, {
            transport: provider.transport,
            now: at(start, elapsed - 1_000),
          }),
        ).toEqual([]);
      } else {
        expect(result!.retryAt).toBeUndefined();
        expect(row).toMatchObject({
          status: "failed",
          payload: null,
          lastError: "Resend error 401: bad key",
        });
      }
    }
    expect(waits).toEqual([...RETRY_DELAYS_MS]);
    expect(provider.requests).toHaveLength(5);
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject(
      {
        lastEmailStatus: "failed",
        lastEmailError: "Resend error 401: bad key",
      },
    );
    // Nothing is left to try.
    expect(
      await deliverEmails(t.db, {
        transport: provider.transport,
        now: at(start, 48 * 60 * MINUTE),
      }),
    ).toEqual([]);
  });

  it("tries a test email (maxAttempts 1) only once", async () => {
    const provider = fakeProvider();
    provider.setDown(new Error("down"));
    const { id } = await queueEmail(t.db, email("grace@example.com", { maxAttempts: 1 }));
    const result = (await deliverQueued(t.db, [id], provider.transport)).get(id);
    expect(result).toMatchObject({ status: "failed", error: "down" });
    expect(result!.retryAt).toBeUndefined();
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      payload: null,
    });
  });

  it("takes over a row whose sender died mid-send, and the provider sends it once", async () => {
    const provider = fakeProvider();
    const start = new Date();
    const { id } = await queueEmail(t.db, email("grace@example.com"), start);
    // The provider accepts the email, but the sender dies before recording it…
    const accepted = provider.transport;
    const dying: EmailTransport = {
      async send(msg, context) {
        await accepted.send(msg, context);
        return new Promise<never>(() => undefined);
      },
    };
    void deliverEmails(t.db, { ids: [id], transport: dying, now: at(start, 0) });
    await vi.waitFor(() => expect(provider.delivered).toHaveLength(1));
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "queued",
      attempts: 1,
    });
    // …so the row stays claimed until its claim runs out…
    expect(
      await deliverEmails(t.db, {
        transport: provider.transport,
        now: at(start, CLAIM_MS - 1_000),
      }),
    ).toEqual([]);
    // …then another worker sends it again, under the same idempotency key.
    expect(
      await deliverEmails(t.db, {
        transport: provider.transport,
        now: at(start, CLAIM_MS + 1_000),
      }),
    ).toEqual([{ id, status: "sent" }]);
    expect(provider.requests).toEqual(["grace@example.com", "grace@example.com"]);
    expect(provider.delivered).toHaveLength(1);
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "sent",
      attempts: 2,
      providerMessageId: "prov_1",
    });
  });
});

describe("several workers", () => {
  it("never send one email twice, on one database or from two instances", async () => {
    // On PostgreSQL the second "instance" is a client of its own (its own connections).
    const other: Db = t.url ? prismaForPostgres(t.url) : t.db;
    try {
      const provider = fakeProvider({ delayMs: 5 });
      const start = new Date(Date.now() - OWNER_GRACE_MS);
      const recipients = Array.from({ length: 40 }, (_, i) => `person${i}@example.com`);
      for (const to of recipients) await queueEmail(t.db, email(to), start);
      const worker = async (db: Db) => {
        let claimed = 0;
        for (;;) {
          const batch = await deliverEmails(db, { transport: provider.transport, limit: 3 });
          if (batch.length === 0) return claimed;
          claimed += batch.length;
        }
      };
      const claimed = await Promise.all([worker(t.db), worker(other), worker(t.db), worker(other)]);
      expect(claimed.reduce((a, b) => a + b, 0)).toBe(40);
      expect(provider.requests.sort()).toEqual([...recipients].sort());
      expect(await t.db.emailMessage.count({ where: { status: "sent", attempts: 1 } })).toBe(40);
    } finally {
      if (other !== t.db) await other.$disconnect();
    }
  });
});

describe("the worker", () => {
  it("looks for due emails until stopped, and stops after its current batch", async () => {
    let batches = 0;
    let release: (() => void) | null = null;
    const worker = startEmailWorker({
      db: async () => t.db,
      intervalMs: 10,
      deliver: async () => {
        batches += 1;
        if (batches === 3) await new Promise<void>((resolve) => (release = resolve));
        return [];
      },
    });
    expect(worker.alive()).toBe(false); // Not looked yet.
    await vi.waitFor(() => expect(batches).toBe(3));
    expect(worker.alive()).toBe(true);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false); // The batch under way is finished first.
    release!();
    await stopping;
    expect(batches).toBe(3);
    expect(worker.alive()).toBe(false);
  });

  it("delivers what is due with the real outbox, and survives a failing look", async () => {
    const provider = fakeProvider();
    const { id } = await queueEmail(
      t.db,
      email("grace@example.com"),
      new Date(Date.now() - OWNER_GRACE_MS),
    );
    let failOnce = true;
    const worker = startEmailWorker({
      db: async () => {
        if (failOnce) {
          failOnce = false;
          throw new Error("database briefly unreachable");
        }
        return t.db;
      },
      intervalMs: 10,
      deliver: (db) => deliverEmails(db, { transport: provider.transport }),
    });
    try {
      await vi.waitFor(async () =>
        expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
          status: "sent",
        }),
      );
      expect(provider.delivered).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});
