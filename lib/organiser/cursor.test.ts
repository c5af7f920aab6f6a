import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const ID = "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d";
/** A cursor as an attacker would craft it: any JSON, base64url-encoded. */
const craft = (data: unknown) => Buffer.from(JSON.stringify(data), "utf8").toString("base64url");

describe("page cursors", () => {
  it("round-trips the cursors the app makes", () => {
    for (const c of [
      { sort: "created", dir: "desc", value: "2026-11-20T06:30:00.123456Z", id: ID },
      { sort: "settled", dir: "asc", value: "2024-02-29T23:59:59.000000Z", id: ID },
      { sort: "amount", dir: "desc", value: "2147483647", id: ID },
      { sort: "name", dir: "asc", value: "Zoë O'Brien 🙂", id: ID },
    ] as const) {
      expect(decodeCursor(encodeCursor(c))).toEqual(c);
    }
  });

  it("refuses values the database would refuse (each was a 500 before)", () => {
    expect(decodeCursor(craft(["amount", "desc", "99999999999", ID]))).toBeNull();
    expect(decodeCursor(craft(["amount", "desc", "2147483648", ID]))).toBeNull();
    expect(decodeCursor(craft(["created", "desc", "0000-01-01T00:00:00.000000Z", ID]))).toBeNull();
    expect(decodeCursor(craft(["created", "desc", "2024-02-30T00:00:00.000000Z", ID]))).toBeNull();
    expect(decodeCursor(craft(["created", "desc", "2023-02-29T00:00:00.000000Z", ID]))).toBeNull();
    expect(decodeCursor(craft(["settled", "desc", "2024-01-01T24:00:00.000000Z", ID]))).toBeNull();
    expect(decodeCursor(craft(["name", "asc", "a\u0000b", ID]))).toBeNull();
    expect(decodeCursor(craft(["name", "asc", "\ud800", ID]))).toBeNull();
    expect(decodeCursor(craft(["name", "asc", "x".repeat(401), ID]))).toBeNull();
    expect(decodeCursor(craft(["name", "asc", "ok", "not-a-uuid"]))).toBeNull();
    expect(decodeCursor("%%%")).toBeNull();
  });
});
