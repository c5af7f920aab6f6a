// The database schema. camelCase in TypeScript, snake_case in SQL. Money is integer paise, times are UTC
// (timestamptz). Invariants that matter for money are enforced by the database itself (unique and partial
// unique indexes, check constraints), so no code path can break them by mistake.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { DEFAULT_CATEGORY, EVENT_CATEGORIES, type EventCategory } from "./event-categories";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const userRole = pgEnum("user_role", ["attendee", "organiser"]);
/**
 * awaiting_payment → paid → refunded (its item fully refunded), or → cancelled (withdrawn before paying, or by an
 * organiser). Only `awaiting_payment` and `paid` are live: a person or team has at most one live registration per
 * event, and may register again once the old one is refunded or cancelled.
 */
export const registrationStatus = pgEnum("registration_status", ["awaiting_payment", "paid", "refunded", "cancelled"]);
/** pending → accepted | declined | withdrawn (by the captain, or because the team was disbanded). */
export const invitationStatus = pgEnum("invitation_status", ["pending", "accepted", "declined", "withdrawn"]);
export const eventKind = pgEnum("event_kind", ["solo", "team"]);
/**
 * pending → success | failed | cancelled | flagged | expired. A payment only moves forward (see
 * lib/payments/transitions.ts); `flagged` means money may have moved but something did not match, and an
 * organiser must look. The one backward move: success → reversed, when the status API says the bank reversed it.
 */
export const paymentStatus = pgEnum("payment_status", ["pending", "success", "failed", "cancelled", "flagged", "expired", "reversed"]);
/** How a payment's money came: the AtomPay gateway, or in person at the festival's desk (issue 27). */
export const paymentMethod = pgEnum("payment_method", ["gateway", "desk"]);
/** What a desk payment was taken in: cash, or UPI with its UTR reference. */
export const deskKind = pgEnum("desk_kind", ["cash", "upi"]);
export const messageDirection = pgEnum("message_direction", ["outbound", "inbound"]);
export const messageKind = pgEnum("message_kind", ["auth", "return", "callback", "status", "refund", "refund_status"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    anweshaId: text("anwesha_id").notNull().unique(),
    name: text("name").notNull(),
    /** Stored lower-cased; the unique index on lower(email) makes the rule hold even for raw SQL writes. */
    email: text("email").notNull(),
    phone: text("phone").notNull(),
    college: text("college").notNull(),
    /** Null once the account is deleted (lib/users/delete-account.ts): nothing can sign in to it again. */
    passwordHash: text("password_hash"),
    role: userRole("role").notNull().default("attendee"),
    /** Bumped by "sign out everywhere" and a password reset: session cookies carrying an older number fail at once. */
    sessionVersion: integer("session_version").notNull().default(0),
    /**
     * When the owner opened the link mailed to `email` (lib/users/email-verification.ts); null until then. Only a
     * verified account sees and accepts invitations addressed to its email. Accounts made before this column are
     * null: they verify like anyone else.
     */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /**
     * When the person deleted their account (India's DPDP Act): name, email, phone and college are replaced and the
     * password removed; the row stays because payments (kept for accounting) and audit entries point at it.
     */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_lower_uq").on(sql`lower(${t.email})`)],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/** Bearer tokens for API clients (the festival's mobile app). Only a SHA-256 of the token is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Updated at most once a minute per token, so listing tokens can say when each was last used. */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/** The kinds of question an event may ask (lib/questions/definition.ts checks them). */
export type QuestionType = "text" | "number" | "choice" | "choices" | "yesno";
/** One question of an event, as stored in `events.questions`. */
export interface Question {
  key: string;
  label: string;
  type: QuestionType;
  /** For `choice` and `choices`: what may be picked, in the order shown. */
  choices?: string[];
  required: boolean;
  /** Asked of each team member (a solo entrant is the one member), not once per registration. */
  perMember: boolean;
}
/** An answer as stored: text, a number, yes/no, or the choices picked. */
export type AnswerValue = string | number | boolean | string[];

export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    feePaise: integer("fee_paise").notNull(),
    kind: eventKind("kind").notNull(),
    minTeamSize: integer("min_team_size").notNull().default(1),
    maxTeamSize: integer("max_team_size").notNull().default(1),
    /** Registration window; null ends mean "open from the start" / "open until closed by an organiser". */
    registrationOpensAt: timestamp("registration_opens_at", { withTimezone: true }),
    registrationClosesAt: timestamp("registration_closes_at", { withTimezone: true }),
    /** Set when an organiser closed registration early; cleared when they reopen it. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Seats: paid registrations plus registrations holding a seat while their payment is live; null = no limit. */
    capacity: integer("capacity"),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    venue: text("venue").notNull().default(""),
    /** One of db/event-categories.ts's words: the home page filters by it. */
    category: text("category").$type<EventCategory>().notNull().default(DEFAULT_CATEGORY),
    /**
     * Set while organisers keep the event from attendees (a copy being prepared, or one taken down): not listed,
     * its page not found, not open for registration. Paid registrations, passes and check-in are unaffected.
     */
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    /** Set when an organiser closed the event's waiting list (issue 27): nobody may join it, and nobody waits in it. */
    waitlistClosedAt: timestamp("waitlist_closed_at", { withTimezone: true }),
    /**
     * What the event asks at registration (lib/questions/definition.ts): a list of {key, label, type, choices?,
     * required, perMember}. jsonb, not a child table: always read and written whole with the event, and its order is
     * the form's. Answers live in `answers` and keep the label asked, so editing this list never loses one.
     */
    questions: jsonb("questions").$type<Question[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    // A fee of 0 is a free event (issue 26): registering confirms at once, with no gateway transaction.
    check("events_fee_nonnegative", sql`${t.feePaise} >= 0`),
    check("events_team_sizes", sql`${t.minTeamSize} >= 1 AND ${t.maxTeamSize} >= ${t.minTeamSize}`),
    check("events_solo_size", sql`${t.kind} = 'team' OR (${t.minTeamSize} = 1 AND ${t.maxTeamSize} = 1)`),
    check("events_window", sql`${t.registrationClosesAt} > ${t.registrationOpensAt}`),
    check("events_capacity_positive", sql`${t.capacity} IS NULL OR ${t.capacity} >= 0`),
    check("events_category_known", sql`${t.category} IN (${sql.raw(EVENT_CATEGORIES.map((c) => `'${c}'`).join(", "))})`),
  ],
);
export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;

/**
 * An event's prices (issue 26): what a registration may cost and who may choose it. Every event has at least one
 * (a bare fee is one price, key "standard"). The registration copies the chosen price's key, label and amount, so a
 * later edit never alters what someone was asked to pay. "May this person choose it now" is lib/events/prices.ts.
 */
export const eventPrices = pgTable(
  "event_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    /** The price's name in the API and on registrations (a slug, unique per event). */
    key: text("key").notNull(),
    label: text("label").notNull(),
    feePaise: integer("fee_paise").notNull(),
    /** The price's own sale window inside the event's; null ends do not limit it. */
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    /** Only people whose verified email is at one of these domains (or their subdomains); empty = everyone. jsonb, not an array: the Postgres client does not parse raw arrays. */
    emailDomains: jsonb("email_domains").$type<string[]>().notNull().default([]),
    /** Only with a code that unlocks it. */
    codeOnly: boolean("code_only").notNull().default(false),
    /** Seats of this price, counted like the event's (and inside them); null = only the event's capacity limits it. */
    capacity: integer("capacity"),
    /** The organiser's order (the page shows cheapest first). */
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("event_prices_event_key_uq").on(t.eventId, t.key),
    check("event_prices_fee_nonnegative", sql`${t.feePaise} >= 0`),
    check("event_prices_window", sql`${t.closesAt} > ${t.opensAt}`),
    check("event_prices_capacity_nonnegative", sql`${t.capacity} IS NULL OR ${t.capacity} >= 0`),
  ],
);
export type EventPrice = typeof eventPrices.$inferSelect;
export type NewEventPrice = typeof eventPrices.$inferInsert;

/**
 * Codes (issue 26): typed at checkout, a code takes a fixed amount or a percentage off a price and/or unlocks
 * code-only prices, for its events (none listed: every event), inside its validity window, up to its use limit. A
 * use is not stored: it is a registration with this code that takes a seat (held while its payment is live, counted
 * once entered), so a released hold, a cancel or a full refund gives it back (lib/codes). An owner (a campus
 * ambassador) makes it count who brought whom.
 */
export const codes = pgTable(
  "codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** As the organiser typed it; unique whatever its case (attendees type it in any case). */
    code: text("code").notNull(),
    /** A fixed amount off, or a percentage (floor(amount × percent / 100)); neither: it only unlocks prices. */
    discountPaise: integer("discount_paise"),
    discountPercent: integer("discount_percent"),
    /** The keys of the code-only prices it unlocks; when any are listed, its discount applies to those prices only. */
    unlocks: text("unlocks").array().notNull().default(sql`'{}'::text[]`),
    /** Uses allowed (held and counted, derived from registrations); null = unlimited. */
    maxUses: integer("max_uses"),
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validUntil: timestamp("valid_until", { withTimezone: true }),
    /** The campus ambassador it belongs to, if anyone: the console's leaderboard ranks owners by counted uses. */
    ownerId: uuid("owner_id").references(() => users.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("codes_code_upper_uq").on(sql`upper(${t.code})`),
    check("codes_one_discount", sql`${t.discountPaise} IS NULL OR ${t.discountPercent} IS NULL`),
    check("codes_discount_paise_positive", sql`${t.discountPaise} IS NULL OR ${t.discountPaise} > 0`),
    check("codes_discount_percent_range", sql`${t.discountPercent} IS NULL OR ${t.discountPercent} BETWEEN 1 AND 100`),
    check("codes_max_uses_positive", sql`${t.maxUses} IS NULL OR ${t.maxUses} > 0`),
    check("codes_window", sql`${t.validUntil} > ${t.validFrom}`),
    index("codes_owner_idx").on(t.ownerId),
  ],
);
export type Code = typeof codes.$inferSelect;
export type NewCode = typeof codes.$inferInsert;

/** The events a code applies to; a code with no rows here applies to every event. */
export const codeEvents = pgTable(
  "code_events",
  {
    codeId: uuid("code_id")
      .notNull()
      .references(() => codes.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.eventId] }), index("code_events_event_idx").on(t.eventId)],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    name: text("name").notNull(),
    captainId: uuid("captain_id")
      .notNull()
      .references(() => users.id),
    /** A disbanded team keeps its row (payments may point at it) but frees its name and its members. */
    disbandedAt: timestamp("disbanded_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("teams_event_name_live_uq").on(t.eventId, sql`lower(${t.name})`).where(sql`${t.disbandedAt} IS NULL`)],
);
export type Team = typeof teams.$inferSelect;

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    /** Denormalised from the team so the database can enforce one team per user per event. */
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("team_members_team_user_uq").on(t.teamId, t.userId),
    uniqueIndex("team_members_event_user_uq").on(t.eventId, t.userId),
  ],
);
export type TeamMember = typeof teamMembers.$inferSelect;

/**
 * A captain's offer to join a team. Nobody becomes a member without accepting. The invitee is an account when the
 * captain typed an email or Anwesha ID we know, else an email address (they see it once they sign up with it).
 * `typed` is exactly what the captain typed: answers describe the invitee by it and never reveal more.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    inviteeId: uuid("invitee_id").references(() => users.id),
    inviteeEmail: text("invitee_email"),
    typed: text("typed").notNull(),
    status: invitationStatus("status").notNull().default("pending"),
    invitedBy: uuid("invited_by")
      .notNull()
      .references(() => users.id),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("invitations_invitee", sql`${t.inviteeId} IS NOT NULL OR ${t.inviteeEmail} IS NOT NULL`),
    uniqueIndex("invitations_pending_user_uq").on(t.teamId, t.inviteeId).where(sql`${t.status} = 'pending' AND ${t.inviteeId} IS NOT NULL`),
    uniqueIndex("invitations_pending_email_uq")
      .on(t.teamId, sql`lower(${t.inviteeEmail})`)
      .where(sql`${t.status} = 'pending' AND ${t.inviteeEmail} IS NOT NULL`),
    index("invitations_invitee_idx").on(t.inviteeId, t.status),
    index("invitations_email_idx").on(sql`lower(${t.inviteeEmail})`, t.status),
  ],
);
export type Invitation = typeof invitations.$inferSelect;

/**
 * An organiser's substitution of one member of a paid team for another person (issue 27): proposed by the
 * organiser, it changes the roster only when the incoming person accepts (lib/teams/substitutions.ts). It reuses
 * the invitations' statuses: pending, accepted or declined (by the incoming person); nothing withdraws one yet.
 */
export const substitutions = pgTable(
  "substitutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    /** The member who leaves. */
    outUserId: uuid("out_user_id")
      .notNull()
      .references(() => users.id),
    /** The person who takes their place once they accept. */
    inUserId: uuid("in_user_id")
      .notNull()
      .references(() => users.id),
    proposedBy: uuid("proposed_by")
      .notNull()
      .references(() => users.id),
    status: invitationStatus("status").notNull().default("pending"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("substitutions_two_people", sql`${t.outUserId} <> ${t.inUserId}`),
    // At most one pending substitution per leaving member, and per incoming person in a team.
    uniqueIndex("substitutions_pending_out_uq").on(t.teamId, t.outUserId).where(sql`${t.status} = 'pending'`),
    uniqueIndex("substitutions_pending_in_uq").on(t.teamId, t.inUserId).where(sql`${t.status} = 'pending'`),
    index("substitutions_in_idx").on(t.inUserId, t.status),
  ],
);
export type Substitution = typeof substitutions.$inferSelect;

/**
 * Being registered for an event: one solo entrant (`userId`) or one team (`teamId`). The fee is copied here when the
 * registration is made, so a later fee change never alters what someone was asked to pay. "Is it paid?" is this
 * row's status and nothing else (lib/registrations).
 */
export const registrations = pgTable(
  "registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    userId: uuid("user_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    status: registrationStatus("status").notNull().default("awaiting_payment"),
    feePaise: integer("fee_paise").notNull(),
    /** The chosen price's key and label, copied with its amount (fee_paise) when the registration is priced. */
    priceKey: text("price_key").notNull().default("standard"),
    priceLabel: text("price_label").notNull().default("Standard"),
    /**
     * The code used (issue 26), and what it took off the price: fee_paise is what is charged, the price's amount
     * less this discount, so everything that reads the fee reads what the person pays.
     */
    codeId: uuid("code_id").references(() => codes.id),
    discountPaise: integer("discount_paise").notNull().default(0),
    /** The seat is held until then while a payment is live (the gateway token's lifetime). */
    heldUntil: timestamp("held_until", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("registrations_entrant", sql`(${t.userId} IS NULL) <> (${t.teamId} IS NULL)`),
    check("registrations_fee_nonnegative", sql`${t.feePaise} >= 0`),
    check("registrations_discount", sql`${t.discountPaise} >= 0 AND (${t.discountPaise} = 0 OR ${t.codeId} IS NOT NULL)`),
    // At most one live registration per person (solo) or per team per event.
    uniqueIndex("registrations_solo_live_uq")
      .on(t.eventId, t.userId)
      .where(sql`${t.status} IN ('awaiting_payment', 'paid') AND ${t.userId} IS NOT NULL`),
    uniqueIndex("registrations_team_live_uq")
      .on(t.teamId)
      .where(sql`${t.status} IN ('awaiting_payment', 'paid') AND ${t.teamId} IS NOT NULL`),
    index("registrations_event_status_idx").on(t.eventId, t.status),
    index("registrations_user_idx").on(t.userId),
    // A code's uses are counted from its registrations (lib/codes/uses.ts).
    index("registrations_code_idx").on(t.codeId).where(sql`${t.codeId} IS NOT NULL`),
  ],
);
export type Registration = typeof registrations.$inferSelect;

/**
 * An answer to one of an event's questions, kept by the registration. `userId` is null for a question asked once
 * per registration, and the member's for one asked per member (a solo entrant's too). The label is copied as it
 * was asked, so renaming or removing the question later still shows what the person answered to. `value` is the
 * validated answer: a string, a number, a boolean or a list of strings (jsonb: no Postgres arrays).
 */
export const answers = pgTable(
  "answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id),
    questionKey: text("question_key").notNull(),
    label: text("label").notNull(),
    value: jsonb("value").$type<AnswerValue>().notNull(),
    ...timestamps,
  },
  (t) => [
    // One answer per question per registration, or per member for a per-member question.
    uniqueIndex("answers_registration_uq").on(t.registrationId, t.questionKey).where(sql`${t.userId} IS NULL`),
    uniqueIndex("answers_member_uq").on(t.registrationId, t.questionKey, t.userId).where(sql`${t.userId} IS NOT NULL`),
  ],
);
export type Answer = typeof answers.$inferSelect;
/**
 * What an attendee means to buy together, kept on the server (it survives a reload and another device). It holds
 * no seat: seats are held only when payment starts. One line per event; a team event names the team.
 */
export const basketItems = pgTable(
  "basket_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    teamId: uuid("team_id").references(() => teams.id),
    /** The price the attendee chose (a key of the event's prices); null = the cheapest they may choose at checkout. */
    priceKey: text("price_key"),
    /** The code typed for this line (issue 26): its discount is worked out again whenever the basket is read. */
    codeId: uuid("code_id").references(() => codes.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("basket_items_user_event_uq").on(t.userId, t.eventId)],
);
export type BasketItem = typeof basketItems.$inferSelect;

export type RegistrationStatus = (typeof registrationStatus.enumValues)[number];

export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Our id for the attempt, sent to the gateway; every gateway message is bound to it. */
    merchTxnId: text("merch_txn_id").notNull().unique(),
    /** The seed's `anwesha_id`: the user who pays (the captain for a team). */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    anweshaId: text("anwesha_id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    // What it pays (events, teams) is its items': a basket pays several, so the payment names none itself.
    status: paymentStatus("status").notNull().default("pending"),
    /** The event's fee when the attempt started: the only amount we accept. */
    expectedPaise: integer("expected_paise").notNull(),
    amountPaise: integer("amount_paise"),
    surchargePaise: integer("surcharge_paise"),
    totalPaise: integer("total_paise"),
    refundedPaise: integer("refunded_paise").notNull().default(0),
    currency: text("currency").notNull().default("INR"),
    atomTokenId: text("atom_token_id"),
    /** AtomPay's id for the transaction, once it has given one. */
    atomTxnId: text("atom_txn_id"),
    bankTxnId: text("bank_txn_id"),
    /** How the attendee paid, as AtomPay's sub-channel code (NB, CC, DC, UP, …). */
    subChannel: text("sub_channel"),
    gatewayStatusCode: text("gateway_status_code"),
    gatewayMessage: text("gateway_message"),
    /** Why an organiser must look (amount mismatch, second success for a paid registration, …). */
    flagReason: text("flag_reason"),
    ...timestamps,
    settledAt: timestamp("settled_at", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    /** Settlement status from the status API (RS, RNS, NRNS, PNRNS, PNRS), and when we learned it. */
    reconStatus: text("recon_status"),
    reconStatusAt: timestamp("recon_status_at", { withTimezone: true }),
    /** Later re-verifications of a success with the status API done so far (lib/payments/requery-successes.ts). */
    reverifyCount: integer("reverify_count").notNull().default(0),
    /** Set once every scheduled re-verification is done: the success leaves the re-verification index. */
    reverifyDoneAt: timestamp("reverify_done_at", { withTimezone: true }),
    /** When the status API told us the bank reversed this success (settledAt keeps the day it was collected). */
    reversedAt: timestamp("reversed_at", { withTimezone: true }),
    /**
     * The gateway, or the desk (issue 27): a desk payment never reaches AtomPay (no token, no requery, no
     * re-verification), and its refunds are paid back at the desk.
     */
    method: paymentMethod("method").notNull().default("gateway"),
    deskKind: deskKind("desk_kind"),
    /** A UPI payment's UTR (12 digits), once across all payments: the unique index is the last word. */
    utr: text("utr"),
    /** Who took the money at the desk. */
    recordedBy: uuid("recorded_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("payments_atom_txn_uq").on(t.atomTxnId).where(sql`${t.atomTxnId} IS NOT NULL`),
    // "One success / one payment in flight per registration" lives on payment_items, where the registration is.
    index("payments_user_idx").on(t.userId, t.createdAt),
    index("payments_status_created_idx").on(t.status, t.createdAt),
    index("payments_created_idx").on(t.createdAt, t.id),
    // Successes still to be re-verified: a few days' worth, whatever the table's size.
    index("payments_reverify_idx").on(t.settledAt).where(sql`${t.status} = 'success' AND ${t.reverifyDoneAt} IS NULL`),
    check("payments_expected_positive", sql`${t.expectedPaise} > 0`),
    uniqueIndex("payments_utr_uq").on(t.utr).where(sql`${t.utr} IS NOT NULL`),
    // A desk person's takings per day (lib/desk/takings.ts).
    index("payments_desk_idx").on(t.recordedBy, t.createdAt).where(sql`${t.method} = 'desk'`),
    check(
      "payments_desk_fields",
      sql`(${t.method} = 'gateway' AND ${t.deskKind} IS NULL AND ${t.utr} IS NULL AND ${t.recordedBy} IS NULL)
        OR (${t.method} = 'desk' AND ${t.deskKind} IS NOT NULL AND ${t.recordedBy} IS NOT NULL
          AND (${t.deskKind} = 'upi') = (${t.utr} IS NOT NULL))`,
    ),
    check("payments_utr_digits", sql`${t.utr} IS NULL OR ${t.utr} ~ '^[0-9]{12}$'`),
    check("payments_refund_bound", sql`${t.refundedPaise} >= 0 AND ${t.refundedPaise} <= coalesce(${t.totalPaise}, 0)`),
  ],
);
export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];
export type DeskKind = (typeof deskKind.enumValues)[number];

/**
 * What a payment pays: one row per registration, with that registration's fee. A payment's expected amount is the
 * sum of its items. `status` follows the payment's, except that one item can be `flagged` on its own (a second
 * success for a registration paid meanwhile, or a success over capacity) while the others are paid.
 */
export const paymentItems = pgTable(
  "payment_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id),
    amountPaise: integer("amount_paise").notNull(),
    status: paymentStatus("status").notNull().default("pending"),
    /** Accepted refunds of this item. */
    refundedPaise: integer("refunded_paise").notNull().default(0),
    flagReason: text("flag_reason"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("payment_items_payment_registration_uq").on(t.paymentId, t.registrationId),
    // The database's last word: at most one success and at most one payment in flight per registration.
    uniqueIndex("payment_items_success_uq").on(t.registrationId).where(sql`${t.status} = 'success'`),
    uniqueIndex("payment_items_pending_uq").on(t.registrationId).where(sql`${t.status} = 'pending'`),
    index("payment_items_registration_idx").on(t.registrationId),
    // The organisers' list is one row per item, newest first ("pending for more than" uses the payments' index).
    index("payment_items_created_idx").on(t.createdAt, t.id),
    // A free event in a basket with paid ones is a 0-paise item: confirmed with the rest when the payment succeeds.
    // The payment itself stays positive (payments_expected_positive): a zero total never reaches the gateway.
    check("payment_items_amount_nonnegative", sql`${t.amountPaise} >= 0`),
    check("payment_items_refunded_nonnegative", sql`${t.refundedPaise} >= 0`),
  ],
);
export type PaymentItem = typeof paymentItems.$inferSelect;

/**
 * A second successful gateway transaction (another atomTxnId) for a payment that already has one: the attendee may
 * have been charged twice. Never folded into the payment as a duplicate: kept here for an organiser, with the ids
 * the gateway gave, beside the payment's own `atomTxnId`.
 */
export const paymentExtraCharges = pgTable(
  "payment_extra_charges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    atomTxnId: text("atom_txn_id").notNull(),
    bankTxnId: text("bank_txn_id"),
    amountPaise: integer("amount_paise"),
    totalPaise: integer("total_paise"),
    statusCode: text("status_code").notNull(),
    /** How it reached us: return, callback or status. */
    source: text("source").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_extra_charges_atom_txn_uq").on(t.atomTxnId), index("payment_extra_charges_payment_idx").on(t.paymentId)],
);
export type PaymentExtraCharge = typeof paymentExtraCharges.$inferSelect;

/**
 * Append-only log of every message to and from the gateway. `plain` is the decrypted JSON with the password
 * and keys removed (lib/atompay redactMessage); `raw` is the encrypted hex as it travelled.
 */
export const gatewayMessages = pgTable(
  "gateway_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    direction: messageDirection("direction").notNull(),
    kind: messageKind("kind").notNull(),
    merchTxnId: text("merch_txn_id"),
    paymentId: uuid("payment_id").references(() => payments.id),
    raw: text("raw"),
    plain: jsonb("plain"),
    signatureValid: boolean("signature_valid"),
    /** What we made of it: "settled:success", "rejected:bad-signature", … */
    outcome: text("outcome"),
    httpStatus: integer("http_status"),
    /**
     * For a message we rejected, `raw` keeps only a short prefix: these record the whole message's SHA-256 and
     * length, so an unauthenticated sender cannot fill the database (lib/payments/gateway-log.ts).
     */
    rawSha256: text("raw_sha256"),
    rawLength: integer("raw_length"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("gateway_messages_payment_idx").on(t.paymentId, t.receivedAt), index("gateway_messages_txn_idx").on(t.merchTxnId)],
);
export type GatewayMessage = typeof gatewayMessages.$inferSelect;

/**
 * The local sandbox gateway's own memory of what it "processed", so its status and refund APIs can tell the
 * truth like the real gateway does. Used only when ATOMPAY_ENV=sandbox.
 */
export const sandboxTransactions = pgTable(
  "sandbox_transactions",
  {
    atomTokenId: text("atom_token_id").primaryKey(),
    merchId: text("merch_id").notNull(),
    merchTxnId: text("merch_txn_id").notNull(),
    merchTxnDate: text("merch_txn_date").notNull(),
    amountPaise: integer("amount_paise").notNull(),
    custEmail: text("cust_email").notNull(),
    custMobile: text("cust_mobile").notNull(),
    atomTxnId: text("atom_txn_id"),
    /** What the bank finally did: the status API's answer. */
    statusCode: text("status_code"),
    /** What the return message said (e.g. OTS0551 pending at bank, while statusCode later says OTS0000). */
    returnedStatusCode: text("returned_status_code"),
    surchargePaise: integer("surcharge_paise").notNull().default(0),
    subChannel: text("sub_channel"),
    bankTxnId: text("bank_txn_id"),
    refundedPaise: integer("refunded_paise").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** What the "bank" does later: "reversed" (a success reversed on a later status query), "pending-days". */
    scenario: text("scenario"),
    /** Status queries answered for this transaction (the reversal shows from the second one on). */
    statusQueries: integer("status_queries").notNull().default(0),
  },
  (t) => [index("sandbox_transactions_txn_idx").on(t.merchTxnId)],
);
export type SandboxTransaction = typeof sandboxTransactions.$inferSelect;

/** The sandbox's scenario switches (status API slow/down/garbage…, callback headers, lost refund answers). */
export const sandboxSwitches = pgTable("sandbox_switches", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Refunds the sandbox made, so its REFUNDSTATUS answers the truth even when the REFUNDINIT answer was lost. */
export const sandboxRefunds = pgTable(
  "sandbox_refunds",
  {
    refundTxnId: text("refund_txn_id").primaryKey(),
    atomTxnId: text("atom_txn_id").notNull(),
    prodRefundId: text("prod_refund_id").notNull(),
    amountPaise: integer("amount_paise").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sandbox_refunds_atom_idx").on(t.atomTxnId)],
);

export const refundStatus = pgEnum("refund_status", ["requested", "accepted", "failed"]);

/** Refunds sent with REFUNDINIT. The sum of accepted and requested refunds never exceeds what was paid. */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    /** The item refunded: refunds are per registration. */
    itemId: uuid("item_id")
      .notNull()
      .references(() => paymentItems.id),
    /** Our prodRefundId, unique per refund. */
    refundRef: text("refund_ref").notNull().unique(),
    amountPaise: integer("amount_paise").notNull(),
    reason: text("reason").notNull(),
    status: refundStatus("status").notNull().default("requested"),
    gatewayRefundId: text("gateway_refund_id"),
    gatewayStatusCode: text("gateway_status_code"),
    gatewayMessage: text("gateway_message"),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    ...timestamps,
    /** When REFUNDSTATUS was last asked about this refund (lib/payments/refund-status.ts). */
    checkedAt: timestamp("checked_at", { withTimezone: true }),
  },
  (t) => [
    index("refunds_payment_idx").on(t.paymentId),
    index("refunds_item_idx").on(t.itemId),
    check("refunds_amount_positive", sql`${t.amountPaise} > 0`),
    // Refunds still waiting for the gateway's word: few, whatever the table's size.
    index("refunds_requested_idx").on(t.createdAt).where(sql`${t.status} = 'requested'`),
  ],
);
export type Refund = typeof refunds.$inferSelect;

/** Who did what to which payment or event, and when: every organiser action (re-check, refund, export, event edits). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    paymentId: uuid("payment_id").references(() => payments.id),
    eventId: uuid("event_id").references(() => events.id),
    registrationId: uuid("registration_id").references(() => registrations.id),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_payment_idx").on(t.paymentId, t.createdAt),
    index("audit_log_created_idx").on(t.createdAt),
    // An event's history on its console page.
    index("audit_log_event_idx").on(t.eventId, t.createdAt),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;

/** The one rate limiter's store (lib/rate-limit.ts, rate-limiter-flexible): points consumed per key until `expire`. */
export const rateLimiterPoints = pgTable("rate_limiter_points", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expire: timestamp("expire", { withTimezone: true }),
});

/**
 * Client addresses (IPv4, or an IPv6 /64) that have signed in to an account successfully: failed sign-ins from
 * them are never slowed down by an attack on the account from elsewhere (lib/auth/login-limits.ts).
 */
export const signInAddresses = pgTable(
  "sign_in_addresses",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    address: text("address").notNull(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.address] }), index("sign_in_addresses_last_idx").on(t.lastSuccessAt)],
);

/** One-use password reset tokens. Only a SHA-256 of the token is stored; it is good for 30 minutes. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("password_reset_tokens_user_idx").on(t.userId)],
);
export type PasswordResetToken = typeof passwordResetTokens.$inferSelect;

/**
 * pending → sending → sent, or → failed after the queue's last retry (an organiser can send it again).
 * `sending` carries a lease, so a worker that died mid-send gives the message back when the lease ends.
 */
export const outboxStatus = pgEnum("outbox_status", ["pending", "sending", "sent", "failed"]);

/**
 * Mail to send, written in the same transaction as the change that causes it. `key` names the cause
 * ("receipt:<merchTxnId>"), so a second copy of the cause inserts nothing. `payload` is the template's data,
 * sealed with AES-256-GCM (it can hold a reset link): a database leak shows who was mailed, never the links.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull().unique(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    payload: text("payload").notNull(),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** A short description of the last failure (SMTP code and reply), never the message itself. */
    lastError: text("last_error"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("outbox_status_idx").on(t.status, t.createdAt)],
);
export type OutboxMessage = typeof outbox.$inferSelect;

/**
 * What a volunteer may do at an event: check people in at its door, register walk-ins at the desk (issue 27), or
 * coordinate it (issue 28: its registrations, payments read-only, rosters, waiting list; the door and the desk too).
 */
export const volunteerRole = pgEnum("volunteer_role", ["door", "desk", "coordinator"]);

/**
 * Accounts an organiser made volunteers for one event: at its door (check people in) or at its desk (register and
 * take money from walk-ins), and nothing else of the console. Organisers do both everywhere without a row here.
 */
export const volunteers = pgTable(
  "volunteers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    grantedBy: uuid("granted_by")
      .notNull()
      .references(() => users.id),
    role: volunteerRole("role").notNull().default("door"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("volunteers_user_event_role_uq").on(t.userId, t.eventId, t.role), index("volunteers_event_idx").on(t.eventId)],
);
export type Volunteer = typeof volunteers.$inferSelect;
export type VolunteerRole = (typeof volunteerRole.enumValues)[number];

/** How a check-in reached us: scanned with the network up, or queued on a device and synced later. */
export const checkInSource = pgEnum("check_in_source", ["online", "offline"]);

/**
 * A person let in at the door: one row per person per registration (a solo entrant, or each member of a team).
 * The unique index is the database's word that a pass admits each person once, whichever device scanned first.
 * `checkedInAt` is when the pass was scanned (a device's clock for offline scans, never later than `recordedAt`);
 * when two devices scanned one pass offline, the earlier scan keeps this row and the other becomes a duplicate.
 */
export const checkIns = pgTable(
  "check_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id),
    /** Denormalised from the registration for the per-event counts. */
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    /** The person admitted. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    checkedInBy: uuid("checked_in_by")
      .notNull()
      .references(() => users.id),
    deviceId: text("device_id").notNull(),
    /** The device's id for the scan, so a sync sent twice is answered the same and recorded once. */
    clientRef: text("client_ref"),
    source: checkInSource("source").notNull(),
  },
  (t) => [
    uniqueIndex("check_ins_registration_user_uq").on(t.registrationId, t.userId),
    index("check_ins_event_idx").on(t.eventId),
    index("check_ins_client_ref_idx").on(t.clientRef),
    check("check_ins_scanned_before_recorded", sql`${t.checkedInAt} <= ${t.recordedAt}`),
  ],
);
export type CheckIn = typeof checkIns.$inferSelect;

/** Scans of a pass whose person was already in: kept so both devices can be told, and organisers can look. */
export const checkInDuplicates = pgTable(
  "check_in_duplicates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    scannedAt: timestamp("scanned_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    scannedBy: uuid("scanned_by")
      .notNull()
      .references(() => users.id),
    deviceId: text("device_id").notNull(),
    clientRef: text("client_ref"),
    source: checkInSource("source").notNull(),
  },
  (t) => [index("check_in_duplicates_event_idx").on(t.eventId), index("check_in_duplicates_client_ref_idx").on(t.clientRef)],
);
export type CheckInDuplicate = typeof checkInDuplicates.$inferSelect;

/**
 * Check-ins an organiser undid (a wrong pass scanned, a person sent back out), moved here from check_ins with who
 * undid it, when and why. A queued scan made before the undo never admits the person again when it syncs
 * (lib/checkin/undo.ts); door devices learn of it from the bundle.
 */
export const checkInUndos = pgTable(
  "check_in_undos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** The check-in as it was. */
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }).notNull(),
    checkedInBy: uuid("checked_in_by")
      .notNull()
      .references(() => users.id),
    deviceId: text("device_id").notNull(),
    clientRef: text("client_ref"),
    source: checkInSource("source").notNull(),
    undoneAt: timestamp("undone_at", { withTimezone: true }).notNull().defaultNow(),
    undoneBy: uuid("undone_by")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
  },
  (t) => [index("check_in_undos_registration_user_idx").on(t.registrationId, t.userId), index("check_in_undos_event_idx").on(t.eventId)],
);

/**
 * The organisers' totals without reading every item (lib/organiser/rollup.ts). `organiserItemFacts` holds each
 * item's money as the console counts it, as of the last fold; `organiserRollup` is the sum of the facts per India
 * day, event, status and flag, so totals cost the number of days × events, not the number of items. Triggers on
 * payments and payment_items append the payment to `organiserMarks` in the same transaction as any change the
 * totals depend on; readers add the marked payments' current rows and subtract their stale facts, so the totals
 * are exact whatever has not been folded yet.
 */
export const organiserItemFacts = pgTable(
  "organiser_item_facts",
  {
    itemId: uuid("item_id").primaryKey(),
    paymentId: uuid("payment_id").notNull(),
    /** The item's creation, as a date in India time. */
    day: date("day", { mode: "string" }).notNull(),
    eventId: uuid("event_id").notNull(),
    status: paymentStatus("status").notNull(),
    flagged: boolean("flagged").notNull(),
    feePaise: integer("fee_paise").notNull(),
    paidPaise: integer("paid_paise").notNull(),
    surchargePaise: integer("surcharge_paise").notNull(),
    refundedPaise: integer("refunded_paise").notNull(),
  },
  (t) => [index("organiser_item_facts_payment_idx").on(t.paymentId)],
);

export const organiserRollup = pgTable(
  "organiser_rollup",
  {
    day: date("day", { mode: "string" }).notNull(),
    eventId: uuid("event_id").notNull(),
    status: paymentStatus("status").notNull(),
    flagged: boolean("flagged").notNull(),
    items: integer("items").notNull(),
    feePaise: bigint("fee_paise", { mode: "number" }).notNull(),
    paidPaise: bigint("paid_paise", { mode: "number" }).notNull(),
    surchargePaise: bigint("surcharge_paise", { mode: "number" }).notNull(),
    refundedPaise: bigint("refunded_paise", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.eventId, t.status, t.flagged] })],
);

/**
 * Payments whose facts may be stale, appended by the triggers (a payment can appear more than once). No key and no
 * index on purpose: a mark is one heap insert on the settle path, never a lookup, a lock or a wait; the fold deletes
 * the marks it read (lib/organiser/rollup.ts), and the table stays small because folds run every minute.
 */
export const organiserMarks = pgTable("organiser_marks", {
  paymentId: uuid("payment_id").notNull(),
});

/**
 * The waiting list (issue 27): a place in line for a full event, or for a price with seats of its own (`priceKey`).
 * A person joins alone, or a captain for the team (`teamId`). Status only moves forward: waiting → offered → taken,
 * lapsed, left or closed (lib/waitlist/). An offer out holds a seat until `offerExpiresAt` (lib/registrations/seats.ts);
 * the line's order is `createdAt`, then `id`.
 */
export const waitlistStatus = pgEnum("waitlist_status", ["waiting", "offered", "taken", "lapsed", "left", "closed"]);
export type WaitlistStatus = (typeof waitlistStatus.enumValues)[number];

export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    /** Null: the event's own seats; a key: the seats of that price (only a price with a capacity of its own). */
    priceKey: text("price_key"),
    /** Who joined: the person, or the captain for the team. The offer's mail goes to them. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    status: waitlistStatus("status").notNull().default("waiting"),
    offeredAt: timestamp("offered_at", { withTimezone: true }),
    offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("waitlist_offer_has_deadline", sql`${t.status} <> 'offered' OR ${t.offerExpiresAt} IS NOT NULL`),
    // At most one live place per person (alone) or per team in an event's line.
    uniqueIndex("waitlist_solo_live_uq").on(t.eventId, t.userId).where(sql`${t.status} IN ('waiting', 'offered') AND ${t.teamId} IS NULL`),
    uniqueIndex("waitlist_team_live_uq")
      .on(t.eventId, t.teamId)
      .where(sql`${t.status} IN ('waiting', 'offered') AND ${t.teamId} IS NOT NULL`),
    // The line in order, and the offers out, read under the event's lock by every seat count.
    index("waitlist_event_line_idx").on(t.eventId, t.status, t.createdAt, t.id),
    index("waitlist_user_idx").on(t.userId),
  ],
);
export type WaitlistEntry = typeof waitlistEntries.$inferSelect;

/**
 * A message from an event's organisers or coordinators to its people (issue 28, lib/announcements/): plain text,
 * sent once. The same words go to an event at most once (`fingerprint`, a hash of subject and body), so a
 * double-clicked or retried send finds the first and sends nothing more.
 */
export const announcements = pgTable(
  "announcements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** Also to the people waiting in the event's line when it was sent. */
    includeWaitlist: boolean("include_waitlist").notNull().default(false),
    fingerprint: text("fingerprint").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("announcements_event_fingerprint_uq").on(t.eventId, t.fingerprint),
    // The console's list and the hour's limit read an event's newest first.
    index("announcements_event_created_idx").on(t.eventId, t.createdAt),
    check("announcements_subject_length", sql`char_length(${t.subject}) between 1 and 120`),
    check("announcements_body_length", sql`char_length(${t.body}) between 1 and 4000`),
  ],
);
export type Announcement = typeof announcements.$inferSelect;

/**
 * Who an announcement was sent to: one row per person, whatever roles they had (a member of two paid teams, and
 * waiting too, is one row), with the mail queued for them. The primary key is the last word on "at most once".
 */
export const announcementRecipients = pgTable(
  "announcement_recipients",
  {
    announcementId: uuid("announcement_id")
      .notNull()
      .references(() => announcements.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** Why they got it: an entrant of a confirmed registration, or in the waiting list. */
    via: text("via", { enum: ["entrant", "waitlist"] }).notNull(),
    outboxId: uuid("outbox_id").references(() => outbox.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.userId] }),
    check("announcement_recipients_via", sql`${t.via} in ('entrant', 'waitlist')`),
    // The event page asks "was this person sent it?".
    index("announcement_recipients_user_idx").on(t.userId),
  ],
);
export type AnnouncementRecipient = typeof announcementRecipients.$inferSelect;

/**
 * An event's results (issue 28): a registration placed by an organiser or the event's coordinator. `place` is
 * "winner", "runner-up" or a named place ("Third place", "Best design"); at most one per registration. Its checked-in
 * people get a merit certificate instead of one of participation (lib/certificates).
 */
export const results = pgTable(
  "results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id),
    place: text("place").notNull(),
    markedBy: uuid("marked_by")
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("results_registration_uq").on(t.registrationId),
    index("results_event_idx").on(t.eventId),
    check("results_place_length", sql`char_length(${t.place}) BETWEEN 1 AND 60`),
  ],
);
export type Result = typeof results.$inferSelect;

/**
 * A certificate issued to one person checked in for one registration (issue 28). `code` is the short signed code
 * printed on it and behind its QR (lib/certificates/code.ts); the row is the record that we issued it, so
 * /certificates/{code} can say whose it is. Whether it is of participation or merit is read from `results` when it is
 * shown, so a result marked later changes the certificate, never its code. `mailedAt`: its one mail was queued.
 */
export const certificates = pgTable(
  "certificates",
  {
    code: text("code").primaryKey(),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => registrations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    mailedAt: timestamp("mailed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("certificates_registration_user_uq").on(t.registrationId, t.userId), index("certificates_event_idx").on(t.eventId)],
);
export type Certificate = typeof certificates.$inferSelect;
