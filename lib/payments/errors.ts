// The payments domain's own errors, and what a person is told when the gateway lets us down.
import { AtomPayError, GatewayRejectedError, GatewayTimeoutError, GatewayUnreachableError, gatewayReasonOf } from "@/lib/atompay";
import { ApiError } from "@/lib/errors";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";

/** A merchTxnId that names no payment (or one the asker may not see): 404 wherever it is met. */
export class PaymentNotFoundError extends ApiError {
  constructor(public readonly merchTxnId: string) {
    super(404, "not_found", "No such payment.");
  }
}

/** The attempt is already marked failed by then, so "try again" is always true. */
export function gatewayFailure(error: unknown): ApiError {
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
  const code = reason?.statusCode ?? (error instanceof AtomPayError ? error.code : "unknown");
  metrics().gatewayErrors.inc({ api, code: code.slice(0, 20) });
  log.warn(
    {
      api,
      merchTxnId,
      code,
      gatewayMessage: reason?.gatewayMessage.slice(0, 200),
      errorCode: error instanceof AtomPayError ? error.code : undefined,
    },
    "gateway call failed",
  );
}
