import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demo } from "./support/people";
import {
  actionId,
  E2E_DIR,
  postAction,
  readLog,
  signInOverHttp,
  startServer,
} from "./support/server-process";

// server.mjs on SIGTERM: it stops accepting, lets the requests under way finish, closes the
// database (the embedded one flushed and unlocked) and exits 0 — and every write it acknowledged
// is there when a new server opens the same data. On the embedded database always, and on
// PostgreSQL too when TEST_DATABASE_URL is set. Each run starts its own servers on free ports.
const databases = ["embedded", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])] as const;

/** Requests in flight at once during the burst, and the acknowledged writes before SIGTERM. */
const STREAMS = 4;
const BEFORE_SIGNAL = 8;
/** At most this many invitations (the organization may send 200 an hour). */
const MAX_WRITES = 80;

interface Write {
  email: string;
  sentAt: number;
  answeredAt: number;
  acknowledged: boolean;
}

for (const database of databases) {
  test(`SIGTERM mid-burst (${database}): in-flight writes finish, the data is all there after a restart`, async () => {
    test.setTimeout(300_000);
    const name = `shutdown-${database}`;
    const dbFlags = database === "postgres" ? ["--postgres"] : [];
    const server = await startServer(name, ["--seed", ...dbFlags]);
    const { cookie } = await signInOverHttp(server.base, demo.owner.email, DEMO_PASSWORD);
    const invite = actionId("inviteUsersAction", "lib/invitations/actions.ts");
    const stamp = `${Date.now().toString(36)}${database.slice(0, 2)}`;

    // A burst of writes: each request invites one new person (a transaction with its audit
    // event, then the email to the fake Resend). SIGTERM goes out once BEFORE_SIGNAL are in.
    const writes: Write[] = [];
    let signalAt = Infinity;
    let next = 0;
    let refused = false;
    const stream = async () => {
      while (!refused && next < MAX_WRITES) {
        const email = `shutdown-${stamp}-${next++}@e2e.example`;
        const sentAt = performance.now();
        let acknowledged = false;
        try {
          const reply = await postAction(server.base, "/users", invite, cookie, [
            { rows: [{ firstName: "Shut", lastName: "Down", email }], role: "member" },
          ]);
          acknowledged = reply.status === 200 && reply.body.includes('"ok":true');
          if (reply.status === 200 && !acknowledged) throw new Error(`refused: ${reply.body}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("refused")) throw error;
          refused = true; // the server no longer accepts connections
        }
        writes.push({ email, sentAt, answeredAt: performance.now(), acknowledged });
        if (signalAt === Infinity && writes.filter((w) => w.acknowledged).length >= BEFORE_SIGNAL) {
          signalAt = performance.now();
          server.process.kill("SIGTERM");
        }
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, stream));
    const code = await server.exited;

    expect(signalAt, "SIGTERM was sent mid-burst").toBeLessThan(Infinity);
    expect(code, "the server exits 0 after a graceful shutdown").toBe(0);
    const acknowledged = writes.filter((w) => w.acknowledged);
    // Requests under way when the signal came were answered, not dropped.
    expect(
      acknowledged.filter((w) => w.sentAt < signalAt && w.answeredAt > signalAt).length,
      "writes in flight at SIGTERM that were still acknowledged",
    ).toBeGreaterThan(0);
    expect(
      writes.some((w) => !w.acknowledged),
      "new requests refused once stopping",
    ).toBe(true);

    const log = readLog(server.logFile);
    const messages = log.map((line) => line.json?.msg);
    expect(messages).toContain("shutting down");
    expect(messages).toContain("database closed");
    // "stopped" is the last line out: the server writes out its log before it exits (without
    // that, pino's flush at exit could overtake a line still being written, such as "database
    // closed").
    expect(log.at(-1)?.json?.msg).toBe("stopped");
    if (database === "embedded") {
      expect(fs.existsSync(path.join(E2E_DIR, name, "roster.lock")), "lock released").toBe(false);
    }

    // The same data, opened again by a new server: it starts cleanly and has every write.
    const again = await startServer(name, ["--keep", ...dbFlags]);
    try {
      const owner = await signInOverHttp(again.base, demo.owner.email, DEMO_PASSWORD);
      const page = await fetch(`${again.base}/users?status=pending&size=100&q=${stamp}`, {
        headers: { cookie: owner.cookie },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      const missing = acknowledged.filter((w) => !html.includes(w.email)).map((w) => w.email);
      expect(missing, "acknowledged writes missing after the restart").toEqual([]);
    } finally {
      again.process.kill("SIGTERM");
      expect(await again.exited).toBe(0);
    }
    const restarted = readLog(again.logFile).slice(log.length);
    expect(restarted.filter((l) => l.json === null).map((l) => l.raw)).toEqual([]);
    expect(
      restarted.filter((l) => ["error", "fatal"].includes(String(l.json?.level))).map((l) => l.raw),
      "errors after the restart",
    ).toEqual([]);
    expect(restarted.map((l) => l.raw).join("\n")).not.toMatch(/recovery|not properly shut down/i);
  });
}
