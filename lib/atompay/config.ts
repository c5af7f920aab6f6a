/**
 * Merchant configuration: credentials (merchant id, password, four keys) + gateway URLs.
 *
 * The four keys have distinct jobs and must not be swapped:
 *   requestAesKey   encrypts what we send        responseAesKey   decrypts what the gateway sends
 *   requestHashKey  signs status/refund requests  responseHashKey  verifies return/callback signatures
 */
import { z } from "zod";

export type AtomPayEnv = "sandbox" | "uat" | "production";

export interface AtomPayCredentials {
  merchId: string;
  password: string;
  productId: string;
  requestAesKey: string;
  responseAesKey: string;
  requestHashKey: string;
  responseHashKey: string;
}

export interface AtomPayUrls {
  authUrl: string;
  /** The status endpoint for the chosen `statusApi` (v1 `/ots/payment/status`, v2 `/ots/v2/payment/status`). */
  statusUrl: string;
  refundUrl: string;
  checkoutScriptUrl: string;
  /** REFUNDSTATUS lives at the v1 status endpoint; defaults to statusUrl. */
  refundStatusUrl?: string;
}

/** v1: TXNVERIFICATION with headDetails and password (what live integrations use); v2: NDPS's newest docs. */
export type StatusApiVersion = "v1" | "v2";

/**
 * How REFUNDINIT's `merchId` and `encData` travel: "body", a form body (the MCP docs' `/ots/payment/refund`, the
 * default), or "query", in the URL's query string with an empty body (NDPS's API reference:
 * `https://payment.atomtech.in/paynetz/refund?merchId=…&encData=…`).
 */
export type RefundFormStyle = "body" | "query";

export interface AtomPayConfig extends AtomPayCredentials, AtomPayUrls {
  env: AtomPayEnv;
  /** Default "v1". */
  statusApi?: StatusApiVersion;
  /** Default "body". */
  refundForm?: RefundFormStyle;
}

export interface GatewayPreset extends AtomPayUrls {
  /** The v1 status endpoint (also where REFUNDSTATUS goes). */
  statusUrl: string;
  statusV2Url: string;
  refundStatusUrl: string;
}

/**
 * The public UAT test merchant published in every official kit (protocol section 8).
 * Fine for the local sandbox and for UAT; must never be used in production (see usesUatCredentials).
 */
export const UAT_TEST_MERCHANT: Readonly<AtomPayCredentials> = Object.freeze({
  merchId: "317157",
  password: "Test@123",
  productId: "NSE",
  requestAesKey: "A4476C2062FFA58980DC8F79EB6A799E",
  responseAesKey: "75AEF0FA1B94B3C10D4F5B268F757F11",
  requestHashKey: "KEY123657234",
  responseHashKey: "KEYRESP123657234",
});

/**
 * Hosts, as of NDPS's newest API reference and kits (see README "Where sources disagree"): UAT AUTH and status
 * v2 on paynetzuat.atomtech.in (older kits: caller.atomtech.in, which still serves v1 status, refund and
 * refund status); production on payment1.atomtech.in, except refunds, which the API reference puts on
 * payment.atomtech.in. Every URL can be overridden.
 */
export const GATEWAY_PRESETS: Readonly<{ uat: Readonly<GatewayPreset>; production: Readonly<GatewayPreset> }> = Object.freeze({
  uat: Object.freeze({
    authUrl: "https://paynetzuat.atomtech.in/ots/aipay/auth",
    statusUrl: "https://caller.atomtech.in/ots/payment/status",
    statusV2Url: "https://paynetzuat.atomtech.in/ots/v2/payment/status",
    refundUrl: "https://caller.atomtech.in/ots/payment/refund",
    refundStatusUrl: "https://caller.atomtech.in/ots/payment/status",
    checkoutScriptUrl: "https://pgtest.atomtech.in/staticdata/ots/js/atomcheckout.js",
  }),
  production: Object.freeze({
    authUrl: "https://payment1.atomtech.in/ots/aipay/auth",
    statusUrl: "https://payment1.atomtech.in/ots/payment/status",
    statusV2Url: "https://payment1.atomtech.in/ots/v2/payment/status",
    // NDPS's API reference names payment.atomtech.in for refunds; older integrations use payment1. Confirm.
    refundUrl: "https://payment.atomtech.in/ots/payment/refund",
    refundStatusUrl: "https://payment1.atomtech.in/ots/payment/status",
    checkoutScriptUrl: "https://psa.atomtech.in/staticdata/ots/js/atomcheckout.js",
  }),
});

/** The URLs for one preset and status API version (the status URL follows the version). */
export function presetUrls(preset: GatewayPreset, statusApi: StatusApiVersion = "v1"): AtomPayUrls {
  return {
    authUrl: preset.authUrl,
    statusUrl: statusApi === "v2" ? preset.statusV2Url : preset.statusUrl,
    refundUrl: preset.refundUrl,
    refundStatusUrl: preset.refundStatusUrl,
    checkoutScriptUrl: preset.checkoutScriptUrl,
  };
}

/** The local sandbox gateway's root, `${baseUrl}/sandbox/atompay/`: every path under it is the sandbox's. */
export function sandboxRoot(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/sandbox/atompay/`;
}

/** The local sandbox gateway mirrors the real paths under its root (sandboxRoot). */
export function sandboxUrls(baseUrl: string, statusApi: StatusApiVersion = "v1"): AtomPayUrls {
  const root = sandboxRoot(baseUrl).slice(0, -1);
  return {
    authUrl: `${root}/ots/aipay/auth`,
    statusUrl: statusApi === "v2" ? `${root}/ots/v2/payment/status` : `${root}/ots/payment/status`,
    refundUrl: `${root}/ots/payment/refund`,
    refundStatusUrl: `${root}/ots/payment/status`,
    checkoutScriptUrl: `${root}/staticdata/ots/js/atomcheckout.js`,
  };
}

/** True if ANY credential equals the public UAT test merchant's: such a config must never run in production. */
export function usesUatCredentials(config: AtomPayCredentials): boolean {
  const t = UAT_TEST_MERCHANT;
  return (
    config.merchId === t.merchId ||
    config.password === t.password ||
    config.requestAesKey === t.requestAesKey ||
    config.responseAesKey === t.responseAesKey ||
    config.requestHashKey === t.requestHashKey ||
    config.responseHashKey === t.responseHashKey
  );
}

/** The second argument of `new AtomPaynetz(options, env)` in the checkout script. */
export function checkoutEnvironment(config: Pick<AtomPayConfig, "env">): "uat" | "prod" {
  return config.env === "production" ? "prod" : "uat";
}

const nonEmpty = z.string().min(1);

const configSchema = z.object({
  env: z.enum(["sandbox", "uat", "production"]),
  merchId: z.string().regex(/^\d{1,18}$/),
  password: nonEmpty,
  productId: nonEmpty,
  requestAesKey: nonEmpty,
  responseAesKey: nonEmpty,
  requestHashKey: nonEmpty,
  responseHashKey: nonEmpty,
  authUrl: z.url(),
  statusUrl: z.url(),
  refundUrl: z.url(),
  checkoutScriptUrl: z.url(),
  refundStatusUrl: z.url().optional(),
  statusApi: z.enum(["v1", "v2"]).optional(),
  refundForm: z.enum(["body", "query"]).optional(),
});

/**
 * Validate a config assembled from the environment. Throws an Error naming the bad FIELDS only (values are
 * secrets). Refuses production with UAT credentials, non-https production URLs, and a hash key equal to an
 * AES key (pitfall 2: the original backend used the AES key as the HMAC key).
 */
export function validateConfig(input: unknown): AtomPayConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new Error(`Invalid AtomPay config: ${fields}`);
  }
  const c = parsed.data;
  if (c.requestHashKey === c.requestAesKey || c.responseHashKey === c.responseAesKey) {
    throw new Error("Invalid AtomPay config: a hash key equals an AES key");
  }
  if (c.env === "production") {
    if (usesUatCredentials(c)) throw new Error("Invalid AtomPay config: production must not use the public UAT credentials");
    for (const k of ["authUrl", "statusUrl", "refundUrl", "checkoutScriptUrl", "refundStatusUrl"] as const) {
      const v = c[k];
      if (v !== undefined && !v.startsWith("https://")) throw new Error(`Invalid AtomPay config: ${k} must be https in production`);
    }
  }
  return c;
}
