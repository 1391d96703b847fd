import "server-only";
import { decode, encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { config } from "@/lib/config";
import { authSecret } from "./secret";
import { sessionKey } from "./sessions";

export interface SessionIdentity {
  userId: string;
  /** The key of the session's row (SHA-256 of the raw id the cookie carries). */
  sessionKey: string;
}

/** Auth.js's session cookie: its name over HTTPS and over HTTP (also the token's key salt). */
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * Tokens read recently, by cookie name and value: whom each names, and until when. A token is
 * sealed (encrypted and authenticated with AUTH_SECRET), so the same value always opens to the
 * same claims; remembering them spares every request the key derivation and decryption. Only
 * tokens that opened are kept (ours, so a bounded number of small ones): a value that doesn't
 * open is tried again each time, so made-up cookies can't fill this.
 */
const opened = new Map<string, { identity: SessionIdentity; until: number }>();
const OPENED_KEPT = 5_000;

/** The cookie's value, put back together when Auth.js split it in chunks (name.0, name.1, …). */
function cookieValue(jar: Awaited<ReturnType<typeof cookies>>, name: string): string | null {
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; ; i++) {
    const chunk = jar.get(`${name}.${i}`)?.value;
    if (chunk === undefined) break;
    chunks.push(chunk);
  }
  return chunks.length > 0 ? chunks.join("") : null;
}

async function open(name: string, token: string): Promise<SessionIdentity | null> {
  const key = `${name}\n${token}`;
  const now = Date.now();
  const known = opened.get(key);
  if (known) {
    if (known.until > now) return known.identity;
    opened.delete(key);
  }
  let claims;
  try {
    claims = await decode({ token, secret: authSecret(), salt: name });
  } catch {
    // Not a token of ours (tampered, expired, another secret): nobody is signed in.
    return null;
  }
  if (!claims || typeof claims.uid !== "string" || typeof claims.sid !== "string") return null;
  const identity = { userId: claims.uid, sessionKey: sessionKey(claims.sid) };
  const until = Math.min(typeof claims.exp === "number" ? claims.exp * 1000 : now, now + 3_600_000);
  if (until > now) {
    if (opened.size >= OPENED_KEPT) opened.delete(opened.keys().next().value!);
    opened.set(key, { identity, until });
  }
  return identity;
}

/**
 * Who the session cookie says is signed in, and which server-side session it claims. Only a
 * claim: lib/auth/caller.ts checks the session row and the live membership before anything else.
 */
export async function getSession(): Promise<SessionIdentity | null> {
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    const token = cookieValue(jar, name);
    if (token) return open(name, token);
  }
  return null;
}

/**
 * The session cookie for a sign-in that didn't go through Auth.js (single sign-on), exactly as
 * Auth.js sets it after a password sign-in: its name for the request's protocol (the secure one
 * over HTTPS), the `{ uid, sid }` claims sealed with AUTH_SECRET and the name as salt, the
 * session's absolute lifetime, httpOnly, SameSite=Lax, path /. Auth.js reads it back (sign-out
 * ends its session row) and so does getSession.
 */
export async function sessionCookieFor(
  session: { userId: string; token: string },
  secure: boolean,
): Promise<{
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge: number };
}> {
  const name = secure ? SESSION_COOKIES[0] : SESSION_COOKIES[1];
  const maxAge = config.sessionMaxAgeHours * 60 * 60;
  const value = await encode({
    token: { uid: session.userId, sid: session.token },
    secret: authSecret(),
    salt: name,
    maxAge,
  });
  return { name, value, options: { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge } };
}
