/**
 * AtomPay (NTT DATA Payment Services India) protocol library. Plain TypeScript: node:crypto + zod only.
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
  type PaymentOutcome,
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
export { buildStatusRequest, parseStatusResponse, type StatusInput, type StatusRequest, type StatusResponse } from "./messages/status";
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
  type RefundResult,
  type StatusResult,
} from "./client";
export {
  buildAuthAnswer,
  buildRefundAnswer,
  buildReturnMessage,
  buildStatusAnswer,
  decryptRequest,
  encodeReturnForm,
  encryptResponse,
  type RefundAnswerInput,
  type ReturnMessageInput,
  type StatusAnswerInput,
  verifyRefundRequestSignature,
  verifyStatusRequestSignature,
} from "./gateway";
