import { describe, expect, it } from "vitest";
import { gatewayEchoDate, merchTxnDate, merchTxnDay, parseGatewayDate } from "./dates";

describe("India time", () => {
  it("formats in Asia/Kolkata regardless of the server's zone", () => {
    const d = new Date("2026-11-27T09:34:05Z");
    expect(merchTxnDate(d)).toBe("2026-11-27 15:04:05");
    expect(merchTxnDay(d)).toBe("2026-11-27");
    expect(gatewayEchoDate(d)).toBe("2026-11-27T15:04:05");
  });

  it("a UTC time just before midnight is already the next day in India", () => {
    const d = new Date("2026-12-31T20:00:00Z");
    expect(merchTxnDate(d)).toBe("2027-01-01 01:30:00");
    expect(merchTxnDay(d)).toBe("2027-01-01");
    const e = new Date("2026-11-27T18:29:59Z");
    expect(merchTxnDate(e)).toBe("2026-11-27 23:59:59");
    expect(merchTxnDate(new Date("2026-11-27T18:30:00Z"))).toBe("2026-11-28 00:00:00");
  });

  it("matches Intl's Asia/Kolkata rendering", () => {
    const fmt = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Kolkata",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    for (const t of [0, 1_700_000_000_000, 1_798_000_000_000, Date.UTC(2024, 1, 29, 18, 45, 1)]) {
      const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      expect(merchTxnDate(new Date(t))).toBe(`${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`);
    }
  });

  it("throws on an invalid Date rather than sending NaN", () => {
    expect(() => merchTxnDate(new Date("nope"))).toThrow(RangeError);
  });
});

describe("parseGatewayDate", () => {
  it("reads both gateway forms as India time", () => {
    expect(parseGatewayDate("2026-11-27 15:04:06")?.toISOString()).toBe("2026-11-27T09:34:06.000Z");
    expect(parseGatewayDate("2026-11-27T15:04:05")?.toISOString()).toBe("2026-11-27T09:34:05.000Z");
    expect(parseGatewayDate("2026-11-28 00:10:00")?.toISOString()).toBe("2026-11-27T18:40:00.000Z");
    expect(parseGatewayDate("2026-11-27 15:04:05.123")?.toISOString()).toBe("2026-11-27T09:34:05.123Z");
  });
  it("round-trips with merchTxnDate", () => {
    const d = new Date("2026-03-01T00:00:00Z");
    expect(parseGatewayDate(merchTxnDate(d))?.getTime()).toBe(d.getTime());
  });
  it("returns null on garbage", () => {
    for (const s of [
      "",
      "garbage",
      "2026-02-30 10:00:00",
      "2026-13-01 00:00:00",
      "2026-11-27 24:00:00",
      "2026-11-27",
      "27-11-2026 10:00:00",
      null,
      5,
    ]) {
      expect(parseGatewayDate(s)).toBeNull();
    }
  });
});
