import { headers } from "next/headers";

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

/** The caller's address as the nearest proxy reports it, for rate limits and the audit trail. */
export async function getRequestInfo(): Promise<RequestInfo> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || h.get("x-real-ip") || null,
    userAgent: h.get("user-agent")?.slice(0, 500) ?? null,
  };
}
