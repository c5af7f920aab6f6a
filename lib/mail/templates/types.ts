// The data each mail needs. Money is integer paise and times are ISO strings (UTC): the data is stored as
// JSON in the outbox and formatted (rupees, India time with the zone named) only when the mail is rendered.

export interface WelcomeData {
  name: string;
  anweshaId: string;
}

export interface ReceiptItem {
  /** "Robo Wars: team Iron Giants (4 members)" */
  label: string;
  amountPaise: number;
}

export interface ReceiptData {
  name: string;
  anweshaId: string;
  merchTxnId: string;
  /** AtomPay's transaction id. */
  atomTxnId: string;
  bankTxnId: string | null;
  subChannel: string | null;
  paidAt: string;
  items: ReceiptItem[];
  surchargePaise: number;
  totalPaise: number;
  /** The payment's page in the app. */
  paymentUrl: string;
}

export interface PaymentFailedData {
  name: string;
  merchTxnId: string;
  /** What was being paid for, e.g. "Code Sprint". */
  description: string;
  amountPaise: number;
  /** The gateway's words, when it gave any. */
  reason: string | null;
  failedAt: string;
  /** Where the attendee starts again (the event or the registration page). */
  retryUrl: string;
}

export interface RefundAcceptedData {
  name: string;
  merchTxnId: string;
  refundRef: string;
  /** What the refund is for, e.g. "Code Sprint". */
  description: string;
  amountPaise: number;
  acceptedAt: string;
  paymentUrl: string;
}

export interface PaymentReversedData {
  name: string;
  merchTxnId: string;
  atomTxnId: string | null;
  description: string;
  amountPaise: number;
  reversedAt: string;
  paymentUrl: string;
}

export interface TeamInvitationData {
  inviterName: string;
  teamName: string;
  eventName: string;
  /**
   * Where the link leads. For an email with no account yet, pass invitationLink(appUrl, path, false) (lib/mail):
   * sign-up first, then the invitation.
   */
  acceptUrl: string;
  hasAccount: boolean;
  expiresAt: string | null;
}

export interface PasswordResetData {
  name: string;
  /** Holds the one-use token: the outbox seals the data, so it is never stored in clear. */
  resetUrl: string;
  expiresAt: string;
}

export interface VerifyEmailData {
  name: string;
  /** Holds the signed confirmation token. */
  verifyUrl: string;
}

export interface SignInLinkData {
  name: string;
  /** Holds the one-use token: the outbox seals the data, so it is never stored in clear. */
  signInUrl: string;
  expiresAt: string;
}

export interface AccountExistsData {
  name: string;
}

export interface FlaggedPayment {
  merchTxnId: string;
  payerName: string;
  description: string;
  amountPaise: number;
  flagReason: string;
  flaggedAt: string;
  url: string;
}

export interface FlaggedDigestData {
  since: string;
  until: string;
  payments: FlaggedPayment[];
  consoleUrl: string;
}

/** Template name → its data: enqueueMail checks the pair at compile time. */
export interface MailTemplates {
  welcome: WelcomeData;
  receipt: ReceiptData;
  "payment-failed": PaymentFailedData;
  "refund-accepted": RefundAcceptedData;
  "payment-reversed": PaymentReversedData;
  "team-invitation": TeamInvitationData;
  "password-reset": PasswordResetData;
  "account-exists": AccountExistsData;
  "verify-email": VerifyEmailData;
  "sign-in-link": SignInLinkData;
  "flagged-digest": FlaggedDigestData;
}
export type TemplateName = keyof MailTemplates;
