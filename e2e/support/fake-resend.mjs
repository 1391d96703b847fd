// A fake Resend API for the end-to-end tests: it records the emails the app sends so a test can
// read an invitation or reset link exactly as a person would from their inbox.
//   node e2e/support/fake-resend.mjs [port]        (else FAKE_RESEND_PORT, else 3199)
// The app servers point the resend SDK here with RESEND_BASE_URL (see serve.mjs).
//
// Resend's API, as the SDK uses it:
//   POST /emails   Authorization: Bearer <key>; JSON { from, to, subject, html, text, reply_to }
//                  → 200 { id }, or an error JSON { statusCode, name, message }
//                  With an Idempotency-Key header it has seen, it answers that email's id and
//                  records nothing (the app's outbox retries a send under the same key).
// For tests (e2e/support/mailbox.ts):
//   GET    /__messages[?to=<email>]   recorded messages, oldest first (newest last)
//   DELETE /__messages                forget them all
//   POST   /__outage { "failing": true|false }   while failing, POST /emails answers 500
//   GET    /health                    readiness
import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";
import http from "node:http";

const port = Number(process.argv[2] || process.env.FAKE_RESEND_PORT || 3199);
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** @type {{ id: string; from: string; to: string[]; subject: string; html: string | null; text: string | null; reply_to: string[] | null; created_at: string }[]} */
let messages = [];
/** Idempotency-Key → the id of the email first sent with it. */
const byIdempotencyKey = new Map();
let failing = false;
/** Lower-cased recipients the outage applies to; empty = every recipient. */
let failingFor = new Set();

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error("[fake-resend]", error);
    if (!res.headersSent)
      send(res, 500, resendError(500, "application_error", "Fake Resend crashed."));
    else res.end();
  });
});

async function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://fake-resend");
  const route = `${req.method} ${url.pathname.replace(/\/+$/, "") || "/"}`;

  switch (route) {
    case "GET /health":
      return send(res, 200, { ok: true, messages: messages.length, failing });

    case "POST /emails":
      return createEmail(req, res);

    case "GET /__messages": {
      const to = url.searchParams.get("to")?.trim().toLowerCase();
      return send(
        res,
        200,
        to
          ? messages.filter((m) => m.to.some((address) => address.toLowerCase() === to))
          : messages,
      );
    }

    case "DELETE /__messages":
      messages = [];
      return send(res, 200, { ok: true });

    case "POST /__outage": {
      const body = await readJson(req);
      if (!body.ok || typeof body.value?.failing !== "boolean") {
        return send(res, 400, { error: 'Send JSON { "failing": true | false }.' });
      }
      failing = body.value.failing;
      const recipients = Array.isArray(body.value.recipients) ? body.value.recipients : [];
      failingFor = new Set(recipients.map((r) => String(r).toLowerCase()));
      return send(res, 200, { failing, recipients: [...failingFor] });
    }

    default:
      return send(
        res,
        404,
        resendError(404, "not_found", "The requested endpoint does not exist."),
      );
  }
}

async function createEmail(req, res) {
  const authorization = req.headers.authorization ?? "";
  if (!/^Bearer \S+$/.test(authorization)) {
    return send(
      res,
      401,
      resendError(401, "missing_api_key", "Missing API key in the authorization header."),
    );
  }
  const body = await readJson(req);
  if (!body.ok) return send(res, 422, resendError(422, "validation_error", body.error));
  const recipientsOf = toList(body.value?.to).map((r) => r.toLowerCase());
  if (failing && (failingFor.size === 0 || recipientsOf.some((r) => failingFor.has(r)))) {
    return send(
      res,
      500,
      resendError(500, "application_error", "Fake outage: the email service is unavailable."),
    );
  }
  const email = body.value ?? {};
  const to = toList(email.to);
  const problem =
    typeof email.from !== "string" || !email.from.trim()
      ? "Missing `from` field."
      : to.length === 0
        ? "Missing `to` field."
        : typeof email.subject !== "string" || !email.subject
          ? "Missing `subject` field."
          : typeof email.html !== "string" && typeof email.text !== "string"
            ? "Missing `html` or `text` field."
            : null;
  if (problem) return send(res, 422, resendError(422, "validation_error", problem));

  const key = req.headers["idempotency-key"];
  const known = typeof key === "string" ? byIdempotencyKey.get(key) : undefined;
  if (known) return send(res, 200, { id: known });
  const id = randomUUID();
  if (typeof key === "string") byIdempotencyKey.set(key, id);
  messages.push({
    id,
    from: email.from,
    to,
    subject: email.subject,
    html: typeof email.html === "string" ? email.html : null,
    text: typeof email.text === "string" ? email.text : null,
    reply_to:
      email.reply_to === undefined || email.reply_to === null ? null : toList(email.reply_to),
    created_at: new Date().toISOString(),
  });
  return send(res, 200, { id });
}

function toList(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => typeof v === "string" && v.trim()).map((v) => v.trim());
}

function resendError(statusCode, name, message) {
  return { statusCode, name, message };
}

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** The request's JSON body: `{ ok: true, value }` or `{ ok: false, error }`. */
async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, error: "Request body too large." };
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  if (!raw.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, error: "Invalid JSON body." };
  }
}

server.listen(port, "127.0.0.1", () => {
  console.info(`[fake-resend] listening on http://127.0.0.1:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
