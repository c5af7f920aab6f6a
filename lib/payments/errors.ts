// The payments domain's own errors, and what a person is told when the gateway lets us down.
import {
  AtomPayError,
  AtomPayInputError,
  GatewayRejectedError,
  GatewayTimeoutError,
  GatewayUnreachableError,
  gatewayReasonOf,
} from "@/lib/atompay";
import { ApiError } from "@/lib/errors";
import { formatISTShort } from "@/lib/format";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { gatewayDownWords } from "./labels";

/** A merchTxnId that names no payment (or one the asker may not see): 404 wherever it is met. */
export class PaymentNotFoundError extends ApiError {
  constructor(public readonly merchTxnId: string) {
    super(404, "not_found", "No such payment.");
  }
}

/** The attempt is already marked failed by then, so "try again" is always true. */
/** What the payment gateway would refuse in what we send about a person (AUTH's field limits): a 422 naming it. */
const FIELD_WORDS: Record<string, string> = {
  custEmail:
    "Your email address is longer than the payment gateway accepts (100 characters) or not one it can read. Please contact the help desk.",
  custMobile: "Your phone number is longer than the payment gateway accepts (20 characters). Correct it on your account page.",
  udf1: "Your Anwesha ID is longer than the payment gateway accepts (45 characters). Please contact the help desk.",
  amountPaise: "The amount is more than the payment gateway accepts in one payment. Pay for fewer events at once.",
};

export function gatewayFieldProblem(error: AtomPayInputError): ApiError {
  const words = FIELD_WORDS[error.field] ?? `The payment gateway would refuse this payment's ${error.field}. Please contact the help desk.`;
  return new ApiError(422, "validation_failed", `${words} No money was taken.`, { [error.field]: [error.message] });
}

export function gatewayFailure(error: unknown): ApiError {
  if (error instanceof AtomPayInputError) return gatewayFieldProblem(error);
  if (error instanceof GatewayTimeoutError) {
    return new ApiError(
      504,
      "gateway_timeout",
      "The payment gateway is taking too long to answer. No money was taken. Please try again in a minute.",
    );
  }
  if (error instanceof GatewayUnreachableError) {
    return new ApiError(502, "gateway_error", "We could not reach the payment gateway. No money was taken. Please try again in a minute.");
  }
  if (error instanceof GatewayRejectedError) {
    return new ApiError(
      502,
      "gateway_error",
      "The payment gateway refused to start this payment. No money was taken. Please try again, or contact the help desk if it keeps happening.",
    );
  }
  if (error instanceof AtomPayError) {
    return new ApiError(
      502,
      "gateway_error",
      "The payment gateway sent an answer we could not understand. No money was taken. Please try again.",
    );
  }
  return new ApiError(502, "gateway_error", "Something went wrong talking to the payment gateway. No money was taken. Please try again.");
}

/**
 * The gateway did not answer a status query: unreachable, too slow, or its server failing (HTTP 5xx). Read from the
 * error's `code`, not `instanceof`: in a production build the client cached on globalThis (lib/payments/gateway.ts)
 * may have been made by another bundle's copy of lib/atompay (the reconciler's, started from instrumentation), whose
 * error classes are not this copy's.
 */
export function gatewayNotAnswering(error: unknown): boolean {
  const code = gatewayErrorCode(error);
  if (code === "GATEWAY_TIMEOUT" || code === "GATEWAY_UNREACHABLE") return true;
  const httpStatus = (error as { httpStatus?: unknown }).httpStatus;
  return code === "GATEWAY_HTTP" && typeof httpStatus === "number" && httpStatus >= 500;
}

/** An AtomPayError's code (GatewayTimeoutError: "GATEWAY_TIMEOUT", …), whichever copy of lib/atompay made it. */
export function gatewayErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (error instanceof AtomPayError || /^(GATEWAY|ATOMPAY)_/.test(code)) ? code : undefined;
}

/** At least this long before a gateway that did not answer is asked again from a page. */
const GATEWAY_RETRY_AFTER_MS = 60_000;

/**
 * 503 for a status query the gateway did not answer, with Retry-After and the India time it names: the start of
 * the first whole minute at least a minute away, so "try again at 11:05 pm" is exactly when the page asks again.
 * Nothing about the payment changed. `organiser`: the console's words (the reconciler keeps asking meanwhile).
 */
export function gatewayUnavailable(now: Date, who: "attendee" | "organiser"): ApiError {
  const at = new Date(Math.ceil((now.getTime() + GATEWAY_RETRY_AFTER_MS) / 60_000) * 60_000);
  const clock = formatISTShort(at, now);
  const message =
    who === "attendee"
      ? gatewayDownWords(at, now)
      : `AtomPay is not answering; nothing was changed. Re-check at ${clock} or later; the reconciler keeps asking meanwhile.`;
  const retryAfter = String(Math.ceil((at.getTime() - now.getTime()) / 1000));
  return new ApiError(503, "gateway_unavailable", message, undefined, { "Retry-After": retryAfter });
}

/** The gateway's own status code on a failed call: a rejection, or NDPS's flat AUTH error on an HTTP 4xx. */
export function gatewayStatusCodeOf(error: unknown): string | undefined {
  return gatewayReasonOf(error)?.statusCode;
}

/**
 * Keep the gateway's code and words of a failed call where operators look (the log and a metric), never on an
 * attendee's page. The words are NDPS's (they name no secret of ours); they are cut short all the same.
 */
export function noteGatewayError(api: "auth" | "status" | "refund" | "refund-status", error: unknown, merchTxnId?: string): void {
  const reason = gatewayReasonOf(error);
  const code = reason?.statusCode ?? gatewayErrorCode(error) ?? "unknown";
  metrics().gatewayErrors.inc({ api, code: code.slice(0, 20) });
  log.warn(
    {
      api,
      merchTxnId,
      code,
      gatewayMessage: reason?.gatewayMessage.slice(0, 200),
      errorCode: gatewayErrorCode(error),
    },
    "gateway call failed",
  );
}
