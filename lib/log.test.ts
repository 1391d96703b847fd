import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { requestContextStorage } from "@/lib/request/context";
import { closeLog, createLogger, forRequestLines, REDACTED_KEYS } from "./log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, logger: createLogger({ destination, level: "info" }) };
}

describe("log", () => {
  it("writes one JSON object per line: level by name, ISO time, message", () => {
    const { lines, logger } = capture();
    logger.info({ invitationId: "inv_1" }, "invitation sent");
    expect(lines).toEqual([
      expect.objectContaining({
        level: "info",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        invitationId: "inv_1",
        msg: "invitation sent",
      }),
    ]);
  });

  it("adds the request's id and caller from the request context, also in child loggers", () => {
    const { lines, logger } = capture();
    requestContextStorage().run({ requestId: "req-12345678" }, () => {
      logger.info("before the caller is known");
      const context = requestContextStorage().getStore()!;
      context.userId = "u_1";
      context.organizationId = "org_1";
      logger.child({ module: "people" }).warn("after");
    });
    logger.info("outside any request");
    expect(lines[0]).toMatchObject({ requestId: "req-12345678" });
    expect(lines[0]).not.toHaveProperty("userId");
    expect(lines[1]).toMatchObject({
      level: "warn",
      module: "people",
      requestId: "req-12345678",
      userId: "u_1",
      organizationId: "org_1",
    });
    expect(lines[2]).not.toHaveProperty("requestId");
  });

  it("writes request lines as the logger's other lines, with the request's context", () => {
    const { lines, logger } = capture();
    const requestLines = forRequestLines(logger);
    requestContextStorage().run({ requestId: "req-12345678", userId: "u_1" }, () => {
      requestLines.info(
        { method: "GET", route: "/users", status: 200, durationMs: 12.5 },
        "request",
      );
    });
    requestLines.debug({ route: "/users" }, "below the level");
    expect(lines).toEqual([
      {
        level: "info",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        pid: process.pid,
        hostname: expect.any(String),
        requestId: "req-12345678",
        userId: "u_1",
        method: "GET",
        route: "/users",
        status: 200,
        durationMs: 12.5,
        msg: "request",
      },
    ]);
  });

  it("redacts secrets at the top and two levels down, errors included", () => {
    const { lines, logger } = capture();
    const secret = "s3cret-value-that-must-not-appear";
    const err = Object.assign(new Error("sign-in failed"), { password: secret });
    logger.error(
      {
        err,
        password: secret,
        token: secret,
        request: { headers: { cookie: secret, authorization: secret, "set-cookie": secret } },
        email: { subject: "Welcome", html: secret, text: secret },
      },
      "something failed",
    );
    const line = JSON.stringify(lines[0]);
    expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      password: "[redacted]",
      request: { headers: { cookie: "[redacted]", "set-cookie": "[redacted]" } },
      email: { subject: "Welcome", html: "[redacted]" },
      err: { message: "sign-in failed", password: "[redacted]" },
    });
    expect(REDACTED_KEYS).toContain("cookie");
  });

  it("leaves out what is below its level", () => {
    const { lines, logger } = capture();
    logger.debug("not written at info");
    expect(lines).toEqual([]);
  });

  it("closeLog writes out every line still queued, in order, before it resolves", async () => {
    // pino's own asynchronous destination, as the server's standard output is: the writes
    // happen off the JavaScript thread, so most lines are still queued when the loop ends.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-log-"));
    try {
      const file = path.join(dir, "out.log");
      const destination = pino.destination({ dest: file, sync: false });
      await new Promise((resolve) => destination.once("ready", resolve));
      const logger = createLogger({ destination, level: "info" });
      const count = 3_000;
      for (let n = 0; n < count; n++) logger.info({ n }, "line");
      logger.info("stopped");
      await closeLog(logger);
      const lines = fs
        .readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { n?: number; msg: string });
      expect(lines).toHaveLength(count + 1);
      expect(lines.slice(0, count).map((line) => line.n)).toEqual([...Array(count).keys()]);
      expect(lines.at(-1)?.msg).toBe("stopped");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("closeLog resolves for a destination it cannot close, and gives up on one that hangs", async () => {
    const { logger } = capture();
    await expect(closeLog(logger)).resolves.toBeUndefined();
    const stuck = new Writable({ write: () => undefined }); // never calls back
    const hanging = createLogger({ destination: stuck, level: "info" });
    hanging.info("never written out");
    await expect(closeLog(hanging, 50)).resolves.toBeUndefined();
  });
});
