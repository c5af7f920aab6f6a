import { describe, expect, it } from "vitest";
import { addressKey, normaliseAddress, resolveForwarding } from "./forwarding";

const peer = { address: "::ffff:10.0.0.5" };

describe("resolveForwarding", () => {
  it("with no trusted proxy the socket's peer is the client and every forwarding header is ignored", () => {
    const headers = { host: "pay.example", "x-forwarded-for": "1.2.3.4", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    expect(resolveForwarding(headers, peer, 0)).toEqual({ client: "10.0.0.5", host: "pay.example", proto: "http" });
  });

  it("with N trusted proxies the client is the Nth address from the right of X-Forwarded-For", () => {
    const headers = {
      host: "internal:3000",
      "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.1.1.1",
      "x-forwarded-host": "pay.example",
      "x-forwarded-proto": "https",
    };
    expect(resolveForwarding(headers, peer, 1)).toEqual({ client: "10.1.1.1", host: "pay.example", proto: "https" });
    expect(resolveForwarding(headers, peer, 2).client).toBe("203.0.113.7");
    // a client-written hop to the left is never chosen unless more proxies are trusted than exist
    expect(resolveForwarding(headers, peer, 3).client).toBe("6.6.6.6");
    expect(resolveForwarding(headers, peer, 9).client).toBe("6.6.6.6");
    // duplicate headers arrive joined; a proxy that sent none leaves the peer
    expect(resolveForwarding({ "x-forwarded-for": ["1.1.1.1", "2.2.2.2"] }, peer, 1).client).toBe("2.2.2.2");
    expect(resolveForwarding({}, peer, 1)).toEqual({ client: "10.0.0.5", host: null, proto: "http" });
  });

  it("takes the nearest proxy's X-Forwarded-Host/-Proto, and only well-formed values", () => {
    expect(
      resolveForwarding({ host: "a.example", "x-forwarded-host": "x.example, pay.example", "x-forwarded-proto": "http, https" }, peer, 1),
    ).toMatchObject({ host: "pay.example", proto: "https" });
    expect(
      resolveForwarding(
        { host: "a.example", "x-forwarded-host": "bad host/..", "x-forwarded-proto": "gopher" },
        { address: "10.0.0.1", encrypted: true },
        1,
      ),
    ).toMatchObject({ host: "a.example", proto: "https" });
    expect(resolveForwarding({ host: "<script>" }, peer, 0).host).toBeNull();
  });

  it("a forwarded value that is not an address is no address at all", () => {
    expect(resolveForwarding({ "x-forwarded-for": "unknown, <script>" }, peer, 1).client).toBeNull();
  });
});

describe("addresses", () => {
  it("normalises the forms proxies and sockets use", () => {
    expect(normaliseAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normaliseAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("198.51.100.1:5000")).toBe("198.51.100.1");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normaliseAddress("localhost")).toBeNull();
    expect(normaliseAddress("")).toBeNull();
  });

  it("limits count IPv4 addresses singly and IPv6 addresses by their /64", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey(null)).toBe("unknown");
  });
});
