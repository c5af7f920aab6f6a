/**
 * Gateway status codes mapped to the four outcomes an app stores, following NDPS's error-code dictionary.
 *
 * Two kinds of code exist and they must not be confused:
 *   "outcome"  the code describes what happened to a PAYMENT (success, pending, failed, cancelled). NDPS's
 *              dictionary lists OTS0601–OTS0636 under "payment processing errors": invalid card, expired card,
 *              wrong CVV, amount mismatches between bank and gateway… These are failed payments.
 *   "request"  the code judges the REQUEST that carried it (our credentials, signature, date, missing fields).
 *              In an answer to one of our server-to-server calls it says nothing about the payment.
 * Unknown codes are "pending": only the status API may settle them (and the app should log them).
 */

export type PaymentOutcome = "success" | "pending" | "failed" | "cancelled";
export type StatusCodeKind = "outcome" | "request";

export interface StatusCodeInfo {
  code: string;
  outcome: PaymentOutcome;
  kind: StatusCodeKind;
  /** The gateway's short message ("SUCCESS", "FAILED", …). */
  message: string;
  /** The gateway's description, as its dictionary words it. */
  description: string;
}

type Row = [outcome: PaymentOutcome, kind: StatusCodeKind, message: string, description: string];

const F = "FAILED";
const TABLE: Readonly<Record<string, Row>> = {
  OTS0000: ["success", "outcome", "SUCCESS", "TRANSACTION IS SUCCESSFUL"],
  OTS0002: ["success", "outcome", "SUCCESS", "FORCE SUCCESS"],
  OTS0001: ["failed", "outcome", F, "AUTO REVERSAL"],
  OTS0101: ["cancelled", "outcome", "CANCELLED", "TRANSACTION IS CANCELLED BY USER"],
  OTS0201: ["pending", "outcome", "TIMEOUT", "TRANSACTION TIMED OUT"],
  OTS0301: ["pending", "outcome", "INITIALIZED", "TRANSACTION IS INITIALIZED"],
  OTS0351: ["pending", "outcome", "INITIATED", "TRANSACTION IS INITIATED"],
  OTS0401: ["failed", "outcome", "NODATA", "NO DATA FOUND"],
  OTS0551: ["pending", "outcome", "PENDING", "TRANSACTION IS PENDING FROM BANK"],
  OTS0600: ["failed", "outcome", F, "TRANSACTION IS FAILED"],
  OTS0951: ["failed", "outcome", F, "SOMETHING WENT WRONG"],
  OTS0451: ["failed", "request", F, "INVALID MERCHANT INFORMATION"],
  OTS0503: ["failed", "request", F, "INVALID API"],
  OTS0504: ["failed", "request", F, "INVALID API"],
  OTS0506: ["failed", "request", F, "SIGNATURE MISMATCHED"],
  OTS0507: ["failed", "request", F, "INVALID DATE"],
  OTS0508: ["failed", "request", F, "INVALID CURRENCY"],
  OTS0509: ["failed", "request", F, "INVALID AMOUNT"],
  OTS0510: ["failed", "request", F, "INVALID AMOUNT"],
  OTS0522: ["failed", "request", F, "INVALID PASSWORD"],
  // NDPS's "payment processing errors": the payment itself failed at the gateway or the bank.
  OTS0601: ["failed", "outcome", F, "IN STAGE TWO TRANSACTION, ATOM TXN ID SHOULD NOT BE NULL"],
  OTS0602: ["failed", "outcome", F, "INCORRECT SURCHARGE AMOUNT"],
  OTS0603: ["failed", "outcome", F, "SUBCHANNEL CAN NOT BE EMPTY"],
  OTS0604: ["failed", "outcome", F, "IF SUBCHANNEL IS NB THEN BANK ID SHOULD NOT BE EMPTY"],
  OTS0605: ["failed", "outcome", F, "IF SUBCHANNEL IS CC or DC THEN CARD DATA SHOULD NOT BE EMPTY"],
  OTS0606: ["failed", "outcome", F, "IF SUBCHANNEL IS UP THEN VPA SHOULD NOT BE EMPTY"],
  OTS0607: ["failed", "outcome", F, "IF SUBCHANNEL IS EM THEN EMI DETAILS SHOULD NOT BE EMPTY"],
  OTS0608: ["failed", "outcome", F, "IN STAGE TWO TRANSACTION, SUBCHANNEL CAN NOT BE EMPTY"],
  OTS0609: ["failed", "outcome", F, "CARD DETAILS ARE MISSING"],
  OTS0610: ["failed", "outcome", F, "INVALID EMI TENURE"],
  OTS0611: ["failed", "outcome", F, "INVALID EMI BANK NAME"],
  OTS0612: ["failed", "outcome", F, "SUMMATION OF AMOUNT & SURCHARGE AMOUNT SHOULD BE EQUAL TO TOTAL AMOUNT"],
  OTS0613: ["failed", "outcome", F, "RESPONSE IS ALREADY AVAILABLE IN DB FOR ATOM TXN ID"],
  OTS0614: ["failed", "outcome", F, "ATOM's AMOUNT MISMATCHED WITH BANK's AMOUNT"],
  OTS0615: ["failed", "request", F, "ANY OF THE MANDATORY PARAMETER MUST BE MISSING"],
  OTS0616: ["failed", "request", F, "INSUFFICIENT MERCHANT INFORMATION"],
  OTS0617: ["failed", "outcome", F, "IN STAGE TWO TRANSACTION, DB STAGE SHOULD BE 1"],
  OTS0618: ["failed", "outcome", F, "IN STAGE TWO TRANSACTION, PROVIDED AMOUNT SHOULD BE EQUAL TO DB AMOUNT"],
  OTS0619: ["failed", "outcome", F, "SUBCHANNEL & CARD TYPE MISMATCHED"],
  OTS0620: ["failed", "outcome", F, "CARD SCHEME MISMATCHED"],
  OTS0621: ["failed", "outcome", F, "AMOUNT SHOULD BE WITHIN A RANGE"],
  OTS0622: ["failed", "outcome", F, "ACCOUNT DETAILS MANDATORY FOR PENNYDROP"],
  OTS0623: ["failed", "outcome", F, "IN SEAMLESS TRANSACTION, WHEN MERCHANT IS ON SURCHARGE THEN SURCHARGE AMOUNT SHOULD"],
  OTS0624: ["failed", "outcome", F, "TRANSACTION RESPONSE IS ALREADY AVAILABLE FOR ATOM TXN ID"],
  OTS0625: ["failed", "outcome", F, "BANK TXN AMOUNT IS MISMATCHED WITH ATOM TXN AMOUNT"],
  OTS0626: ["failed", "outcome", F, "AMOUNT & TOTAL AMOUNT OF ALL PASSED PRODUCTS SHOULD BE EQUAL"],
  OTS0627: ["failed", "outcome", F, "INAPPROPRIATE WAY TO CONSUME OTS PAYMENT SERVICE"],
  OTS0628: ["failed", "outcome", F, "ATOM TXN ID SHOULD NOT BE EMPTY/NULL IN BANK RESPONSE"],
  OTS0629: [
    "failed",
    "outcome",
    F,
    "IN SEMI-SEAMLESS TRANSACTION, IF IT IS CARD TRANSACTION THEN SURCHARGE AMOUNT SHOULD NOT BE NULL/EMPTY/ZERO",
  ],
  OTS0630: ["failed", "outcome", F, "CARD TYPE MISMATCHED"],
  OTS0631: ["failed", "outcome", F, "FAILED-INVALID CARD NUMBER"],
  OTS0632: ["failed", "outcome", F, "FAILED-CARD EXP MONTH/YEAR SHOULD BE IN PROPER FORMAT"],
  OTS0633: ["failed", "outcome", F, "FAILED-CARD IS EXPIRED"],
  OTS0634: ["failed", "outcome", F, "FAILED-INVALID CVV"],
  OTS0635: ["failed", "outcome", F, "FAILED-TRANSACTION MODE NOT FOUND IN URL PATTERN"],
  OTS0636: ["failed", "outcome", F, "FAILED-UNABLE TO DECRYPT CARD DETAILS"],
  // These judge the message that carried them (our encData, our date, our merchId).
  OTS0637: ["failed", "request", F, "FAILED-UNABLE TO DECRYPT ENC DATA"],
  OTS0638: ["failed", "request", F, "ANY OF THE MANDATORY PARAMETER MUST BE MISSING FROM ENCDATA"],
  OTS0639: ["failed", "request", F, "FAILED-FUTURE DATE NOT ALLOWED"],
  OTS0640: ["failed", "request", F, "FAILED-DATE FORMAT IS INVALID"],
  OTS0641: ["failed", "request", F, "MERCHID OR ENCDATA MISSING"],
};

export const SUCCESS_CODE = "OTS0000";

export function statusCodeInfo(code: string): StatusCodeInfo | undefined {
  const c = normalize(code);
  if (!Object.hasOwn(TABLE, c)) return undefined;
  const [outcome, kind, message, description] = TABLE[c]!;
  return { code: c, outcome, kind, message, description };
}

export function classifyStatus(code: string): PaymentOutcome {
  return statusCodeInfo(code)?.outcome ?? "pending";
}

export function isKnownStatusCode(code: string): boolean {
  return statusCodeInfo(code) !== undefined;
}

export function describeStatusCode(code: string): string {
  return statusCodeInfo(code)?.description.toLowerCase() ?? "unknown";
}

/**
 * Codes that judge OUR REQUEST rather than the payment (kind "request" above). A status or refund answer
 * carrying one of these says nothing about the transaction, so the client throws GatewayRejectedError instead
 * of letting the app record "failed" for a payment that may well be paid.
 */
export function isRequestErrorCode(code: string): boolean {
  return statusCodeInfo(code)?.kind === "request";
}

/** Every code in the dictionary (the sandbox offers them as scenarios). */
export function knownStatusCodes(): string[] {
  return Object.keys(TABLE);
}

function normalize(code: string): string {
  return typeof code === "string" ? code.trim().toUpperCase() : "";
}
