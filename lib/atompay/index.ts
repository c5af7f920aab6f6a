/**
 * AtomPay (NTT DATA Payment Services India) protocol library: the merchant's side. Plain TypeScript:
 * node:crypto + zod only. The gateway's side (for sandboxes and tests) is the separate `./gateway` entry.
 * See README.md in this folder.
 */

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
export {
  type AtomPayConfig,
  type AtomPayCredentials,
  type AtomPayEnv,
  type AtomPayUrls,
  checkoutEnvironment,
  GATEWAY_PRESETS,
  type GatewayPreset,
  presetUrls,
  type RefundFormStyle,
  type StatusApiVersion,
  sandboxRoot,
  sandboxUrls,
  UAT_TEST_MERCHANT,
  usesUatCredentials,
  validateConfig,
} from "./config";
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
export { gatewayEchoDate, merchTxnDate, merchTxnDay, parseGatewayDate } from "./dates";
export * from "./errors";
export { encodeForm, parseForm, readEncryptedForm } from "./form";
export {
  AUTH_LIMITS,
  type AuthInput,
  type AuthRequest,
  type AuthResponse,
  buildAuthRequest,
  CUST_ACC_NO_PLACEHOLDER,
  parseAuthResponse,
  SUB_CHANNELS,
  type SubChannel,
} from "./messages/auth";
export type { Udf } from "./messages/common";
export {
  buildRefundRequest,
  parseRefundResponse,
  type RefundInput,
  type RefundLine,
  type RefundRequest,
  type RefundResponse,
} from "./messages/refund";
export {
  buildRefundStatusRequest,
  parseRefundStatusResponse,
  type RefundRemark,
  type RefundStatusEntry,
  type RefundStatusInput,
  type RefundStatusRequest,
  type RefundStatusResponse,
  refundRemark,
} from "./messages/refund-status";
export {
  type BindingMismatch,
  checkReturnBinding,
  type ExpectedAttempt,
  type OpenedReturnMessage,
  openReturnMessage,
  parseReturnMessage,
  type ReturnMessage,
  type ReturnSentinel,
  returnSentinel,
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
export { formatAmount, MAX_PAISE, paiseToNumber, toPaise } from "./money";
export { redactMessage } from "./redact";
export {
  decideRefund,
  decideRefundStatus,
  type OurRefund,
  type RefundDecision,
  type RefundStatusDecision,
  type RefundStatusVerdict,
  type RefundVerdict,
} from "./refund-verdict";
export {
  hmacSha512Hex,
  type RefundSignatureFields,
  type ReturnSignatureFields,
  refundRequestSignature,
  returnSignature,
  returnSignatureText,
  type StatusSignatureFields,
  type StatusV2SignatureFields,
  statusRequestSignature,
  statusV2RequestSignature,
  timingSafeHexEqual,
  verifyReturnSignature,
} from "./signature";
export {
  classifyStatus,
  describeStatusCode,
  isKnownStatusCode,
  isRequestErrorCode,
  knownStatusCodes,
  type PaymentOutcome,
  type StatusCodeInfo,
  type StatusCodeKind,
  SUCCESS_CODE,
  statusCodeInfo,
} from "./status-codes";
