import "server-only";
import UAParser from "ua-parser-js";
import type { Caller } from "@/lib/auth/caller";
import { sessionIsLive, sessionLifetimes } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db";

export interface SessionRow {
  id: string;
  /** "Firefox 131 on Windows 10", or "Unknown browser" when the browser didn't say. */
  device: string;
  ip: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  /** The browser looking at the page. */
  current: boolean;
}

export interface SessionsSection {
  sessions: SessionRow[];
  idleMinutes: number;
  maxAgeHours: number;
}

/** "Chrome 141 on macOS 15", from a User-Agent header (ua-parser-js). */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const name = browser.name
    ? `${browser.name}${browser.major ? ` ${browser.major}` : ""}`
    : device.model
      ? device.model
      : "Unknown browser";
  const system = os.name ? `${os.name}${os.version ? ` ${os.version}` : ""}` : null;
  return system ? `${name} on ${system}` : name;
}

/** The signed-in person's live sessions, this browser's first, then the most recently active. */
export async function sessionsSectionFor(caller: Caller): Promise<SessionsSection> {
  const db = await getDb();
  const rows = await db.session.findMany({
    where: { userId: caller.user.id },
    orderBy: { lastActiveAt: "desc" },
    select: {
      id: true,
      userAgent: true,
      ip: true,
      createdAt: true,
      lastActiveAt: true,
      expiresAt: true,
    },
  });
  const now = new Date();
  const lifetimes = sessionLifetimes();
  const sessions = rows
    .filter((row) => sessionIsLive(row, now, lifetimes))
    .map((row) => ({
      id: row.id,
      device: describeUserAgent(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt,
      lastActiveAt: row.lastActiveAt,
      current: row.id === caller.sessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
  return {
    sessions,
    idleMinutes: lifetimes.idleMs / 60_000,
    maxAgeHours: lifetimes.absoluteMs / 3_600_000,
  };
}
