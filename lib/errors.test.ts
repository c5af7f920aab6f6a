// How a route's refusal reads: JSON for the API, a small page for a download a browser navigates to.
import { describe, expect, it } from "vitest";
import { forbidden, handle } from "./errors";

const refusing = handle(async (_req: Request) => {
  throw forbidden("Only <organisers> can do that.");
});
const html = { accept: "text/html,application/xhtml+xml" };

describe("handle()", () => {
  it("answers a browser opening a download outside /api with a page, its message escaped", async () => {
    const res = await refusing(new Request("http://app.test/organiser/payments/export", { headers: html }));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const body = await res.text();
    expect(body).toContain("<h1>Not allowed</h1>");
    expect(body).toContain("Only &#60;organisers&#62; can do that.");
    expect(body).not.toContain("<organisers>");
  });

  it("answers JSON under /api whatever the browser accepts, and to a script outside it", async () => {
    for (const req of [
      new Request("http://app.test/api/organiser/payments", { headers: html }),
      new Request("http://app.test/organiser/payments/export", { headers: { accept: "*/*" } }),
    ]) {
      const res = await refusing(req);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: "forbidden", message: "Only <organisers> can do that." } });
    }
  });
});
