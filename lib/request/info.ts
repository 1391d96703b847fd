import { headers } from "next/headers";
import { config } from "@/lib/config";
import { clientAddress } from "./client-address";

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * The caller's address and browser, for rate limits and the audit trail. The address is the
 * connecting one, or with TRUSTED_PROXIES the one the proxies report (lib/request/client-address.ts).
 */
export async function getRequestInfo(): Promise<RequestInfo> {
  const h = await headers();
  return {
    ip: clientAddress(h, config.trustedProxies),
    userAgent: h.get("user-agent")?.slice(0, 500) ?? null,
  };
}
