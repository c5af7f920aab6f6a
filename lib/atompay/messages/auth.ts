/**
 * AUTH (token) request and answer (protocol section 3).
 */
import { z } from "zod";
import type { AtomPayConfig } from "../config";
import { merchTxnDate } from "../dates";
import { AtomPayInputError, GatewayProtocolError } from "../errors";
import { formatAmount } from "../money";
import { idValue, parseOrThrow, requireDate, requirePaise, requireText, UDF_KEYS, type Udf } from "./common";

/** The gateway wants a customer account number; nothing checks it, every kit sends a placeholder. */
export const CUST_ACC_NO_PLACEHOLDER = "213232323";

/**
 * NDPS's field limits for AUTH (the MCP server's API specification): checked before the request is built, so a
 * value the gateway would refuse never leaves (AtomPayInputError names the field).
 */
export const AUTH_LIMITS = Object.freeze({
  merchTxnId: 50,
  udf: 45,
  custEmail: 100,
  custMobile: 20,
  userId: 45,
  product: 50,
  /** At most 10 digits before the decimal point: ₹9,999,999,999.99. */
  maxAmountPaise: 999_999_999_999,
});

/** The payment modes AUTH's `payModeSpecificData.subChannel` may name (one of them). */
export const SUB_CHANNELS = Object.freeze(["NB", "CC", "DC", "MW", "PP", "PW", "EM", "NR", "BQ", "UP"] as const);
export type SubChannel = (typeof SUB_CHANNELS)[number];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AuthInput {
  merchTxnId: string;
  /** The event's fee from OUR database, never a number the browser sent (pitfall 4). */
  amountPaise: number;
  custEmail: string;
  custMobile: string;
  /** When the attempt was created; sent as India time. Must not be in the future (OTS0639). */
  txnDate: Date;
  udf?: Udf;
  /** Limit the payment modes shown to one of SUB_CHANNELS (NB, CC, DC, MW, PP, PW, EM, NR, BQ, UP). */
  subChannel?: string;
}

export interface AuthRequest {
  payInstrument: {
    headDetails: { version: "OTSv1.1"; api: "AUTH"; platform: "FLASH" };
    merchDetails: { merchId: string; userId: string; password: string; merchTxnId: string; merchTxnDate: string };
    payDetails: { amount: string; product: string; custAccNo: string; txnCurrency: "INR" };
    custDetails: { custEmail: string; custMobile: string };
    extras: Record<(typeof UDF_KEYS)[number], string>;
    payModeSpecificData?: { subChannel: string };
  };
}

export function buildAuthRequest(config: Pick<AtomPayConfig, "merchId" | "password" | "productId">, input: AuthInput): AuthRequest {
  const merchTxnId = requireText(input.merchTxnId, "merchTxnId", AUTH_LIMITS.merchTxnId);
  const amountPaise = requirePaise(input.amountPaise, "amountPaise");
  if (amountPaise > AUTH_LIMITS.maxAmountPaise) {
    throw new AtomPayInputError("amountPaise", "amount must have at most 10 digits before the decimal point");
  }
  const amount = formatAmount(amountPaise);
  const custEmail = requireText(input.custEmail, "custEmail", AUTH_LIMITS.custEmail);
  if (!EMAIL.test(custEmail)) throw new AtomPayInputError("custEmail", "custEmail must be an email address");
  const custMobile = requireText(input.custMobile, "custMobile", AUTH_LIMITS.custMobile);
  const txnDate = requireDate(input.txnDate, "txnDate");
  const product = requireText(config.productId, "productId", AUTH_LIMITS.product);

  const extras = { udf1: "", udf2: "", udf3: "", udf4: "", udf5: "" };
  for (const k of UDF_KEYS) {
    const v = input.udf?.[k];
    if (v !== undefined) {
      if (typeof v !== "string" || v.length > AUTH_LIMITS.udf) {
        throw new AtomPayInputError(k, `${k} must be a string of at most ${AUTH_LIMITS.udf} characters`);
      }
      extras[k] = v;
    }
  }
  let subChannel: SubChannel | undefined;
  if (input.subChannel !== undefined) {
    subChannel = SUB_CHANNELS.find((c) => c === input.subChannel);
    if (!subChannel) throw new AtomPayInputError("subChannel", `subChannel must be one of ${SUB_CHANNELS.join(", ")}`);
  }

  const req: AuthRequest = {
    payInstrument: {
      headDetails: { version: "OTSv1.1", api: "AUTH", platform: "FLASH" },
      merchDetails: {
        merchId: config.merchId,
        userId: "",
        password: config.password,
        merchTxnId,
        merchTxnDate: merchTxnDate(txnDate),
      },
      payDetails: { amount, product, custAccNo: CUST_ACC_NO_PLACEHOLDER, txnCurrency: "INR" },
      custDetails: { custEmail, custMobile },
      extras,
    },
  };
  if (subChannel) req.payInstrument.payModeSpecificData = { subChannel };
  return req;
}

const authAnswerSchema = z.looseObject({
  atomTokenId: idValue.optional().nullable(),
  responseDetails: z.looseObject({
    txnStatusCode: z.string(),
    txnMessage: z.string().optional().nullable(),
    txnDescription: z.string().optional().nullable(),
  }),
});

export interface AuthResponse {
  /**
   * Kept as text. The gateway sends a JSON number (15000000085228); JSON.parse makes it a double, exact for
   * every integer below 2^53 (~9.0e15), and String() renders it back digit for digit. An unsafe integer is
   * refused (GatewayProtocolError) rather than passed on with altered digits.
   * Empty string when the gateway sent none (only possible on a non-OTS0000 answer).
   */
  atomTokenId: string;
  statusCode: string;
  message: string;
  description: string;
}

export function parseAuthResponse(json: unknown): AuthResponse {
  const a = parseOrThrow(authAnswerSchema, json, "auth answer");
  let atomTokenId = "";
  const raw = a.atomTokenId;
  if (raw !== undefined && raw !== null) {
    if (typeof raw === "number") {
      if (!Number.isSafeInteger(raw) || raw <= 0)
        throw new GatewayProtocolError("schema", "auth answer: atomTokenId is not an exact integer");
      atomTokenId = String(raw);
    } else {
      atomTokenId = raw.trim();
    }
  }
  return {
    atomTokenId,
    statusCode: a.responseDetails.txnStatusCode.trim(),
    message: a.responseDetails.txnMessage ?? "",
    description: a.responseDetails.txnDescription ?? "",
  };
}
