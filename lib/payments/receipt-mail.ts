// Whether a mail follows when a payment settles. The payment page promises "we will email you" only when this
// says so, so its words stay true: settling queues the receipt (lib/payments/mail.ts), and it is delivered when
// mail goes anywhere at all (SMTP, or the development mailbox at /dev/mail).
import { env } from "@/lib/env";

export function receiptsAreMailed(): boolean {
  const { mail } = env();
  return mail.smtpUrl !== null || mail.devMailbox;
}
