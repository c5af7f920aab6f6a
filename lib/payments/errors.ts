// What a person is told when the gateway lets us down. The attempt is already marked failed by then, so
// "try again" is always true.
import {
  AtomPayError,
  GatewayRejectedError,
  GatewayTimeoutError,
  GatewayUnreachableError,
} from "@/lib/atompay";
import { ApiError } from "@/lib/errors";

export function gatewayFailure(error: unknown): ApiError {
  if (error instanceof GatewayTimeoutError) {
    return new ApiError(504, "gateway_timeout", "The payment gateway is taking too long to answer. No money was taken. Please try again in a minute.");
  }
  if (error instanceof GatewayUnreachableError) {
    return new ApiError(502, "gateway_error", "We could not reach the payment gateway. No money was taken. Please try again in a minute.");
  }
  if (error instanceof GatewayRejectedError) {
    return new ApiError(502, "gateway_error", "The payment gateway refused to start this payment. No money was taken. Please try again, or contact the help desk if it keeps happening.");
  }
  if (error instanceof AtomPayError) {
    return new ApiError(502, "gateway_error", "The payment gateway sent an answer we could not understand. No money was taken. Please try again.");
  }
  return new ApiError(502, "gateway_error", "Something went wrong talking to the payment gateway. No money was taken. Please try again.");
}

export function gatewayStatusCodeOf(error: unknown): string | undefined {
  return error instanceof GatewayRejectedError ? error.statusCode : undefined;
}
