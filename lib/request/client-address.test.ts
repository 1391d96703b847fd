import { describe, expect, it } from "vitest";
import { clientAddress, FORWARDED_FOR_HEADER, normalizeAddress } from "./client-address";
import { EDGE_HEADER, edgeSecret } from "./edge";

/**
 * The headers a page or action sees after proxy.ts: `incoming` is the X-Forwarded-For the request
 * arrived with (moved to FORWARDED_FOR_HEADER), `connection` the address Next.js then writes to
 * X-Forwarded-For from the socket.
 */
function seen(incoming: string | null, connection: string | null) {
  const headers = new Headers();
  if (incoming !== null) headers.set(FORWARDED_FOR_HEADER, incoming);
  if (connection !== null) headers.set("x-forwarded-for", connection);
  return headers;
}

// [what the request arrived with, the connecting address, TRUSTED_PROXIES, the client's address]
const CASES: [string | null, string | null, number, string | null][] = [
  // No proxy (TRUSTED_PROXIES=0): the connection, whatever the client wrote.
  [null, "198.51.100.7", 0, "198.51.100.7"],
  ["6.6.6.6", "198.51.100.7", 0, "198.51.100.7"],
  ["6.6.6.6, 7.7.7.7", "198.51.100.7", 0, "198.51.100.7"],
  ["not an address", "198.51.100.7", 0, "198.51.100.7"],
  // One proxy that replaces X-Forwarded-For with the client's address (nginx: $remote_addr).
  ["203.0.113.9", "10.0.0.2", 1, "203.0.113.9"],
  // One proxy that appends ($proxy_add_x_forwarded_for): what the client wrote is ignored.
  ["6.6.6.6, 203.0.113.9", "10.0.0.2", 1, "203.0.113.9"],
  ["6.6.6.6,7.7.7.7,203.0.113.9", "10.0.0.2", 1, "203.0.113.9"],
  // Two proxies (a CDN, then a load balancer), each appending.
  ["6.6.6.6, 203.0.113.9, 192.0.2.50", "10.0.0.2", 2, "203.0.113.9"],
  ["203.0.113.9, 192.0.2.50", "10.0.0.2", 2, "203.0.113.9"],
  // Fewer entries than trusted hops: the leftmost, the furthest any proxy saw.
  [null, "10.0.0.2", 1, "10.0.0.2"],
  ["203.0.113.9", "10.0.0.2", 3, "203.0.113.9"],
  // The entry a trusted proxy wrote is not an address: none.
  ["unknown", "10.0.0.2", 1, null],
  ["6.6.6.6, ", "10.0.0.2", 1, null],
  // Nothing at all (outside a request).
  [null, null, 0, null],
  [null, null, 1, null],
  // Ports, brackets and IPv4-mapped IPv6 are written as plain addresses.
  ["203.0.113.9:51234", "10.0.0.2", 1, "203.0.113.9"],
  ["[2001:DB8:0:0::1]:443", "10.0.0.2", 1, "2001:db8::1"],
  [null, "::ffff:127.0.0.1", 0, "127.0.0.1"],
  [null, "::1", 0, "::1"],
];

describe("clientAddress", () => {
  it.each(CASES)(
    "X-Forwarded-For %j, connection %j, TRUSTED_PROXIES=%i → %j",
    (incoming, connection, trusted, expected) => {
      expect(clientAddress(seen(incoming, connection), trusted)).toBe(expected);
    },
  );

  it("without proxy.ts having run (no moved header), counts X-Forwarded-For alone", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientAddress(headers, 0)).toBe("203.0.113.9");
    expect(clientAddress(headers, 1)).toBe("6.6.6.6");
  });

  it("believes no forwarded header of a request that skipped the edge with a mark of its own", () => {
    const forwarded = { [FORWARDED_FOR_HEADER]: "6.6.6.6", "x-forwarded-for": "203.0.113.9" };
    expect(clientAddress(new Headers({ ...forwarded, [EDGE_HEADER]: "forged" }), 0)).toBeNull();
    // This process's server marks what it passed through the edge with its secret.
    expect(clientAddress(new Headers({ ...forwarded, [EDGE_HEADER]: edgeSecret() }), 0)).toBe(
      "203.0.113.9",
    );
  });

  it("never believes X-Real-IP", () => {
    const headers = new Headers({ "x-real-ip": "6.6.6.6", "x-forwarded-for": "198.51.100.7" });
    expect(clientAddress(headers, 0)).toBe("198.51.100.7");
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["192.0.2.1:8080", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["2001:db8::1", "2001:db8::1"],
    ["2001:0DB8:0000::0001", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["[2001:db8::1]:8080", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["256.0.0.1", null],
    ["192.0.2", null],
    ["", null],
    ["unknown", null],
    ["evil.example", null],
    ["2001:db8::1::2", null],
    ["1.2.3.4/evil", null],
    ["<script>", null],
  ])("%j → %j", (entry, expected) => {
    expect(normalizeAddress(entry)).toBe(expected);
  });
});
