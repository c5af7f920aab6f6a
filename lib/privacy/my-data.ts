// "Download my data" (India's DPDP Act, 2023: the right to a summary of one's personal data): everything we hold
// about the person, as JSON. Their account, registrations (solo and every team they are or were in), teams,
// invitations to them, payments they made with items and refunds, check-ins and certificates, signed-in apps, basket, the mail we
// sent them and the audit entries about them or their payments and registrations. Never a secret: no password
// hash, token hashes, reset links, session version or mail contents. Other people appear only as what the person
// already sees (a team's name, a captain's name on an invitation).
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  answers,
  apiTokens,
  auditLog,
  basketItems,
  certificates,
  checkIns,
  events,
  invitations,
  outbox,
  paymentItems,
  payments,
  refunds,
  registrations,
  teamMembers,
  teams,
  users,
  volunteers,
} from "@/db/schema";
import { unauthorized } from "@/lib/errors";
import { holdsRegistration } from "@/lib/registrations/holders";

const event = { slug: events.slug, name: events.name, startsAt: events.startsAt, venue: events.venue };

export async function myData(db: Db, userId: string, now = new Date()) {
  const [account] = await db
    .select({
      anweshaId: users.anweshaId,
      name: users.name,
      email: users.email,
      phone: users.phone,
      college: users.college,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(and(eq(users.id, userId), sql`${users.deletedAt} is null`));
  if (!account) throw unauthorized();

  const regs = await db
    .select({
      id: registrations.id,
      event,
      team: { id: teams.id, name: teams.name },
      status: registrations.status,
      feePaise: registrations.feePaise,
      paidAt: registrations.paidAt,
      endedAt: registrations.endedAt,
      createdAt: registrations.createdAt,
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(or(holdsRegistration(userId), eq(teams.captainId, userId)))
    .orderBy(desc(registrations.createdAt));
  const registrationIds = regs.map((r) => r.id);
  // Answers to events' questions (issue 26): the registration's own and this person's per-member ones.
  const given = registrationIds.length
    ? await db
        .select({
          registrationId: answers.registrationId,
          key: answers.questionKey,
          label: answers.label,
          value: answers.value,
          updatedAt: answers.updatedAt,
        })
        .from(answers)
        .where(and(inArray(answers.registrationId, registrationIds), or(isNull(answers.userId), eq(answers.userId, userId))))
    : [];

  const myTeams = await db
    .select({
      id: teams.id,
      name: teams.name,
      event,
      captain: sql<boolean>`${teams.captainId} = ${userId}`,
      joinedAt: teamMembers.createdAt,
      disbandedAt: teams.disbandedAt,
      createdAt: teams.createdAt,
    })
    .from(teams)
    .innerJoin(events, eq(events.id, teams.eventId))
    .leftJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, userId)))
    .where(or(eq(teams.captainId, userId), sql`${teamMembers.userId} is not null`));

  const invited = await db
    .select({
      team: teams.name,
      event: events.name,
      captain: users.name,
      status: invitations.status,
      typed: invitations.typed,
      createdAt: invitations.createdAt,
      respondedAt: invitations.respondedAt,
    })
    .from(invitations)
    .innerJoin(teams, eq(teams.id, invitations.teamId))
    .innerJoin(events, eq(events.id, invitations.eventId))
    .innerJoin(users, eq(users.id, invitations.invitedBy))
    .where(or(eq(invitations.inviteeId, userId), sql`lower(${invitations.inviteeEmail}) = ${account.email.toLowerCase()}`));

  const paid = await db
    .select({
      id: payments.id,
      merchTxnId: payments.merchTxnId,
      status: payments.status,
      anweshaId: payments.anweshaId,
      name: payments.name,
      email: payments.email,
      phone: payments.phone,
      expectedPaise: payments.expectedPaise,
      totalPaise: payments.totalPaise,
      surchargePaise: payments.surchargePaise,
      refundedPaise: payments.refundedPaise,
      currency: payments.currency,
      atomTxnId: payments.atomTxnId,
      bankTxnId: payments.bankTxnId,
      subChannel: payments.subChannel,
      gatewayMessage: payments.gatewayMessage,
      createdAt: payments.createdAt,
      settledAt: payments.settledAt,
      reversedAt: payments.reversedAt,
    })
    .from(payments)
    .where(eq(payments.userId, userId))
    .orderBy(desc(payments.createdAt));
  const paymentIds = paid.map((p) => p.id);
  const items = paymentIds.length
    ? await db
        .select({
          paymentId: paymentItems.paymentId,
          registrationId: paymentItems.registrationId,
          event: events.name,
          amountPaise: paymentItems.amountPaise,
          status: paymentItems.status,
          refundedPaise: paymentItems.refundedPaise,
        })
        .from(paymentItems)
        .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
        .innerJoin(events, eq(events.id, registrations.eventId))
        .where(inArray(paymentItems.paymentId, paymentIds))
    : [];
  const refunded = paymentIds.length
    ? await db
        .select({
          paymentId: refunds.paymentId,
          refundRef: refunds.refundRef,
          amountPaise: refunds.amountPaise,
          reason: refunds.reason,
          status: refunds.status,
          createdAt: refunds.createdAt,
        })
        .from(refunds)
        .where(inArray(refunds.paymentId, paymentIds))
    : [];

  const about = [eq(auditLog.actorId, userId)];
  if (paymentIds.length) about.push(inArray(auditLog.paymentId, paymentIds));
  if (registrationIds.length) about.push(inArray(auditLog.registrationId, registrationIds));
  const audit = await db
    .select({
      action: auditLog.action,
      byYou: sql<boolean>`${auditLog.actorId} is not distinct from ${userId}`,
      byTheSystem: sql<boolean>`${auditLog.actorId} is null`,
      paymentId: auditLog.paymentId,
      registrationId: auditLog.registrationId,
      details: auditLog.details,
      at: auditLog.createdAt,
    })
    .from(auditLog)
    .where(or(...about))
    .orderBy(desc(auditLog.createdAt))
    .limit(5000);

  const [checkedIn, certified, apps, basket, grants, mail] = await Promise.all([
    db
      .select({ event: events.name, checkedInAt: checkIns.checkedInAt, source: checkIns.source })
      .from(checkIns)
      .innerJoin(events, eq(events.id, checkIns.eventId))
      .where(eq(checkIns.userId, userId)),
    db
      .select({ event: events.name, code: certificates.code, issuedAt: certificates.issuedAt, mailedAt: certificates.mailedAt })
      .from(certificates)
      .innerJoin(events, eq(events.id, certificates.eventId))
      .where(eq(certificates.userId, userId)),
    db
      .select({ createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId)),
    db
      .select({ event: events.name, teamId: basketItems.teamId, addedAt: basketItems.createdAt })
      .from(basketItems)
      .innerJoin(events, eq(events.id, basketItems.eventId))
      .where(eq(basketItems.userId, userId)),
    db
      .select({ event: events.name, since: volunteers.createdAt })
      .from(volunteers)
      .innerJoin(events, eq(events.id, volunteers.eventId))
      .where(eq(volunteers.userId, userId)),
    db
      .select({ template: outbox.template, status: outbox.status, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
      .from(outbox)
      .where(eq(outbox.recipient, account.email.toLowerCase()))
      .orderBy(desc(outbox.createdAt)),
  ]);

  const paymentRef = new Map(paid.map((p) => [p.id, p.merchTxnId]));
  return {
    about: "Everything Anwesha Payments holds about you. Amounts are in paise (100 paise = ₹1); times are UTC (ISO 8601).",
    exportedAt: now.toISOString(),
    account,
    registrations: regs.map((r) => ({
      ...r,
      team: r.team?.id ? r.team : null,
      answers: given.filter((a) => a.registrationId === r.id).map(({ registrationId: _r, ...a }) => a),
    })),
    teams: myTeams,
    invitationsToYou: invited,
    payments: paid.map(({ id, ...p }) => ({
      ...p,
      items: items.filter((i) => i.paymentId === id).map(({ paymentId: _p, ...i }) => i),
      refunds: refunded.filter((r) => r.paymentId === id).map(({ paymentId: _p, ...r }) => r),
    })),
    checkIns: checkedIn,
    certificates: certified,
    signedInApps: apps,
    basket,
    volunteerFor: grants,
    mailSentToYou: mail,
    auditEntries: audit.map(({ paymentId, ...a }) => ({ ...a, merchTxnId: paymentId ? (paymentRef.get(paymentId) ?? null) : null })),
  };
}
