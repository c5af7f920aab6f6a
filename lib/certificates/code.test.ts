// The certificate code on its own: deterministic per registration and person, different for anyone else or
// another secret, 12 characters of Crockford base32, and read back from what people type.
import { describe, expect, it } from "vitest";
import { formatIndiaLongDate } from "@/lib/format";
import { certificateCode, displayCode, readCode, readCodeSegment } from "./code";

const SECRET = "a-test-secret-a-test-secret-a-test-secret";
const R = "7d1b3f4e-1111-4222-8333-944455556666";
const U = "0a9b8c7d-aaaa-4bbb-8ccc-ddddeeeeffff";

describe("the certificate code", () => {
  it("is the same for the same registration and person, and another for anyone else or another secret", () => {
    const code = certificateCode(R, U, SECRET);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(certificateCode(R, U, SECRET)).toBe(code);
    expect(certificateCode(R, U.replace("a", "b"), SECRET)).not.toBe(code);
    expect(certificateCode(R.replace("7", "8"), U, SECRET)).not.toBe(code);
    expect(certificateCode(R, U, `${SECRET}x`)).not.toBe(code);
    // Registration and person cannot trade places to make another's code.
    expect(certificateCode(U, R, SECRET)).not.toBe(code);
  });

  it("is printed in groups of four and read back however it is typed", () => {
    const code = certificateCode(R, U, SECRET);
    const shown = displayCode(code);
    expect(shown).toMatch(/^.{4}-.{4}-.{4}$/);
    expect(readCode(shown)).toBe(code);
    expect(readCode(` ${shown.toLowerCase().replaceAll("-", " ")} `)).toBe(code);
    expect(readCode("O1IL-0000-0000")).toBe("011100000000");
    expect(readCode("ABCD-EFGH-JKM")).toBeNull(); // 11 characters
    expect(readCode("ABCD-EFGH-JKMU")).toBeNull(); // U is not in the alphabet
    expect(readCode("x".repeat(41))).toBeNull();
    expect(readCodeSegment(encodeURIComponent(shown.replaceAll("-", " ")))).toBe(code);
    expect(readCodeSegment("%E0%A4%A")).toBeNull();
  });

  it("states the event's day in India in words, across the UTC midnight", () => {
    expect(formatIndiaLongDate(new Date("2026-12-11T20:00:00Z"))).toBe("12 December 2026");
    expect(formatIndiaLongDate(new Date("2026-12-12T18:29:00Z"))).toBe("12 December 2026");
  });
});
