import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("the sandbox's routes", () => {
  it("exist only when ATOMPAY_ENV=sandbox", async () => {
    vi.stubEnv("ATOMPAY_ENV", "uat");
    vi.stubEnv("AUTH_SECRET", "x".repeat(40));
    const { GET } = await import("@/app/sandbox/atompay/staticdata/ots/js/atomcheckout.js/route");
    const res = await GET(new Request("http://localhost:3000/sandbox/atompay/staticdata/ots/js/atomcheckout.js"));
    expect(res.status).toBe(404);
  });

  it("serve the checkout script in sandbox mode", async () => {
    vi.stubEnv("ATOMPAY_ENV", "sandbox");
    const { GET } = await import("@/app/sandbox/atompay/staticdata/ots/js/atomcheckout.js/route");
    const res = await GET(new Request("http://localhost:3000/sandbox/atompay/staticdata/ots/js/atomcheckout.js"));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("window.AtomPaynetz = AtomPaynetz");
  });
});
