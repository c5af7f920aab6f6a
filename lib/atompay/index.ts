/**
 * AtomPay (NTT DATA Payment Services India) protocol library: the merchant's side. Plain TypeScript:
 * node:crypto + zod only. The gateway's side (for sandboxes and tests) is the separate `./gateway` entry.
 * See README.md in this folder.
 */
export * from "./errors";
export {
  clearDerivedKeyCache,
  decrypt,
  decryptWithKey,
  deriveKey,
  deriveKeyUncached,
  encrypt,
  encryptWithKey,
  MAX_CIPHERTEXT_HEX_LENGTH,
} from "./crypto";
export { encodeForm, parseForm, readEncryptedForm } from "./form";
export { formatAmount, MAX_PAISE, paiseToNumber, toPaise } from "./money";
export { gatewayEchoDate, merchTxnDate, merchTxnDay, parseGatewayDate } from "./dates";
export {
  classifyStatus,
  describeStatusCode,
  isKnownStatusCode,
  isRequestErrorCode,
  knownStatusCodes,
  type PaymentOutcome,
  type StatusCodeInfo,
  type StatusCodeKind,
  statusCodeInfo,
  SUCCESS_CODE,
} from "./status-codes";
export {
  hmacSha512Hex,
  refundRequestSignature,
  type RefundSignatureFields,
  returnSignature,
  type ReturnSignatureFields,
  returnSignatureText,
  statusRequestSignature,
  type StatusSignatureFields,
  statusV2RequestSignature,
  type StatusV2SignatureFields,
  timingSafeHexEqual,
  verifyReturnSignature,
} from "./signature";
export {
  type AtomPayConfig,
  type AtomPayCredentials,
  type AtomPayEnv,
  type AtomPayUrls,
  checkoutEnvironment,
  GATEWAY_PRESETS,
  type GatewayPreset,
  presetUrls,
  type StatusApiVersion,
  sandboxUrls,
  UAT_TEST_MERCHANT,
  usesUatCredentials,
  validateConfig,
} from "./config";
export { redactMessage } from "./redact";
export { type AuthInput, type AuthRequest, type AuthResponse, buildAuthRequest, CUST_ACC_NO_PLACEHOLDER, parseAuthResponse } from "./messages/auth";
export {
  type BindingMismatch,
  checkReturnBinding,
  type ExpectedAttempt,
  type OpenedReturnMessage,
  openReturnMessage,
  parseReturnMessage,
  type ReturnMessage,
  returnSentinel,
  type ReturnSentinel,
  returnSignatureFields,
} from "./messages/return-message";
export {
  buildStatusRequest,
  buildStatusV2Request,
  parseStatusResponse,
  type StatusInput,
  type StatusOutcome,
  type StatusRequest,
  type StatusResponse,
  type StatusUnknownReason,
  type StatusV2Request,
} from "./messages/status";
export {
  buildRefundStatusRequest,
  parseRefundStatusResponse,
  type RefundStatusEntry,
  type RefundStatusInput,
  type RefundStatusRequest,
  type RefundStatusResponse,
} from "./messages/refund-status";
export {
  decideRefund,
  decideRefundStatus,
  type OurRefund,
  type RefundDecision,
  type RefundStatusDecision,
  type RefundVerdict,
} from "./refund-verdict";
export {
  buildRefundRequest,
  parseRefundResponse,
  type RefundInput,
  type RefundLine,
  type RefundRequest,
  type RefundResponse,
} from "./messages/refund";
export type { Udf } from "./messages/common";
export {
  type AtomPayCallResult,
  type AtomPayClient,
  type AtomPayClientOptions,
  type AuthResult,
  createAtomPayClient,
  type FlatGatewayError,
  type RefundResult,
  type RefundStatusResult,
  type StatusResult,
} from "./client";
