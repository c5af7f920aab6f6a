import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/errors";
import { assertSameOrigin } from "./same-origin";

const post = (headers: Record<string, string>) => new Request("http://localhost:3000/api/teams", { method: "POST", headers });

function refusal(req: Request): number | null {
  try {
    assertSameOrigin(req);
    return null;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe("same-origin check (no proxy trusted)", () => {
  it("compares Origin with the Host the client addressed, never with a client-sent X-Forwarded-Host", () => {
    expect(refusal(post({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBeNull();
    expect(refusal(post({ host: "localhost:3000", origin: "https://evil.example", "x-forwarded-host": "evil.example" }))).toBe(403);
    expect(refusal(post({ host: "localhost:3000", origin: "https://evil.example" }))).toBe(403);
    expect(refusal(post({ host: "localhost:3000", "sec-fetch-site": "cross-site", origin: "http://localhost:3000" }))).toBe(403);
    expect(refusal(post({ host: "localhost:3000" }))).toBe(403);
    expect(refusal(post({ host: "localhost:3000", authorization: "Bearer anw_x" }))).toBeNull();
  });
});
