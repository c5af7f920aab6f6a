/**
 * Gateway status codes (protocol section 9) mapped to the four outcomes the app stores.
 * Unknown codes are "pending": only the status API may settle them (and the app should log them).
 */

export type PaymentOutcome = "success" | "pending" | "failed" | "cancelled";

const TABLE: Readonly<Record<string, { outcome: PaymentOutcome; meaning: string }>> = {
  OTS0000: { outcome: "success", meaning: "success" },
  OTS0002: { outcome: "success", meaning: "force success" },
  OTS0201: { outcome: "pending", meaning: "timeout (ask the status API)" },
  OTS0301: { outcome: "pending", meaning: "initialised" },
  OTS0351: { outcome: "pending", meaning: "initiated" },
  OTS0551: { outcome: "pending", meaning: "pending from bank" },
  OTS0001: { outcome: "failed", meaning: "auto reversal" },
  OTS0101: { outcome: "cancelled", meaning: "cancelled by user" },
  OTS0401: { outcome: "failed", meaning: "no data" },
  OTS0503: { outcome: "failed", meaning: "bad API name" },
  OTS0504: { outcome: "failed", meaning: "bad API name" },
  OTS0506: { outcome: "failed", meaning: "signature mismatch" },
  OTS0507: { outcome: "failed", meaning: "invalid date" },
  OTS0508: { outcome: "failed", meaning: "invalid currency" },
  OTS0509: { outcome: "failed", meaning: "invalid amount" },
  OTS0510: { outcome: "failed", meaning: "invalid amount" },
  OTS0522: { outcome: "failed", meaning: "invalid password" },
  OTS0600: { outcome: "failed", meaning: "failed / aborted" },
  OTS0951: { outcome: "failed", meaning: "something went wrong" },
};

export const SUCCESS_CODE = "OTS0000";

export function classifyStatus(code: string): PaymentOutcome {
  return lookup(code)?.outcome ?? "pending";
}

export function isKnownStatusCode(code: string): boolean {
  return lookup(code) !== undefined;
}

export function describeStatusCode(code: string): string {
  return lookup(code)?.meaning ?? "unknown";
}

/**
 * Codes that judge OUR REQUEST rather than the payment: bad credentials, bad signature, bad API name,
 * validation errors (OTS0451, OTS0503/0504/0506–0510/0522, OTS0601–OTS0641).
 * A status or refund answer carrying one of these says nothing about the transaction, so the client throws
 * GatewayRejectedError instead of letting the app record "failed" for a payment that may well be paid.
 */
export function isRequestErrorCode(code: string): boolean {
  const c = normalize(code);
  if (["OTS0451", "OTS0503", "OTS0504", "OTS0506", "OTS0507", "OTS0508", "OTS0509", "OTS0510", "OTS0522"].includes(c)) {
    return true;
  }
  const m = /^OTS06(\d\d)$/.exec(c);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 41;
}

function lookup(code: string) {
  const c = normalize(code);
  return Object.hasOwn(TABLE, c) ? TABLE[c] : undefined;
}

function normalize(code: string): string {
  return typeof code === "string" ? code.trim().toUpperCase() : "";
}
