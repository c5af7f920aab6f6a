// "Delete my account" (India's Digital Personal Data Protection Act, 2023: the right to erasure). The person is
// anonymised, not removed: payments are accounting records the law makes us keep (amounts, the gateway's ids,
// dates, and the Anwesha ID that ties them to the account), and audit entries and check-ins point at the account.
// Everything that says who the person is goes: name, email, phone, college (on the account and on their payments),
// the password, every session and app token, reset links, sign-in addresses, the basket, volunteer grants, open
// invitations, unpaid teams and registrations, undelivered mail. Refused while money is in flight (a payment not
// yet decided, under review, or a refund on its way) or while they captain a team that has paid or is paying: its
// members need the captain; an organiser can help.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  answers,
  apiTokens,
  basketItems,
  invitations,
  outbox,
  passwordResetTokens,
  payments,
  refunds,
  registrations,
  signInAddresses,
  users,
  volunteers,
  waitlistEntries,
} from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { conflict } from "@/lib/errors";
import { REFERENCE_PREFIX } from "@/lib/mail/outbox";
import { cancelSoloRegistrations } from "@/lib/payments/settle/cancel";
import { leaveTeamsForDeletion } from "@/lib/teams/roster";
import { confirmPassword } from "@/lib/users/account-changes";
import { revokeAllSessions } from "@/lib/users/session-version";

/** What an account's personal fields become. The address is unique per account and can never receive mail. */
export const DELETED = {
  name: "Deleted account",
  email: (userId: string) => `deleted-${userId}@deleted.invalid`,
};

/** Money that is not settled yet: the person must be reachable until it is. */
async function moneyInFlight(db: Pick<Db, "select">, userId: string): Promise<string | null> {
  const [open] = await db
    .select({ status: payments.status })
    .from(payments)
    .where(and(eq(payments.userId, userId), inArray(payments.status, ["pending", "flagged"])))
    .limit(1);
  if (open)
    return open.status === "pending"
      ? "You have a payment that is not decided yet. Wait until it ends (My payments shows it), then delete your account."
      : "One of your payments is under review by the organisers. Once they have decided, you can delete your account.";
  const [refund] = await db
    .select({ id: refunds.id })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(payments.userId, userId), eq(refunds.status, "requested")))
    .limit(1);
  return refund ? "A refund to you is still on its way. Once it has reached you, you can delete your account." : null;
}

export async function deleteAccount(db: Db, userId: string, currentPassword: string, now = new Date()): Promise<void> {
  const user = await confirmPassword(db, userId, currentPassword, now);
  await db.transaction(async (tx) => {
    // The account's row first: a payment start for it waits, or sees it deleted.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
    const inFlight = await moneyInFlight(tx, user.id);
    if (inFlight) throw conflict(inFlight);
    const { blocking } = await leaveTeamsForDeletion(tx, user.id, now);
    if (blocking.length)
      throw conflict(
        `You captain ${blocking.join(", ")}, which has paid or is paying, or a payment for your team is in progress. ` +
          "Its members need the team as it is: ask an organiser to help, then delete your account.",
      );
    await cancelSoloRegistrations(tx, user.id, now);
    const anonymous = DELETED.email(user.id);
    const oldEmail = user.email.toLowerCase();
    await tx
      .update(invitations)
      .set({ status: "declined", respondedAt: now, updatedAt: now })
      .where(
        and(
          eq(invitations.status, "pending"),
          or(eq(invitations.inviteeId, user.id), sql`lower(${invitations.inviteeEmail}) = ${oldEmail}`),
        ),
      );
    await tx.delete(basketItems).where(eq(basketItems.userId, user.id));
    // Their answers to events' questions say who they are (a roll number, a dietary need): their own per-member
    // ones, and those of the registrations they held alone. A team's once-per-registration answers are the team's.
    await tx
      .delete(answers)
      .where(
        or(
          eq(answers.userId, user.id),
          inArray(answers.registrationId, tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.userId, user.id))),
        ),
      );
    await tx.delete(volunteers).where(eq(volunteers.userId, user.id));
    // Their places in waiting lists end (an offer out goes on to the next in line at the minute's sweep).
    await tx
      .update(waitlistEntries)
      .set({ status: "left", endedAt: now, updatedAt: now })
      .where(and(eq(waitlistEntries.userId, user.id), inArray(waitlistEntries.status, ["waiting", "offered"])));
    await tx.delete(signInAddresses).where(eq(signInAddresses.userId, user.id));
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    await revokeAllSessions(tx, user.id);
    await tx.delete(apiTokens).where(eq(apiTokens.userId, user.id));
    // Mail to the old address: what was not sent is not sent; what it held (sealed data) goes. Receipts queued by
    // reference keep their key, so nothing is sent twice, and name nobody.
    await tx
      .update(outbox)
      .set({ status: "failed", lastError: "account deleted", leaseUntil: null })
      .where(and(eq(outbox.recipient, oldEmail), inArray(outbox.status, ["pending", "sending"])));
    await tx
      .update(outbox)
      .set({
        recipient: anonymous,
        payload: sql`case when ${outbox.payload} like ${`${REFERENCE_PREFIX}%`} then ${outbox.payload} else '' end`,
      })
      .where(eq(outbox.recipient, oldEmail));
    // What we sent the gateway named the payer (as each payment recorded them): the log keeps the transaction, not
    // the person. Values are matched as whole JSON strings, so no other field's digits are touched.
    await tx.execute(sql`update gateway_messages g
      set plain = replace(replace(g.plain::text, to_json(p.email)::text, to_json(${anonymous}::text)::text), to_json(p.phone)::text, '""')::jsonb
      from payments p where g.payment_id = p.id and p.user_id = ${user.id} and g.plain is not null`);
    // The payments stay (accounting): amounts, the gateway's ids, dates, the Anwesha ID. Not who paid.
    const theirs = await tx
      .update(payments)
      .set({ name: DELETED.name, email: anonymous, phone: "" })
      .where(eq(payments.userId, user.id))
      .returning({ id: payments.id });
    await tx
      .update(users)
      .set({
        name: DELETED.name,
        email: anonymous,
        phone: "",
        college: "",
        passwordHash: null,
        emailVerifiedAt: null,
        role: "attendee",
        deletedAt: now,
      })
      .where(eq(users.id, user.id));
    await writeAudit(tx, { actorId: user.id, action: "account.deleted", details: { paymentsKept: theirs.length }, createdAt: now });
  });
}
