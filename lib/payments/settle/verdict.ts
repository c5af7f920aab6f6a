// What a settle is told (a verdict) and what it answers: shared by every move in this folder.
import type { Payment, PaymentStatus } from "@/db/schema";

/** A result the gateway gave us, already decrypted, verified (or trusted: status API over TLS) and bound. */
export interface GatewayVerdict {
  kind: "gateway";
  source: "return" | "callback" | "status";
  statusCode: string;
  message?: string;
  atomTxnId?: string;
  bankTxnId?: string;
  amountPaise?: number;
  surchargePaise?: number;
  totalPaise?: number;
  subChannel?: string;
  /** Fields that did not match the stored attempt (amount, total, merchId, currency). */
  mismatches?: string[];
}

/** A decision we make ourselves: AUTH failed, or the attempt was never completed and has expired. */
export interface LocalVerdict {
  kind: "local";
  /** Our own decision by default; "attendee": the payer left the gateway's window (cancel or session timeout). */
  by?: "local" | "attendee";
  status: "failed" | "expired" | "cancelled";
  reason: string;
  statusCode?: string;
}

export type Verdict = GatewayVerdict | LocalVerdict;

export interface SettleResult {
  payment: Payment;
  changed: boolean;
  from: PaymentStatus;
  to: PaymentStatus;
  /** Set when the verdict was ignored because it did not bind to the attempt. */
  ignored?: string;
  /** The verdict was a success with another atomTxnId than the one recorded: kept as a possible double charge. */
  possibleDoubleCharge?: boolean;
  /** The inbound message's log entry was annotated by the settle itself (the return path's one statement). */
  noted?: boolean;
}

/** The gateway log entry of the message that brought the verdict, for the return path to annotate in passing. */
export interface Inbound {
  logId: number;
  /** The message's redacted plain JSON. */
  plain: unknown;
}
