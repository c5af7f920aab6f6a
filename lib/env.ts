// Every setting the app reads, validated once with zod. Nothing else reads process.env directly (db/client.ts
// reads DATABASE_URL/PGLITE_DIR itself so the db layer stays usable from scripts without the app).
import { z } from "zod";
import {
  type AtomPayConfig,
  type AtomPayEnv,
  GATEWAY_PRESETS,
  presetUrls,
  sandboxUrls,
  UAT_TEST_MERCHANT,
  usesUatCredentials,
  validateConfig,
} from "./atompay/config";

/** Used only when no AUTH_SECRET is set outside production; the log says so once. */
export const DEVELOPMENT_AUTH_SECRET = "anwesha-development-only-secret-do-not-deploy-0000000000";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Unset: http://localhost:<the port the app listens on> (see appUrlFrom). */
  APP_URL: optional.pipe(z.url({ message: "APP_URL must be an absolute URL like https://pay.anwesha.in" }).optional()),
  AUTH_SECRET: optional.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  DATABASE_URL: optional.pipe(z.url({ message: "DATABASE_URL must be a postgres:// URL" }).optional()),
  PGLITE_DIR: optional,
  /** Connections to DATABASE_URL per instance; unset, db/client.ts's APP_POOL_SIZE. Read there, checked here. */
  DATABASE_POOL_SIZE: z.coerce.number({ message: "DATABASE_POOL_SIZE must be a whole number" }).int().min(1).max(100).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  METRICS_TOKEN: optional,
  /** No default for `next start`: a production server must say which gateway it talks to (see parseEnv). */
  ATOMPAY_ENV: optional.pipe(
    z.enum(["sandbox", "uat", "production"], { message: "ATOMPAY_ENV must be sandbox, uat or production" }).optional(),
  ),
  /** `next start` with ATOMPAY_ENV=sandbox serves a fake gateway where anyone "pays"; it needs this set to 1. */
  ALLOW_PUBLIC_SANDBOX: optional.pipe(z.enum(["0", "1"], { message: "ALLOW_PUBLIC_SANDBOX must be 0 or 1" }).optional()),
  /** Reverse proxies in front of the app whose X-Forwarded-* we believe (lib/http/forwarding.ts). */
  TRUST_PROXY_HOPS: z.coerce.number({ message: "TRUST_PROXY_HOPS must be a whole number" }).int().min(0).max(10).default(0),
  ATOMPAY_MERCHANT_ID: optional,
  ATOMPAY_PASSWORD: optional,
  ATOMPAY_PRODUCT_ID: optional,
  ATOMPAY_REQUEST_AES_KEY: optional,
  ATOMPAY_RESPONSE_AES_KEY: optional,
  ATOMPAY_REQUEST_HASH_KEY: optional,
  ATOMPAY_RESPONSE_HASH_KEY: optional,
  ATOMPAY_AUTH_URL: optional.pipe(z.url().optional()),
  ATOMPAY_STATUS_URL: optional.pipe(z.url().optional()),
  ATOMPAY_REFUND_URL: optional.pipe(z.url().optional()),
  ATOMPAY_CHECKOUT_SCRIPT_URL: optional.pipe(z.url().optional()),
  ATOMPAY_REFUND_STATUS_URL: optional.pipe(z.url().optional()),
  /** Transaction status API: v1 (TXNVERIFICATION, what live integrations use) or v2 (NDPS's newest docs). */
  ATOMPAY_STATUS_API: z.enum(["v1", "v2"]).default("v1"),
  /** REFUNDINIT's fields in a form body (default) or in the URL's query string (NDPS's reference: /paynetz/refund?…). */
  ATOMPAY_REFUND_FORM: z.enum(["body", "query"], { message: "ATOMPAY_REFUND_FORM must be body or query" }).default("body"),
  ATOMPAY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
  /** Minutes an attempt's token stays usable; a second click within it reuses the attempt. */
  PAYMENT_ATTEMPT_TTL_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
  /** Minutes a seat offered to the first in an event's waiting list is held for them (lib/waitlist/offers.ts). */
  WAITLIST_OFFER_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
  /** Seconds between in-app reconciliation passes; 0 turns it off (then run `npm run reconcile` from cron). */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** smtp://user:pass@host:587 or smtps://…:465. Unset with the sandbox gateway: mail is caught and shown at /dev/mail. */
  SMTP_URL: optional.pipe(z.url({ message: "SMTP_URL must be a URL like smtps://user:password@smtp.example.com:465" }).optional()),
  /** The From of every mail, e.g. "Anwesha <no-reply@anwesha.in>". */
  MAIL_FROM: optional,
  /** `next start` without SMTP_URL keeps /dev/mail shut; 1 opens it to organisers only (lib/auth/dev-mailbox-access.ts). */
  DEV_MAILBOX: optional.pipe(z.enum(["0", "1"], { message: "DEV_MAILBOX must be 0 or 1" }).optional()),
  /** Ed25519 private key that signs entry passes: PEM, or base64 of the PKCS#8 DER (lib/passes/signing-key.ts). */
  PASS_SIGNING_KEY: optional.pipe(
    z
      .string()
      .regex(
        /^(-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----|[A-Za-z0-9+/=\s]{40,})$/,
        "PASS_SIGNING_KEY must be a PEM or base64 PKCS#8 private key",
      )
      .optional(),
  ),
  /** Days after a success on which the status API is asked about it again (reversals, settlement): "1,3". */
  REVERIFY_AFTER_DAYS: z
    .string()
    .trim()
    .default("1,3")
    .transform((v, ctx) => {
      const days = v === "" ? [] : v.split(",").map((d) => Number(d.trim()));
      const ok = days.length <= 5 && days.every((d, i) => Number.isFinite(d) && d > 0 && d <= 60 && (i === 0 || d > days[i - 1]!));
      if (!ok)
        ctx.addIssue({ code: "custom", message: "must be up to 5 increasing numbers of days (0 < d <= 60), like 1,3; empty turns it off" });
      return days;
    }),
  /** A refund AtomPay still does not hold this long after it was sent is failed and its amount released. */
  REFUND_ABSENT_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
});

export type Env = Omit<z.infer<typeof schema>, "ATOMPAY_ENV" | "APP_URL"> & {
  ATOMPAY_ENV: AtomPayEnv;
  /** True for `next start` (a production build serving requests), false for dev, tests, scripts and the build. */
  serving: boolean;
  /** APP_URL, or http://localhost:<PORT> when it is unset (appUrlFrom). */
  APP_URL: string;
  authSecret: string;
  usingDevelopmentSecret: boolean;
  atompay: AtomPayConfig;
  /** Where the browser reaches the sandbox: a different origin (127.0.0.1 vs localhost) so the return is cross-site. */
  sandboxBaseUrl: string | null;
  mail: MailSettings;
};

export interface MailSettings {
  smtpUrl: string | null;
  from: string;
  /** No SMTP_URL with the sandbox gateway: mail is caught in the process instead of being sent. */
  devMailbox: boolean;
  /**
   * Who may read the caught mail at /dev/mail: anyone under `next dev` and in tests (a developer's own machine);
   * from `next start` nobody, unless DEV_MAILBOX=1, and then organisers only; null when nothing is caught.
   */
  devMailboxReaders: "anyone" | "organisers" | null;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function sandboxBase(appUrl: string): string {
  const u = new URL(appUrl);
  if (u.hostname === "localhost") u.hostname = "127.0.0.1";
  else if (u.hostname === "127.0.0.1") u.hostname = "localhost";
  return u.origin;
}

/**
 * The public base URL: APP_URL when set, else this machine on the port the app listens on. `next dev`/`next start`
 * put the port they bound in PORT (from -p, PORT or the default 3000) before the first request, so following the
 * README on another port still gives the sandbox's address and the gateway's return URL on that port.
 */
function appUrlFrom(appUrl: string | undefined, port: string | undefined): string {
  if (appUrl) return appUrl.replace(/\/+$/, "");
  const p = port?.trim();
  return `http://localhost:${p && /^\d{1,5}$/.test(p) && Number(p) > 0 && Number(p) < 65536 ? Number(p) : 3000}`;
}

/** The one rule for who reads the development mailbox (README "The public demo"). */
function devMailboxReaders(catching: boolean, serving: boolean, enabled: boolean): MailSettings["devMailboxReaders"] {
  if (!catching) return null;
  if (!serving) return "anyone";
  return enabled ? "organisers" : null;
}

export function parseEnv(vars: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(vars);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const appUrl = appUrlFrom(e.APP_URL, vars.PORT);
  // `next build` evaluates modules with NODE_ENV=production but serves nothing: no secret is needed then.
  const building = vars.NEXT_PHASE === "phase-production-build";
  const serving = e.NODE_ENV === "production" && !building;
  // Fail closed: a production server never falls into the sandbox (where anyone pays by choosing Success) by omission.
  if (serving && !e.ATOMPAY_ENV) {
    problems.push(
      "ATOMPAY_ENV is required for `next start`: set it to production, uat, or sandbox (a demo; also needs ALLOW_PUBLIC_SANDBOX=1)",
    );
  }
  const gatewayEnv: AtomPayEnv = e.ATOMPAY_ENV ?? "sandbox";
  if (serving && e.ATOMPAY_ENV === "sandbox" && e.ALLOW_PUBLIC_SANDBOX !== "1") {
    problems.push(
      "ALLOW_PUBLIC_SANDBOX=1 is required to serve ATOMPAY_ENV=sandbox from `next start`: the " +
        'sandbox lets anyone "pay" by choosing Success (every page then says SANDBOX: no real ' +
        "money)",
    );
  }

  const sandboxBaseUrl = gatewayEnv === "sandbox" ? sandboxBase(appUrl) : null;
  const urls =
    gatewayEnv === "sandbox"
      ? sandboxUrls(sandboxBaseUrl!, e.ATOMPAY_STATUS_API)
      : presetUrls(GATEWAY_PRESETS[gatewayEnv], e.ATOMPAY_STATUS_API);
  const defaults = gatewayEnv === "production" ? undefined : UAT_TEST_MERCHANT;
  const pick = (value: string | undefined, fallback: string | undefined, name: string): string => {
    if (value) return value;
    if (fallback) return fallback;
    problems.push(`${name} is required when ATOMPAY_ENV=production`);
    return "";
  };
  const atompay: AtomPayConfig = {
    env: gatewayEnv,
    merchId: pick(e.ATOMPAY_MERCHANT_ID, defaults?.merchId, "ATOMPAY_MERCHANT_ID"),
    password: pick(e.ATOMPAY_PASSWORD, defaults?.password, "ATOMPAY_PASSWORD"),
    productId: pick(e.ATOMPAY_PRODUCT_ID, defaults?.productId, "ATOMPAY_PRODUCT_ID"),
    requestAesKey: pick(e.ATOMPAY_REQUEST_AES_KEY, defaults?.requestAesKey, "ATOMPAY_REQUEST_AES_KEY"),
    responseAesKey: pick(e.ATOMPAY_RESPONSE_AES_KEY, defaults?.responseAesKey, "ATOMPAY_RESPONSE_AES_KEY"),
    requestHashKey: pick(e.ATOMPAY_REQUEST_HASH_KEY, defaults?.requestHashKey, "ATOMPAY_REQUEST_HASH_KEY"),
    responseHashKey: pick(e.ATOMPAY_RESPONSE_HASH_KEY, defaults?.responseHashKey, "ATOMPAY_RESPONSE_HASH_KEY"),
    authUrl: e.ATOMPAY_AUTH_URL ?? urls.authUrl,
    statusUrl: e.ATOMPAY_STATUS_URL ?? urls.statusUrl,
    refundUrl: e.ATOMPAY_REFUND_URL ?? urls.refundUrl,
    checkoutScriptUrl: e.ATOMPAY_CHECKOUT_SCRIPT_URL ?? urls.checkoutScriptUrl,
    refundStatusUrl: e.ATOMPAY_REFUND_STATUS_URL ?? urls.refundStatusUrl,
    statusApi: e.ATOMPAY_STATUS_API,
    refundForm: e.ATOMPAY_REFUND_FORM,
  };

  const live = gatewayEnv === "production";
  if (live) {
    if (!e.AUTH_SECRET) problems.push("AUTH_SECRET is required when ATOMPAY_ENV=production");
    if (e.AUTH_SECRET === DEVELOPMENT_AUTH_SECRET) problems.push("AUTH_SECRET is the development secret");
    if (!e.DATABASE_URL) problems.push("DATABASE_URL is required when ATOMPAY_ENV=production (no embedded database)");
    if (usesUatCredentials(atompay)) problems.push("ATOMPAY_* credentials are the public UAT test merchant's");
    if (!e.APP_URL) problems.push("APP_URL is required when ATOMPAY_ENV=production (the gateway returns the browser there)");
    else if (!appUrl.startsWith("https://")) problems.push("APP_URL must be https:// when ATOMPAY_ENV=production");
    if (!e.SMTP_URL) problems.push("SMTP_URL is required when ATOMPAY_ENV=production (receipts and password resets are mailed)");
    if (!e.PASS_SIGNING_KEY)
      problems.push("PASS_SIGNING_KEY is required when ATOMPAY_ENV=production (entry passes must outlive one machine)");
  }
  if (!e.AUTH_SECRET && serving && !live) {
    problems.push("AUTH_SECRET is required for `next start` (generate one: openssl rand -base64 32)");
  }
  if (!problems.length) {
    // The protocol library's own checks (merchant id format, hash key ≠ AES key, https in production, no UAT
    // credentials in production): whatever it refuses, the app refuses to start with.
    try {
      validateConfig(atompay);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) throw new ConfigError(problems);

  const usingDevelopmentSecret = !e.AUTH_SECRET;
  return {
    ...e,
    ATOMPAY_ENV: gatewayEnv,
    serving,
    APP_URL: appUrl,
    authSecret: e.AUTH_SECRET ?? DEVELOPMENT_AUTH_SECRET,
    usingDevelopmentSecret,
    atompay,
    sandboxBaseUrl,
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? `Anwesha <no-reply@${new URL(appUrl).hostname}>`,
      devMailbox: !e.SMTP_URL && gatewayEnv === "sandbox",
      devMailboxReaders: devMailboxReaders(!e.SMTP_URL && gatewayEnv === "sandbox", serving, e.DEV_MAILBOX === "1"),
    },
  };
}

let cached: Env | undefined;
/** The validated settings, read on first use. Throws ConfigError naming every bad variable. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
