// Who sent a request, and to which host and scheme, given how many reverse proxies stand in front of us
// (TRUST_PROXY_HOPS). With 0, the socket's peer is the client and every X-Forwarded-* header is the client's
// own claim, so it is ignored. With N, each trusted proxy appends the address it saw to X-Forwarded-For, so the
// client is the Nth address from the right; X-Forwarded-Host/-Proto are the values the nearest proxy set.
// Pure functions: lib/http/request-gate.ts applies them to every request before Next.js sees it.
import { isIP } from "node:net";

export interface Forwarding {
  /** The client's address (IPv4 or IPv6, normalised), or null when it cannot be told. */
  client: string | null;
  /** The host the client asked for (from Host, or the trusted proxy's X-Forwarded-Host). */
  host: string | null;
  proto: "http" | "https";
}

type RawHeaders = Record<string, string | string[] | undefined>;

/** "::ffff:1.2.3.4" → "1.2.3.4", "[::1]:80" → "::1", "1.2.3.4:5" → "1.2.3.4"; anything not an IP → null. */
export function normaliseAddress(raw: string | null | undefined): string | null {
  let a = raw?.trim() ?? "";
  if (!a || a.length > 100) return null;
  if (a.startsWith("[")) {
    const end = a.indexOf("]");
    a = end > 0 ? a.slice(1, end) : a;
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) {
    a = a.slice(0, a.lastIndexOf(":"));
  }
  const zone = a.indexOf("%");
  if (zone > 0) a = a.slice(0, zone);
  if (/^::ffff:/i.test(a) && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : null;
}

function list(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function validHost(value: string | undefined): string | null {
  const v = value?.trim().toLowerCase();
  return v && v.length <= 260 && HOST.test(v) ? v : null;
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function resolveForwarding(headers: RawHeaders, peer: { address?: string | null; encrypted?: boolean }, hops: number): Forwarding {
  const socketProto = peer.encrypted ? "https" : "http";
  if (hops <= 0) {
    return { client: normaliseAddress(peer.address), host: validHost(one(headers.host)), proto: socketProto };
  }
  // The chain as the nearest proxy passed it on: [client-claimed…, what proxy 1 saw, …, our socket peer].
  const chain = [...list(headers["x-forwarded-for"]), peer.address ?? ""];
  // Fewer hops than configured: someone reached an inner proxy directly; the farthest address we have is all we know.
  const client = normaliseAddress(chain[chain.length - 1 - hops] ?? chain[0]);
  const host = validHost(list(headers["x-forwarded-host"]).at(-1)) ?? validHost(one(headers.host));
  const claimed = list(headers["x-forwarded-proto"]).at(-1)?.toLowerCase();
  const proto = claimed === "https" || claimed === "http" ? claimed : socketProto;
  return { client, host, proto };
}

/**
 * The key a per-address limit counts under: an IPv4 address, or the /64 an IPv6 address belongs to (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client rotate freely).
 */
export function addressKey(address: string | null | undefined): string {
  const a = normaliseAddress(address);
  if (!a) return "unknown";
  if (isIP(a) === 4) return a;
  const [head = "", tail = ""] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail ("::1.2.3.4") only matters beyond the first 64 bits; it cannot change the prefix.
  const groups = a.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || "0").replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
