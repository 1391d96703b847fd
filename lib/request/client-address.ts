// Which address a request came from, for the per-address rate limits and the audit trail.
//
// X-Forwarded-For is a list anyone can start: a client writes whatever it likes, and each proxy
// on the way appends the address it received the request from. Only the entries appended by
// proxies we run can be believed, so the client's address is counted from the right: with
// TRUSTED_PROXIES=N, the (N+1)-th entry from the right, where the rightmost entry is the address
// that connected to Roster itself.
//
// Next.js puts the connecting address in X-Forwarded-For only when the request has none: it never
// appends. So the edge (lib/request/edge.ts) moves the incoming X-Forwarded-For to
// FORWARDED_FOR_HEADER and deletes it, and Next.js then fills X-Forwarded-For with the connecting
// address (the socket's) before the page, action or route handler runs. The full list is
// FORWARDED_FOR_HEADER's entries followed by X-Forwarded-For's.

import { edgeVouches, FORWARDED_FOR_HEADER } from "./edge";

export { FORWARDED_FOR_HEADER };

interface HeaderReader {
  get(name: string): string | null;
}

function entries(value: string | null): string[] {
  return value ? value.split(",").map((entry) => entry.trim()) : [];
}

/** The chain of addresses, oldest first: what the request arrived with, then the connection. */
export function forwardedChain(headers: HeaderReader): string[] {
  return [
    ...entries(headers.get(FORWARDED_FOR_HEADER)),
    ...entries(headers.get("x-forwarded-for")),
  ];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * One X-Forwarded-For entry as a plain IP address (`203.0.113.7`, `2001:db8::1`), without a port,
 * brackets or zone, and an IPv4-mapped IPv6 address as IPv4; null when it is not an address.
 */
export function normalizeAddress(entry: string): string | null {
  let value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, ""); // an IPv6 zone (fe80::1%eth0)
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;

  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255) ? value : null;
  if (!value.includes(":") || !/^[\da-f:.]+$/i.test(value)) return null;
  try {
    // The URL parser validates IPv6 and writes it in its canonical, compressed form.
    return new URL(`http://[${value}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/**
 * The client's address: the entry `trustedProxies` places left of the rightmost one (the
 * connection), or the leftmost when the chain is shorter. Null when there is none, when that
 * entry is not an IP address, or when the request skipped the edge (`edgeVouches`: its
 * forwarded headers are whatever the client wrote).
 */
export function clientAddress(headers: HeaderReader, trustedProxies: number): string | null {
  if (!edgeVouches(headers)) return null;
  const chain = forwardedChain(headers);
  if (chain.length === 0) return null;
  const index = Math.max(0, chain.length - 1 - trustedProxies);
  return normalizeAddress(chain[index]!);
}
