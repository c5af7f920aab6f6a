// The database schema. camelCase in TypeScript, snake_case in SQL. Money is integer paise, times are UTC
// (timestamptz). Invariants that matter for money are enforced by the database itself (unique and partial
// unique indexes, check constraints), so no code path can break them by mistake.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const userRole = pgEnum("user_role", ["attendee", "organiser"]);
export const eventKind = pgEnum("event_kind", ["solo", "team"]);
/**
 * pending → success | failed | cancelled | flagged | expired. A payment only moves forward (see
 * lib/payments/transitions.ts); `flagged` means money may have moved but something did not match, and an
 * organiser must look.
 */
export const paymentStatus = pgEnum("payment_status", [
  "pending",
  "success",
  "failed",
  "cancelled",
  "flagged",
  "expired",
]);
export const messageDirection = pgEnum("message_direction", ["outbound", "inbound"]);
export const messageKind = pgEnum("message_kind", ["auth", "return", "callback", "status", "refund"]);

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
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("attendee"),
    /** Bumped by "sign out everywhere" and a password reset: session cookies carrying an older number fail at once. */
    sessionVersion: integer("session_version").notNull().default(0),
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
    registrationOpensAt: timestamp("registration_opens_at", { withTimezone: true }).notNull(),
    registrationClosesAt: timestamp("registration_closes_at", { withTimezone: true }).notNull(),
    /** Paid registrations allowed; null = no limit. */
    capacity: integer("capacity"),
    ...timestamps,
  },
  (t) => [
    check("events_fee_positive", sql`${t.feePaise} > 0`),
    check("events_team_sizes", sql`${t.minTeamSize} >= 1 AND ${t.maxTeamSize} >= ${t.minTeamSize}`),
    check("events_solo_size", sql`${t.kind} = 'team' OR (${t.minTeamSize} = 1 AND ${t.maxTeamSize} = 1)`),
    check("events_window", sql`${t.registrationClosesAt} > ${t.registrationOpensAt}`),
  ],
);
export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;

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
    ...timestamps,
  },
  (t) => [uniqueIndex("teams_event_name_uq").on(t.eventId, sql`lower(${t.name})`)],
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
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id),
    eventType: eventKind("event_type").notNull(),
    teamId: uuid("team_id").references(() => teams.id),
    status: paymentStatus("status").notNull().default("pending"),
    /** The event's fee when the attempt started: the only amount we accept. */
    expectedPaise: integer("expected_paise").notNull(),
    amountPaise: integer("amount_paise"),
    surchargePaise: integer("surcharge_paise"),
    totalPaise: integer("total_paise"),
    refundedPaise: integer("refunded_paise").notNull().default(0),
    currency: text("currency").notNull().default("INR"),
    atomTokenId: text("atom_token_id"),
    atompayTransactionId: text("atompay_transaction_id"),
    bankTransactionId: text("bank_transaction_id"),
    paymentMode: text("payment_mode"),
    gatewayStatusCode: text("gateway_status_code"),
    gatewayMessage: text("gateway_message"),
    /** Why an organiser must look (amount mismatch, second success for a paid registration, …). */
    flagReason: text("flag_reason"),
    ...timestamps,
    settledAt: timestamp("settled_at", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("payments_atompay_txn_uq")
      .on(t.atompayTransactionId)
      .where(sql`${t.atompayTransactionId} IS NOT NULL`),
    // At most one successful payment per registration, and one attempt in flight.
    uniqueIndex("payments_solo_success_uq")
      .on(t.eventId, t.userId)
      .where(sql`${t.status} = 'success' AND ${t.teamId} IS NULL`),
    uniqueIndex("payments_team_success_uq")
      .on(t.teamId)
      .where(sql`${t.status} = 'success' AND ${t.teamId} IS NOT NULL`),
    uniqueIndex("payments_solo_pending_uq")
      .on(t.eventId, t.userId)
      .where(sql`${t.status} = 'pending' AND ${t.teamId} IS NULL`),
    uniqueIndex("payments_team_pending_uq")
      .on(t.teamId)
      .where(sql`${t.status} = 'pending' AND ${t.teamId} IS NOT NULL`),
    index("payments_user_idx").on(t.userId, t.createdAt),
    index("payments_event_status_idx").on(t.eventId, t.status),
    index("payments_status_created_idx").on(t.status, t.createdAt),
    index("payments_created_idx").on(t.createdAt, t.id),
    check("payments_expected_positive", sql`${t.expectedPaise} > 0`),
    check("payments_team_kind", sql`(${t.eventType} = 'team') = (${t.teamId} IS NOT NULL)`),
    check("payments_refund_bound", sql`${t.refundedPaise} >= 0 AND ${t.refundedPaise} <= coalesce(${t.totalPaise}, 0)`),
  ],
);
export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
export type PaymentStatus = (typeof paymentStatus.enumValues)[number];

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
  },
  (t) => [index("sandbox_transactions_txn_idx").on(t.merchTxnId)],
);
export type SandboxTransaction = typeof sandboxTransactions.$inferSelect;

export const refundStatus = pgEnum("refund_status", ["requested", "accepted", "failed"]);

/** Refunds sent with REFUNDINIT. The sum of accepted and requested refunds never exceeds what was paid. */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
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
  },
  (t) => [index("refunds_payment_idx").on(t.paymentId), check("refunds_amount_positive", sql`${t.amountPaise} > 0`)],
);
export type Refund = typeof refunds.$inferSelect;

/** Who did what to which payment, and when: every organiser action (re-check, refund, export). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    paymentId: uuid("payment_id").references(() => payments.id),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_payment_idx").on(t.paymentId, t.createdAt), index("audit_log_created_idx").on(t.createdAt)],
);
export type AuditEntry = typeof auditLog.$inferSelect;

/** Fixed-window rate-limit counters, kept in the database so limits hold across app instances. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

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
