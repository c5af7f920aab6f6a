// A walk-in registered at the desk (issue 27): the person found or given a minimal account, the event's price and a
// code chosen by the same rules as online (lib/events/prices.ts, lib/codes), seats and code uses counted under the
// same locks (lib/registrations/seats.ts, lib/codes/uses.ts), and the money the desk took recorded as a payment whose
// method is the desk (lib/payments/settle/desk.ts). The amount the desk says it took must be the fee the server
// works out: a mismatch is refused with the right amount. A fee of 0 takes no money: the registration is confirmed
// as a free checkout is. The pass is answered at once and mailed with the receipt.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { type Event, events, type Payment, payments, type Registration } from "@/db/schema";
import { answerSoloAtCheckout, assertAnswered, questionsFor } from "@/lib/answers/answers";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { type FoundCode, findCodes, pickPriceWithCode, UnknownCodeError } from "@/lib/codes/apply";
import { codeRefusal, normaliseCode } from "@/lib/codes/rule";
import { assertCodeUses } from "@/lib/codes/uses";
import { ApiError, conflict, notFound, uniqueViolation } from "@/lib/errors";
import { notOpenReason } from "@/lib/events/events";
import { chooserOf, pricesByEvent } from "@/lib/events/prices";
import { formatINR } from "@/lib/format";
import { passesOfRegistrations, type ShownPass, shownPasses } from "@/lib/passes/pass";
import { DeskRaced, payAtDesk } from "@/lib/payments/settle/desk";
import { confirmFreeRegistrations, FreeCheckoutRaced } from "@/lib/payments/settle/free";
import { questionsOf } from "@/lib/questions/definition";
import { assertAnswers } from "@/lib/questions/validate";
import { liveRegistration } from "@/lib/registrations/registrations";
import { assertPriceSeats, assertSeats, EventFullError, fullConflict, lockEvents } from "@/lib/registrations/seats";
import { requireDeskFor } from "./access";
import { assertCanMakeAccount, deskPersonSchema, findDeskPerson, makeDeskAccount } from "./person";

/** The most the desk records in one go (₹1 lakh): more is a typo. */
const MAX_DESK_PAISE = 10_000_000;

export const deskRegistrationSchema = z
  .object({
    eventSlug: z.string("eventSlug must be an event's slug.").trim().min(1, "Choose an event.").max(80),
    price: z.string('price must be a price\'s key, like "standard".').trim().min(1).max(40).optional(),
    code: z.string("code must be text, like RIYA10.").trim().min(1, "Type the code, or leave it out.").max(40).optional(),
    person: deskPersonSchema,
    method: z.enum(["cash", "upi"], 'method must be "cash" or "upi".'),
    utr: z
      .string("utr must be text.")
      .trim()
      .regex(/^\d{12}$/, "A UTR is the 12 digits of the UPI reference.")
      .optional(),
    amountPaise: z
      .number("amountPaise must be a number of paise.")
      .int("Amount must be whole paise.")
      .min(0, "The amount cannot be negative.")
      .max(MAX_DESK_PAISE, "That is more than any fee: check the amount."),
    /** Answers to the event's questions, {key: value}, as at checkout (lib/questions/validate.ts). */
    answers: z.unknown().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.method === "upi" && !v.utr) ctx.addIssue({ code: "custom", path: ["utr"], message: "A UPI payment needs its 12-digit UTR." });
    if (v.method === "cash" && v.utr)
      ctx.addIssue({ code: "custom", path: ["utr"], message: "Cash has no UTR: choose UPI, or leave it out." });
  });
export type DeskRegistrationInput = z.input<typeof deskRegistrationSchema>;

export interface DeskRegistration {
  registration: {
    id: string;
    status: Registration["status"];
    feePaise: number;
    priceKey: string;
    priceLabel: string;
    discountPaise: number;
  };
  person: { id: string; anweshaId: string; name: string; email: string; created: boolean };
  event: { slug: string; name: string };
  /** null for a free registration: no money moved. */
  payment: Pick<Payment, "merchTxnId" | "method" | "deskKind" | "utr" | "totalPaise"> | null;
  pass: ShownPass;
}

const amountProblem = (fee: number, given: number, what: string) => {
  const message = `${what} costs ${formatINR(fee)}, not ${formatINR(given)}: take ${formatINR(fee)}.`;
  return new ApiError(409, "conflict", message, { amountPaise: [message], feePaise: [String(fee)] });
};

/** POST /api/desk/registrations. */
export async function registerAtDesk(
  db: Db,
  desk: CurrentUser,
  raw: z.infer<typeof deskRegistrationSchema>,
  now = new Date(),
): Promise<DeskRegistration> {
  const [event] = await db.select().from(events).where(eq(events.slug, raw.eventSlug.toLowerCase())).limit(1);
  if (!event) throw notFound("No such event.");
  await requireDeskFor(db, desk, event);
  if (event.kind !== "solo") throw conflict(`${event.name} is a team event: its captain registers the team online.`);
  const notOpen = notOpenReason(event, now);
  if (notOpen) throw conflict(notOpen);

  // Nothing is written until the price, the code and the amount are settled.
  const found = await findDeskPerson(db, raw.person);
  if (!found) {
    assertCanMakeAccount(raw.person);
    // A new person's answers are checked before their account is made: a refusal leaves no account behind.
    if (questionsOf(event.questions).length) assertAnswers(questionsFor(event, "entrant"), raw.answers, {}, `for ${event.name}`);
  }
  const code = await codeOf(db, raw.code, event, now);
  const prices = (await pricesByEvent(db, [event])).get(event.id)!;
  const chooser = chooserOf(found ?? { email: raw.person.email!, emailVerifiedAt: null });
  const picked = pickPriceWithCode(prices, raw.price, chooser, now, code);
  if ("refusal" in picked)
    throw new ApiError(picked.status, picked.status === 422 ? "validation_failed" : "conflict", `${event.name}: ${picked.refusal}`);
  const { price, discountPaise } = picked;
  const fee = price.feePaise - discountPaise;
  if (raw.amountPaise !== fee) throw amountProblem(fee, raw.amountPaise, `${event.name} (${price.label}${code ? `, ${code.code}` : ""})`);
  if (fee === 0 && raw.utr) throw new ApiError(422, "validation_failed", "This registration is free: no UTR.", { utr: ["Free: no UTR."] });
  if (raw.utr) await assertUtrNotOnline(db, raw.utr);

  let existing = found ? ((await liveRegistration(db, event.id, { userId: found.id })) ?? null) : null;
  if (existing?.status === "paid") throw conflict(`${found!.name} is already registered for ${event.name}.`);
  const person = found ?? (await makeDeskAccount(db, raw.person));
  // Answers as at checkout: kept on the registration (made now, awaiting payment, when the event asks any).
  existing = await answerSoloAtCheckout(db, event, existing, person.id, raw.answers, now, price);
  if (existing) await assertAnswered(db, event, existing, person.id);

  const line = { event, price, code: code ? { id: code.id } : null, discountPaise, registration: existing ? { id: existing.id } : null };
  let registration: Registration;
  let payment: Payment | null = null;
  try {
    ({ registration, payment } = await db.transaction(async (tx) => {
      await countSeats(tx, event, price, code, existing?.id, person.id, now);
      const made =
        fee === 0
          ? { registration: (await confirmFreeRegistrations(tx, person.id, [{ ...line, teamId: null }], now))[0]!, payment: null }
          : await payAtDesk(tx, person, { ...line, kind: raw.method, utr: raw.utr ?? null, recordedBy: desk.id }, now);
      // Who let whom in, for what and how it was paid: a free entry (a 100% code) has no payment to say so.
      await writeAudit(tx, {
        actorId: desk.id,
        action: "desk.registered",
        eventId: event.id,
        registrationId: made.registration.id,
        details: {
          person: person.anweshaId,
          accountMade: !found,
          price: price.key,
          code: code?.code ?? null,
          amountPaise: fee,
          method: fee === 0 ? null : raw.method,
          utr: raw.utr ?? null,
          merchTxnId: made.payment?.merchTxnId ?? null,
        },
        createdAt: now,
      });
      return { registration: made.registration, payment: made.payment };
    }));
  } catch (error) {
    if (error instanceof EventFullError) throw fullConflict(error);
    if (error instanceof DeskRaced || error instanceof FreeCheckoutRaced)
      throw conflict(`${person.name}'s registration for ${event.name} changed a moment ago (paid or being paid online): look again.`);
    const constraint = uniqueViolation(error);
    if (constraint === "payments_utr_uq") {
      const message = `The UTR ${raw.utr} is already recorded for another payment: check the reference on the person's phone.`;
      throw new ApiError(409, "conflict", message, { utr: [message] });
    }
    if (constraint === "registrations_solo_live_uq") throw conflict(`${person.name} was registered for ${event.name} a moment ago.`);
    throw error;
  }
  const [pass] = await shownPasses(await passesOfRegistrations(db, [registration.id], { id: person.id, role: "attendee" }));
  return {
    registration: {
      id: registration.id,
      status: registration.status,
      feePaise: registration.feePaise,
      priceKey: registration.priceKey,
      priceLabel: registration.priceLabel,
      discountPaise: registration.discountPaise,
    },
    person: { id: person.id, anweshaId: person.anweshaId, name: person.name, email: person.email, created: !found },
    event: { slug: event.slug, name: event.name },
    payment: payment && {
      merchTxnId: payment.merchTxnId,
      method: payment.method,
      deskKind: payment.deskKind,
      utr: payment.utr,
      totalPaise: payment.totalPaise,
    },
    pass: pass!,
  };
}

async function codeOf(db: Db, typed: string | undefined, event: Event, now: Date): Promise<FoundCode | null> {
  if (!typed) return null;
  const code = (await findCodes(db, [typed])).get(normaliseCode(typed));
  if (!code) throw new UnknownCodeError(typed);
  const refused = codeRefusal(code, event, now);
  if (refused) throw new ApiError(409, "conflict", `${event.name}: ${refused}`, { code: [refused] });
  return code;
}

/** The start's locks and counts (lib/payments/start.ts lockAndCountSeats) for one solo line: the event, its price, the code. */
async function countSeats(
  tx: Tx,
  event: Event,
  price: Parameters<typeof assertPriceSeats>[1][number]["price"],
  code: FoundCode | null,
  registrationId: string | undefined,
  personId: string,
  now: Date,
) {
  const locked = await lockEvents(tx, [event.id]);
  // The walk-in is the holder, as the payer is online: a seat offered to them from the waiting list is theirs at the
  // desk too, and nobody jumps the line.
  const holder = { userId: personId, teamId: null };
  await assertSeats(tx, locked, [{ eventId: event.id, registrationId, holder }], now);
  await assertPriceSeats(tx, [{ eventId: event.id, eventName: event.name, price, registrationId, holder }], now);
  if (code?.maxUses != null) await assertCodeUses(tx, [{ codeId: code.id, registrationId }], now);
}

/**
 * A UPI reference already recorded as an online payment's bank reference (AtomPay gives a UPI payment's as its bank
 * transaction id) is that payment's: a success screen shown at the desk again must not pay for a second event.
 * The desk's own UTRs are unique by the database's index (payments_utr_uq).
 */
async function assertUtrNotOnline(db: Db, utr: string): Promise<void> {
  const [online] = await db.select({ merchTxnId: payments.merchTxnId }).from(payments).where(eq(payments.bankTxnId, utr)).limit(1);
  if (!online) return;
  const message = `The UTR ${utr} is the reference of an online payment already recorded (${online.merchTxnId}): ask for the reference of this payment.`;
  throw new ApiError(409, "conflict", message, { utr: [message] });
}
