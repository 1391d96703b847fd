import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { acmeWorld, signInAs, type AcmeWorld } from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { AUDIT_LOG_PAGE_SIZE, auditLogPageFor } from "./audit-log";
import { auditLogCsvResponse } from "./audit-log-export";
import { auditLogQuery } from "./schemas";

const t = setUpTestDatabase();

/** `n` events in Acme, a minute apart (the newest last), alternating between two actors. */
async function events(w: AcmeWorld, n: number) {
  const start = Date.parse("2026-11-01T09:00:00Z");
  await t.db.auditEvent.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const byOwner = i % 2 === 0;
      return {
        organizationId: w.org,
        actorId: byOwner ? w.users.owner.id : w.users.admin.id,
        actorEmail: byOwner ? w.users.owner.email : w.users.admin.email,
        action: byOwner ? "member.role_changed" : "workspace.renamed",
        targetType: "user",
        targetId: w.users.member.id,
        targetLabel: `Mo Member <${w.users.member.email}>`,
        metadata: { n: i },
        ip: "203.0.113.9",
        createdAt: new Date(start + i * 60_000),
      };
    }),
  });
}

async function pageAs(w: AcmeWorld, who: keyof AcmeWorld["users"], params: object = {}) {
  await signInAs(t.db, w, who);
  const actor = await getActor();
  if (!actor) throw new Error("signed out");
  return auditLogPageFor(actor, auditLogQuery.parse(params));
}

const numbers = (page: Awaited<ReturnType<typeof pageAs>>) =>
  page?.rows.map((row) => (row.metadata as { n: number }).n);

describe("the audit log", () => {
  it("is for owners and admins; others get nothing", async () => {
    const w = await acmeWorld(t.db);
    await events(w, 3);
    expect(numbers(await pageAs(w, "owner"))).toEqual([2, 1, 0]);
    expect(numbers(await pageAs(w, "admin"))).toEqual([2, 1, 0]);
    expect(await pageAs(w, "manager")).toBeNull();
    expect(await pageAs(w, "member")).toBeNull();
    // Globex's owner reads Globex's log, where none of Acme's events are.
    expect(numbers(await pageAs(w, "otherOwner"))).toEqual([]);
  });

  it("finds a deleted account's events by the email they were recorded with, in any case", async () => {
    const w = await acmeWorld(t.db);
    await events(w, 2);
    await t.db.auditEvent.create({
      data: {
        organizationId: w.org,
        actorId: null,
        actorEmail: "gone@acme.test",
        action: "workspace.renamed",
        targetType: "workspace",
        targetId: w.ws.sales.id,
        targetLabel: "Sales",
        metadata: { n: 99 },
      },
    });
    expect(numbers(await pageAs(w, "owner", { actor: "Gone@ACME.test" }))).toEqual([99]);
    expect(numbers(await pageAs(w, "owner", { actor: "nobody@acme.test" }))).toEqual([]);
  });

  it("pages by position, newest first, and back", async () => {
    const w = await acmeWorld(t.db);
    const total = AUDIT_LOG_PAGE_SIZE * 2 + 7;
    await events(w, total);
    const first = await pageAs(w, "owner");
    const newest = Array.from({ length: total }, (_, i) => total - 1 - i);
    expect(numbers(first)).toEqual(newest.slice(0, AUDIT_LOG_PAGE_SIZE));
    expect(first?.newer).toBeNull();
    const second = await pageAs(w, "owner", { after: first?.older });
    expect(numbers(second)).toEqual(newest.slice(AUDIT_LOG_PAGE_SIZE, AUDIT_LOG_PAGE_SIZE * 2));
    const third = await pageAs(w, "owner", { after: second?.older });
    expect(numbers(third)).toEqual(newest.slice(AUDIT_LOG_PAGE_SIZE * 2));
    expect(third?.older).toBeNull();
    const back = await pageAs(w, "owner", { before: third?.newer });
    expect(numbers(back)).toEqual(numbers(second));
    const front = await pageAs(w, "owner", { before: back?.newer });
    expect(numbers(front)).toEqual(numbers(first));
    expect(front?.newer).toBeNull();
  });

  it("filters by actor, action, target and dates, in any combination", async () => {
    const w = await acmeWorld(t.db);
    await events(w, 10);
    expect(numbers(await pageAs(w, "owner", { actor: w.users.admin.email.toUpperCase() }))).toEqual(
      [9, 7, 5, 3, 1],
    );
    expect(numbers(await pageAs(w, "owner", { action: "member.role_changed" }))).toEqual([
      8, 6, 4, 2, 0,
    ]);
    expect(numbers(await pageAs(w, "owner", { target: w.users.member.email }))).toHaveLength(10);
    expect(numbers(await pageAs(w, "owner", { target: w.users.admin.email }))).toEqual([]);
    expect(
      numbers(
        await pageAs(w, "owner", {
          from: "2026-11-01",
          to: "2026-11-01",
          action: "workspace.renamed",
        }),
      ),
    ).toEqual([9, 7, 5, 3, 1]);
    expect(numbers(await pageAs(w, "owner", { from: "2026-11-02" }))).toEqual([]);
    // Nonsense in the URL is ignored, never an error.
    expect(
      numbers(await pageAs(w, "owner", { action: "drop table", from: "yesterday", after: "%%%" })),
    ).toHaveLength(10);
  });
});

describe("the audit log's CSV export", () => {
  async function download(params: Record<string, string>) {
    const response = await auditLogCsvResponse(new URLSearchParams(params));
    return { response, text: response.ok ? await response.text() : "" };
  }

  it("holds exactly the filtered events, quoted and formula-safe", async () => {
    const w = await acmeWorld(t.db);
    await events(w, 2500);
    await t.db.auditEvent.create({
      data: {
        organizationId: w.org,
        actorId: w.users.admin.id,
        actorEmail: w.users.admin.email,
        action: "workspace.renamed",
        targetType: "workspace",
        targetLabel: '=HYPERLINK("http://evil.example"), "quoted"',
        createdAt: new Date("2026-12-01T00:00:00Z"),
      },
    });
    await signInAs(t.db, w, "admin");
    const { response, text } = await download({ actor: w.users.admin.email });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audit-log-/,
    );
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Time (UTC),Actor,Action,Target type,Target,IP,User agent,Details");
    // 1,250 of the 2,500 are the admin's (read in batches), and the one above.
    expect(lines).toHaveLength(1 + 1250 + 1);
    expect(lines[1]).toContain(`'=HYPERLINK(""http://evil.example""), ""quoted""`);
    expect(lines.slice(1).every((line) => line.includes(w.users.admin.email))).toBe(true);
  });

  it("answers 401 signed out, 404 to those who may not read the log", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "signedOut");
    expect((await download({})).response.status).toBe(401);
    await signInAs(t.db, w, "manager");
    expect((await download({})).response.status).toBe(404);
    await signInAs(t.db, w, "disabledAdmin");
    expect((await download({})).response.status).toBe(403);
  });
});
