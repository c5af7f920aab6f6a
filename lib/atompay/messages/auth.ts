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

export interface AuthInput {
  merchTxnId: string;
  /** The event's fee from OUR database, never a number the browser sent (pitfall 4). */
  amountPaise: number;
  custEmail: string;
  custMobile: string;
  /** When the attempt was created; sent as India time. Must not be in the future (OTS0639). */
  txnDate: Date;
  udf?: Udf;
  /** Limit the payment modes shown: NB, CC, DC, MW, PP, UP, … */
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
  const merchTxnId = requireText(input.merchTxnId, "merchTxnId", 50);
  const amount = formatAmount(requirePaise(input.amountPaise, "amountPaise"));
  const custEmail = requireText(input.custEmail, "custEmail", 100);
  const custMobile = requireText(input.custMobile, "custMobile", 20);
  const txnDate = requireDate(input.txnDate, "txnDate");

  const extras = { udf1: "", udf2: "", udf3: "", udf4: "", udf5: "" };
  for (const k of UDF_KEYS) {
    const v = input.udf?.[k];
    if (v !== undefined) {
      if (typeof v !== "string" || v.length > 200) throw new AtomPayInputError(k, `${k} must be a string of at most 200 characters`);
      extras[k] = v;
    }
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
      payDetails: { amount, product: config.productId, custAccNo: CUST_ACC_NO_PLACEHOLDER, txnCurrency: "INR" },
      custDetails: { custEmail, custMobile },
      extras,
    },
  };
  if (input.subChannel !== undefined) {
    req.payInstrument.payModeSpecificData = { subChannel: requireText(input.subChannel, "subChannel", 10) };
  }
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
