import { describe, expect, it } from "vitest";
import { UAT_TEST_MERCHANT } from "./atompay";
import { ConfigError, DEVELOPMENT_AUTH_SECRET, parseEnv } from "./env";
import { contentSecurityPolicy, gatewayOrigins } from "./http/security-headers";

const realCredentials = {
  ATOMPAY_MERCHANT_ID: "900001",
  ATOMPAY_PASSWORD: "live-password",
  ATOMPAY_PRODUCT_ID: "ANWESHA",
  ATOMPAY_REQUEST_AES_KEY: "11111111111111111111111111111111",
  ATOMPAY_RESPONSE_AES_KEY: "22222222222222222222222222222222",
  ATOMPAY_REQUEST_HASH_KEY: "live-request-hash",
  ATOMPAY_RESPONSE_HASH_KEY: "live-response-hash",
};
const live = {
  ATOMPAY_ENV: "production",
  APP_URL: "https://pay.anwesha.in",
  AUTH_SECRET: "a-real-secret-that-is-long-enough-123456",
  DATABASE_URL: "postgres://app@db.internal:5432/anwesha",
  SMTP_URL: "smtps://mailer:secret@smtp.anwesha.in:465",
  PASS_SIGNING_KEY: "MC4CAQAwBQYDK2VwBCIEIKkvMBVeF0f1CxfaGq1wVNL9IHz7kpaOvYXBvJcEh+0g",
  ...realCredentials,
};

function problems(vars: Record<string, string | undefined>): string[] {
  try {
    parseEnv(vars);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("settings", () => {
  it("ATOMPAY_STATUS_API: v1 by default, v2 on request; the status URL follows it, refund status stays on v1", () => {
    expect(parseEnv({}).atompay).toMatchObject({ statusApi: "v1", statusUrl: "http://127.0.0.1:3000/sandbox/atompay/ots/payment/status" });
    const uat = parseEnv({ ATOMPAY_ENV: "uat", AUTH_SECRET: "x".repeat(40), ATOMPAY_STATUS_API: "v2" }).atompay;
    expect(uat).toMatchObject({
      statusApi: "v2",
      authUrl: "https://paynetzuat.atomtech.in/ots/aipay/auth",
      statusUrl: "https://paynetzuat.atomtech.in/ots/v2/payment/status",
      refundStatusUrl: "https://caller.atomtech.in/ots/payment/status",
    });
    expect(problems({ ATOMPAY_STATUS_API: "v3" }).join(" ")).toContain("ATOMPAY_STATUS_API");
  });

  it("ATOMPAY_REFUND_URL and ATOMPAY_REFUND_FORM: the reference's query-string form can be chosen (issue 22)", () => {
    expect(parseEnv({}).atompay.refundForm).toBe("body");
    const prod = parseEnv({
      ATOMPAY_ENV: "uat",
      AUTH_SECRET: "x".repeat(40),
      ATOMPAY_REFUND_URL: "https://payment.atomtech.in/paynetz/refund",
      ATOMPAY_REFUND_FORM: "query",
    }).atompay;
    expect(prod).toMatchObject({ refundUrl: "https://payment.atomtech.in/paynetz/refund", refundForm: "query" });
    expect(problems({ ATOMPAY_REFUND_FORM: "header" }).join(" ")).toContain("ATOMPAY_REFUND_FORM");
  });

  it("zero configuration: development secret, embedded database, sandbox gateway on the other loopback name", () => {
    const e = parseEnv({});
    expect(e.usingDevelopmentSecret).toBe(true);
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.atompay).toMatchObject({ env: "sandbox", merchId: UAT_TEST_MERCHANT.merchId });
    expect(e.atompay.authUrl).toBe("http://127.0.0.1:3000/sandbox/atompay/ots/aipay/auth");
    expect(e.atompay.checkoutScriptUrl).toBe("http://127.0.0.1:3000/sandbox/atompay/staticdata/ots/js/atomcheckout.js");
  });

  it("uat uses the public test merchant and NDPS's UAT hosts", () => {
    const e = parseEnv({ ATOMPAY_ENV: "uat", AUTH_SECRET: "x".repeat(32), NODE_ENV: "production" });
    expect(e.atompay.authUrl).toMatch(/^https:\/\/.*atomtech\.in\/ots\/aipay\/auth$/);
    expect(e.atompay.password).toBe(UAT_TEST_MERCHANT.password);
  });

  it("DATABASE_POOL_SIZE: a whole number of connections from 1 to 100, or unset", () => {
    expect(problems({ ...live, DATABASE_POOL_SIZE: "6" })).toEqual([]);
    expect(problems({ ...live, DATABASE_POOL_SIZE: undefined })).toEqual([]);
    for (const bad of ["0", "101", "2.5", "many"])
      expect(problems({ ...live, DATABASE_POOL_SIZE: bad }).join()).toMatch(/DATABASE_POOL_SIZE/);
  });

  it("a live deployment with everything set starts", () => {
    expect(problems(live)).toEqual([]);
    expect(parseEnv(live).atompay.authUrl).toBe("https://payment1.atomtech.in/ots/aipay/auth");
  });

  it("production refuses the UAT credentials, a missing or development secret, the embedded database and http", () => {
    expect(problems({ ...live, ...Object.fromEntries(Object.keys(realCredentials).map((k) => [k, undefined])) }).join("\n")).toMatch(
      /ATOMPAY_PASSWORD is required/,
    );
    expect(
      problems({
        ...live,
        ATOMPAY_REQUEST_AES_KEY: UAT_TEST_MERCHANT.requestAesKey,
        ATOMPAY_MERCHANT_ID: UAT_TEST_MERCHANT.merchId,
        ATOMPAY_PASSWORD: UAT_TEST_MERCHANT.password,
        ATOMPAY_RESPONSE_AES_KEY: UAT_TEST_MERCHANT.responseAesKey,
        ATOMPAY_REQUEST_HASH_KEY: UAT_TEST_MERCHANT.requestHashKey,
        ATOMPAY_RESPONSE_HASH_KEY: UAT_TEST_MERCHANT.responseHashKey,
      }).join(),
    ).toMatch(/UAT test merchant/);
    expect(problems({ ...live, AUTH_SECRET: undefined }).join()).toMatch(/AUTH_SECRET is required/);
    expect(problems({ ...live, AUTH_SECRET: DEVELOPMENT_AUTH_SECRET }).join()).toMatch(/development secret/);
    expect(problems({ ...live, DATABASE_URL: undefined }).join()).toMatch(/no embedded database/);
    expect(problems({ ...live, APP_URL: "http://pay.anwesha.in" }).join()).toMatch(/https/);
    expect(problems({ ...live, SMTP_URL: undefined }).join()).toMatch(/SMTP_URL is required/);
    expect(problems({ ...live, PASS_SIGNING_KEY: undefined }).join()).toMatch(/PASS_SIGNING_KEY is required/);
    const bad = problems({ ...live, PASS_SIGNING_KEY: "not-a-key" }).join();
    expect(bad).toMatch(/PASS_SIGNING_KEY must be a PEM or base64/);
    expect(bad).not.toContain("not-a-key");
  });

  it("without APP_URL, the base URL follows the port the app listens on (PORT), so the sandbox and the return do too", () => {
    const e = parseEnv({ PORT: "4210" });
    expect(e.APP_URL).toBe("http://localhost:4210");
    expect(e.sandboxBaseUrl).toBe("http://127.0.0.1:4210");
    expect(e.atompay.authUrl).toBe("http://127.0.0.1:4210/sandbox/atompay/ots/aipay/auth");
    expect(parseEnv({ PORT: "4210", APP_URL: "http://localhost:3000/" }).APP_URL).toBe("http://localhost:3000");
    for (const bad of ["", "abc", "0", "99999", "80; rm"]) expect(parseEnv({ PORT: bad }).APP_URL).toBe("http://localhost:3000");
    expect(problems({ ...live, APP_URL: undefined }).join()).toMatch(/APP_URL is required when ATOMPAY_ENV=production/);
  });

  it("next start needs a real secret; the build phase does not", () => {
    expect(problems({ NODE_ENV: "production" }).join()).toMatch(/AUTH_SECRET is required for `next start`/);
    expect(problems({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).toEqual([]);
  });

  it("fails closed: `next start` needs ATOMPAY_ENV, and serving the sandbox needs ALLOW_PUBLIC_SANDBOX=1; dev needs nothing", () => {
    const start = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) };
    expect(problems(start)).toEqual([expect.stringMatching(/^ATOMPAY_ENV is required for `next start`/)]);
    expect(problems({ ...start, ATOMPAY_ENV: "sandbox" })).toEqual([expect.stringMatching(/^ALLOW_PUBLIC_SANDBOX=1 is required/)]);
    expect(problems({ ...start, ATOMPAY_ENV: "sandbox", ALLOW_PUBLIC_SANDBOX: "0" })).toHaveLength(1);
    expect(parseEnv({ ...start, ATOMPAY_ENV: "sandbox", ALLOW_PUBLIC_SANDBOX: "1" })).toMatchObject({
      serving: true,
      atompay: { env: "sandbox" },
    });
    expect(parseEnv({ ...start, ATOMPAY_ENV: "uat" }).atompay.env).toBe("uat");
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ serving: false, ATOMPAY_ENV: "sandbox" });
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).serving).toBe(false);
  });

  it("refuses what the protocol library's configuration check refuses", () => {
    const uat = { ATOMPAY_ENV: "uat" };
    expect(problems({ ...uat, ATOMPAY_REQUEST_HASH_KEY: UAT_TEST_MERCHANT.requestAesKey })).toEqual([
      "Invalid AtomPay config: a hash key equals an AES key",
    ]);
    expect(problems({ ...uat, ATOMPAY_MERCHANT_ID: "M-317157" })).toEqual(["Invalid AtomPay config: merchId"]);
    expect(problems({ ...live, ATOMPAY_STATUS_URL: "http://payment1.atomtech.in/ots/payment/status" })).toEqual([
      "Invalid AtomPay config: statusUrl must be https in production",
    ]);
  });

  it("TRUST_PROXY_HOPS: 0 unless set, a small whole number", () => {
    expect(parseEnv({}).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUST_PROXY_HOPS: "2" }).TRUST_PROXY_HOPS).toBe(2);
    expect(problems({ TRUST_PROXY_HOPS: "one" }).join()).toMatch(/TRUST_PROXY_HOPS/);
    expect(problems({ TRUST_PROXY_HOPS: "-1" }).join()).toMatch(/TRUST_PROXY_HOPS/);
  });

  it("names every bad variable", () => {
    const p = problems({ APP_URL: "not a url", ATOMPAY_ENV: "staging", AUTH_SECRET: "short" });
    expect(p.join("\n")).toMatch(/APP_URL/);
    expect(p.join("\n")).toMatch(/ATOMPAY_ENV/);
    expect(p.join("\n")).toMatch(/AUTH_SECRET/);
    // never echoes a secret's value
    expect(p.join("\n")).not.toContain("short");
  });

  it("REVERIFY_AFTER_DAYS: 1 and 3 days by default, a list of increasing days, empty for none; bad lists are named", () => {
    expect(parseEnv({}).REVERIFY_AFTER_DAYS).toEqual([1, 3]);
    expect(parseEnv({ REVERIFY_AFTER_DAYS: " 0.5, 2 ,7" }).REVERIFY_AFTER_DAYS).toEqual([0.5, 2, 7]);
    expect(parseEnv({ REVERIFY_AFTER_DAYS: "" }).REVERIFY_AFTER_DAYS).toEqual([]);
    for (const bad of ["3,1", "1,1", "0", "-1", "x", "1,,3", "61", "1,2,3,4,5,6"]) {
      expect(problems({ REVERIFY_AFTER_DAYS: bad }).join(), bad).toMatch(
        /^REVERIFY_AFTER_DAYS: must be up to 5 increasing numbers of days/,
      );
    }
    expect(parseEnv({}).REFUND_ABSENT_GRACE_MINUTES).toBe(60);
    expect(problems({ REFUND_ABSENT_GRACE_MINUTES: "1" }).join()).toMatch(/REFUND_ABSENT_GRACE_MINUTES/);
  });
});

describe("content security policy", () => {
  it("allows scripts only by nonce and from the configured gateway, frames only from the gateway, and no framing of us", () => {
    const sandbox = gatewayOrigins({
      env: "sandbox",
      checkoutScriptUrl: "http://127.0.0.1:3000/sandbox/atompay/staticdata/ots/js/atomcheckout.js",
    });
    expect(sandbox).toEqual(["http://127.0.0.1:3000"]);
    const csp = contentSecurityPolicy("abc123", sandbox, false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic' http://127.0.0.1:3000;");
    expect(csp).toContain("frame-src http://127.0.0.1:3000;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const uat = gatewayOrigins({ env: "uat", checkoutScriptUrl: "https://pgtest.atomtech.in/staticdata/ots/js/atomcheckout.js" });
    expect(uat).toEqual(["https://pgtest.atomtech.in", "https://*.atomtech.in"]);
  });
});

describe("mail settings", () => {
  it("with no SMTP_URL the sandbox catches mail for /dev/mail; a real gateway never does", () => {
    expect(parseEnv({}).mail).toEqual({
      smtpUrl: null,
      from: "Anwesha <no-reply@localhost>",
      devMailbox: true,
      devMailboxReaders: "anyone",
    });
    expect(parseEnv({ ATOMPAY_ENV: "uat", AUTH_SECRET: "x".repeat(32) }).mail.devMailbox).toBe(false);
    const smtp = parseEnv({ SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "Anwesha <fest@anwesha.in>" }).mail;
    expect(smtp).toEqual({
      smtpUrl: "smtp://127.0.0.1:2525",
      from: "Anwesha <fest@anwesha.in>",
      devMailbox: false,
      devMailboxReaders: null,
    });
    // A production build catches mail but shows it to nobody, unless DEV_MAILBOX=1 opens it to organisers.
    const demo = { NODE_ENV: "production", ATOMPAY_ENV: "sandbox", ALLOW_PUBLIC_SANDBOX: "1", AUTH_SECRET: "x".repeat(32) } as const;
    expect(parseEnv(demo).mail).toMatchObject({ devMailbox: true, devMailboxReaders: null });
    expect(parseEnv({ ...demo, DEV_MAILBOX: "1" }).mail.devMailboxReaders).toBe("organisers");
  });
});
