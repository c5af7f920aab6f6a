// Renders a template to subject, HTML and plain text (React Email: the text is derived from the same tree).
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { formatINR, formatISTShort } from "@/lib/format";
import {
  AccountExistsMail,
  ChangeEmailMail,
  EmailChangedMail,
  PasswordResetMail,
  SignInLinkMail,
  VerifyEmailMail,
  WelcomeMail,
} from "./accounts";
import { AnnouncementMail } from "./announcements";
import { CertificateReadyMail } from "./certificates";
import { FlaggedDigestMail } from "./organisers";
import { type MailAttachment, passAttachments } from "./passes";
import { PaymentFailedMail, PaymentReversedMail, ReceiptMail, RefundAcceptedMail } from "./payments";
import {
  SubstitutedOutMail,
  SubstitutionInvitationMail,
  TeamInvitationMail,
  TeamMemberJoinedMail,
  TeamMemberLeftMail,
  TeamPaidMail,
} from "./teams";
import type { MailTemplates, TemplateName } from "./types";
import { WaitlistOfferMail } from "./waitlist";

export type { MailAttachment } from "./passes";
export type * from "./types";

type Builder<T> = (data: T, appUrl: string) => { subject: string; element: ReactElement };

const builders: { [K in TemplateName]: Builder<MailTemplates[K]> } = {
  welcome: (d, appUrl) => ({ subject: `Welcome to Anwesha: your ID is ${d.anweshaId}`, element: <WelcomeMail data={d} appUrl={appUrl} /> }),
  receipt: (d) => ({ subject: `Receipt for ${formatINR(d.totalPaise)} · ${d.merchTxnId}`, element: <ReceiptMail data={d} /> }),
  "payment-failed": (d) => ({ subject: `Payment for ${d.description} did not go through`, element: <PaymentFailedMail data={d} /> }),
  "refund-accepted": (d) => ({
    subject: `Refund of ${formatINR(d.amountPaise)} accepted · ${d.merchTxnId}`,
    element: <RefundAcceptedMail data={d} />,
  }),
  "payment-reversed": (d) => ({
    subject: `Your bank reversed the payment for ${d.description}`,
    element: <PaymentReversedMail data={d} />,
  }),
  // The event's name is an organiser's; the team's and the captain's are anyone's, so they stay out of the subject.
  "team-invitation": (d) => ({
    subject: `Team invitation: ${d.eventName} at Anwesha`,
    element: <TeamInvitationMail data={d} />,
  }),
  // Names typed by people (team, captain, member) stay in the body, as for invitations.
  "team-paid": (d) => ({ subject: `Your team for ${d.eventName} is confirmed`, element: <TeamPaidMail data={d} /> }),
  "team-member-joined": (d) => ({
    subject: `A new member joined your team for ${d.eventName}`,
    element: <TeamMemberJoinedMail data={d} />,
  }),
  "team-member-left": (d) => ({ subject: `A member left your team for ${d.eventName}`, element: <TeamMemberLeftMail data={d} /> }),
  "substitution-invitation": (d) => ({
    subject: `A place in a team for ${d.eventName} at Anwesha`,
    element: <SubstitutionInvitationMail data={d} />,
  }),
  "substituted-out": (d) => ({ subject: `You were substituted in your team for ${d.eventName}`, element: <SubstitutedOutMail data={d} /> }),
  "change-email": (d) => ({ subject: "Confirm your new email address for Anwesha", element: <ChangeEmailMail data={d} /> }),
  "email-changed": (d) => ({ subject: "Your Anwesha account's email address was changed", element: <EmailChangedMail data={d} /> }),
  "password-reset": (d) => ({ subject: "Reset your Anwesha password", element: <PasswordResetMail data={d} /> }),
  "sign-in-link": (d) => ({ subject: "Your Anwesha sign-in link", element: <SignInLinkMail data={d} /> }),
  "verify-email": (d) => ({ subject: "Confirm your email address for Anwesha", element: <VerifyEmailMail data={d} /> }),
  "account-exists": (d, appUrl) => ({
    subject: "You already have an Anwesha account",
    element: <AccountExistsMail data={d} appUrl={appUrl} />,
  }),
  "flagged-digest": (d) => ({
    subject: `${d.payments.length} flagged payment${d.payments.length === 1 ? "" : "s"} to review`,
    element: <FlaggedDigestMail data={d} />,
  }),
  "waitlist-offer": (d) => ({
    subject: `A seat at ${d.eventName} is yours until ${formatISTShort(d.expiresAt)}`,
    element: <WaitlistOfferMail data={d} />,
  }),
  // The author's subject after the event's name, so the inbox says whose message it is.
  announcement: (d) => ({ subject: `${d.eventName}: ${d.subject}`, element: <AnnouncementMail data={d} /> }),
  "certificate-ready": (d) => ({ subject: `Your certificate for ${d.eventName} at Anwesha`, element: <CertificateReadyMail data={d} /> }),
};

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

/** Files a mail carries: the passes' QR codes (shown inline) and their events' calendar file. */
const attachmentsOf: { [K in TemplateName]?: (data: MailTemplates[K], appUrl: string) => Promise<MailAttachment[]> } = {
  receipt: (d, appUrl) => passAttachments(d.passes, appUrl),
  "team-paid": (d, appUrl) => passAttachments([d.pass], appUrl),
};

export const TEMPLATE_NAMES = Object.keys(builders) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(builders, name);
}

export async function renderMail<K extends TemplateName>(template: K, data: MailTemplates[K], appUrl: string): Promise<RenderedMail> {
  const { subject, element } = (builders[template] as Builder<MailTemplates[K]>)(data, appUrl);
  const attach = attachmentsOf[template] as ((data: MailTemplates[K], appUrl: string) => Promise<MailAttachment[]>) | undefined;
  // The text from the HTML rendered once: rendering the tree a second time for it cost as much again.
  const [html, attachments] = await Promise.all([render(element), attach ? attach(data, appUrl) : undefined]);
  const text = toPlainText(html);
  return { subject, html, text, ...(attachments?.length ? { attachments } : {}) };
}
