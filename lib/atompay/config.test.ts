import { describe, expect, it } from "vitest";
import { checkoutEnvironment, GATEWAY_PRESETS, sandboxUrls, UAT_TEST_MERCHANT, usesUatCredentials, validateConfig } from "./config";

describe("config", () => {
  it("sandbox mirrors the real paths", () => {
    expect(sandboxUrls("http://localhost:3000/")).toEqual({
      authUrl: "http://localhost:3000/sandbox/atompay/ots/aipay/auth",
      statusUrl: "http://localhost:3000/sandbox/atompay/ots/payment/status",
      refundUrl: "http://localhost:3000/sandbox/atompay/ots/payment/refund",
      refundStatusUrl: "http://localhost:3000/sandbox/atompay/ots/payment/status",
      checkoutScriptUrl: "http://localhost:3000/sandbox/atompay/staticdata/ots/js/atomcheckout.js",
    });
    const path = (u: string) => new URL(u).pathname;
    for (const k of ["authUrl", "statusUrl", "refundUrl", "checkoutScriptUrl", "refundStatusUrl"] as const) {
      expect(path(sandboxUrls("http://x")[k]!)).toBe(`/sandbox/atompay${path(GATEWAY_PRESETS.production[k])}`);
    }
    expect(path(sandboxUrls("http://x", "v2").statusUrl)).toBe(`/sandbox/atompay${path(GATEWAY_PRESETS.production.statusV2Url)}`);
    expect(path(GATEWAY_PRESETS.uat.statusV2Url)).toBe("/ots/v2/payment/status");
  });

  it("detects UAT credentials", () => {
    expect(usesUatCredentials(UAT_TEST_MERCHANT)).toBe(true);
    const real = {
      merchId: "9",
      password: "p",
      productId: "X",
      requestAesKey: "a",
      responseAesKey: "b",
      requestHashKey: "c",
      responseHashKey: "d",
    };
    expect(usesUatCredentials(real)).toBe(false);
    expect(usesUatCredentials({ ...real, responseHashKey: UAT_TEST_MERCHANT.responseHashKey })).toBe(true);
  });

  it("validateConfig refuses production with UAT credentials and never echoes values", () => {
    const cfg = { env: "production", ...UAT_TEST_MERCHANT, ...GATEWAY_PRESETS.production };
    expect(() => validateConfig(cfg)).toThrow(/UAT credentials/);
    try {
      validateConfig({ ...cfg, password: "" });
    } catch (e) {
      expect((e as Error).message).toContain("password");
      expect((e as Error).message).not.toContain(UAT_TEST_MERCHANT.requestAesKey);
    }
    expect(validateConfig({ ...cfg, env: "uat", ...GATEWAY_PRESETS.uat }).merchId).toBe("317157");
    expect(() => validateConfig({ ...cfg, env: "uat", responseHashKey: cfg.responseAesKey })).toThrow(/hash key equals an AES key/);
  });

  it("checkout environment", () => {
    expect(checkoutEnvironment({ env: "production" })).toBe("prod");
    expect(checkoutEnvironment({ env: "uat" })).toBe("uat");
    expect(checkoutEnvironment({ env: "sandbox" })).toBe("uat");
  });
});
