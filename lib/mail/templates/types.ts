// The data each mail needs. Money is integer paise and times are ISO strings (UTC): the data is stored as
// JSON in the outbox and formatted (rupees, India time with the zone named) only when the mail is rendered.

import type { DeskTaking } from "@/lib/sub-channel-words";
export interface WelcomeData {
  name: string;
  anweshaId: string;
}

export interface ReceiptItem {
  /** "Robo Wars: team Iron Giants (4 members)" */
  label: string;
  amountPaise: number;
  /** When the event starts (null: not announced yet) and where. */
  startsAt: string | null;
  venue: string;
}

/** An entry pass in a mail: its QR code is attached (clients block SVG and data: images) and shown inline. */
export interface MailPass {
  registrationId: string;
  eventName: string;
  /** lib/passes/holder.ts holderLine: "Riya Sen (ANW-7K3Q9P)", "…, team Iron Giants" for a member's own pass. */
  holder: string;
  startsAt: string | null;
  venue: string;
  /** The signed pass (lib/passes/token.ts): what the QR code holds. */
  token: string;
  /** The receipt page that shows the pass. */
  passUrl: string;
}

export interface ReceiptData {
  name: string;
  anweshaId: string;
  merchTxnId: string;
  /** AtomPay's transaction id. */
  atomTxnId: string;
  bankTxnId: string | null;
  subChannel: string | null;
  /** Taken at the desk: no AtomPay transaction, and "Paid with" says cash or UPI with its UTR. */
  desk?: DeskTaking | null;
  paidAt: string;
  items: ReceiptItem[];
  surchargePaise: number;
  totalPaise: number;
  /** The payment's page in the app. */
  paymentUrl: string;
  /** The passes of the items the recipient may see, each with a QR code and an .ics entry. */
  passes: MailPass[];
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
  /** Paid at the desk, so paid back there: no bank is involved. */
  atDesk?: boolean;
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

/** To each member (not the captain) when their team's registration is paid. */
export interface TeamPaidData {
  name: string;
  teamName: string;
  eventName: string;
  captainName: string;
  pass: MailPass;
}

/** To the person an organiser proposes as a paid team's new member (lib/teams/substitutions.ts). */
export interface SubstitutionInvitationData {
  name: string;
  outName: string;
  teamName: string;
  eventName: string;
  /** The page where they accept (answering the event's per-member questions) or decline. */
  acceptUrl: string;
}

/** To the member who was substituted: their place, and their pass, went to someone else. */
export interface SubstitutedOutData {
  name: string;
  inName: string;
  teamName: string;
  eventName: string;
}

/** To the captain when someone accepts their invitation or leaves their team. */
export interface TeamChangeData {
  captainName: string;
  memberName: string;
  teamName: string;
  eventName: string;
  /** Members now, the captain included, and what the event needs. */
  members: number;
  minTeamSize: number;
  maxTeamSize: number;
  teamUrl: string;
}

/** To the old address once the account's email is changed. */
export interface EmailChangedData {
  name: string;
  newEmail: string;
  changedAt: string;
  /** Where to act if it was not them. */
  resetUrl: string;
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

/** The link that moves a signed-in person's account to this new address once opened here. */
export interface ChangeEmailData {
  name: string;
  /** Holds the signed token naming the account, the old address and this one. */
  confirmUrl: string;
  expiresAt: string;
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
  "team-paid": TeamPaidData;
  "team-member-joined": TeamChangeData;
  "team-member-left": TeamChangeData;
  "substitution-invitation": SubstitutionInvitationData;
  "substituted-out": SubstitutedOutData;
  "email-changed": EmailChangedData;
  "change-email": ChangeEmailData;
  "password-reset": PasswordResetData;
  "account-exists": AccountExistsData;
  "verify-email": VerifyEmailData;
  "sign-in-link": SignInLinkData;
  "flagged-digest": FlaggedDigestData;
  "waitlist-offer": WaitlistOfferData;
  announcement: AnnouncementData;
  "certificate-ready": CertificateReadyData;
}
export type TemplateName = keyof MailTemplates;

/** A seat held for the first in line (lib/waitlist/offers.ts) until `expiresAt`. */
export interface WaitlistOfferData {
  name: string;
  eventName: string;
  /** The team's name when a captain joined for it (typed by a person: body only). */
  teamName: string | null;
  expiresAt: string;
  /** The event page, where Pay takes the held seat. */
  eventUrl: string;
}

/** An event's announcement to one person (lib/announcements): read from the database when it is sent (a reference). */
export interface AnnouncementData {
  name: string;
  eventName: string;
  /** The author's words: plain text, shown as text (addresses become links), never as HTML. */
  subject: string;
  body: string;
  /** They got it from the waiting list, not as an entrant. */
  waitlisted: boolean;
  eventUrl: string;
}

/** A checked-in person's certificate (lib/certificates/mail.ts). */
export interface CertificateReadyData {
  name: string;
  eventName: string;
  /** The place when it was mailed ("Winner", "Best design"), or null for participation. */
  place: string | null;
  /** As printed: XXXX-XXXX-XXXX. */
  code: string;
  /** The public verification page. */
  verifyUrl: string;
  /** The person's registrations page, where the PDF is (it needs them signed in). */
  downloadUrl: string;
}
