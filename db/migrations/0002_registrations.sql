CREATE TYPE "public"."invitation_status" AS ENUM('pending', 'accepted', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('awaiting_payment', 'paid', 'refunded', 'cancelled');--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"invitee_id" uuid,
	"invitee_email" text,
	"typed" text NOT NULL,
	"status" "invitation_status" DEFAULT 'pending' NOT NULL,
	"invited_by" uuid NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_invitee" CHECK ("invitations"."invitee_id" IS NOT NULL OR "invitations"."invitee_email" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "payment_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"amount_paise" integer NOT NULL,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"refunded_paise" integer DEFAULT 0 NOT NULL,
	"flag_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_items_amount_positive" CHECK ("payment_items"."amount_paise" > 0),
	CONSTRAINT "payment_items_refunded_nonnegative" CHECK ("payment_items"."refunded_paise" >= 0)
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid,
	"team_id" uuid,
	"status" "registration_status" DEFAULT 'awaiting_payment' NOT NULL,
	"fee_paise" integer NOT NULL,
	"held_until" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registrations_entrant" CHECK (("registrations"."user_id" IS NULL) <> ("registrations"."team_id" IS NULL)),
	CONSTRAINT "registrations_fee_positive" CHECK ("registrations"."fee_paise" > 0)
);
--> statement-breakpoint
DROP INDEX "payments_solo_success_uq";--> statement-breakpoint
DROP INDEX "payments_team_success_uq";--> statement-breakpoint
DROP INDEX "payments_solo_pending_uq";--> statement-breakpoint
DROP INDEX "payments_team_pending_uq";--> statement-breakpoint
DROP INDEX "teams_event_name_uq";--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "registration_opens_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "registration_closes_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "event_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "registration_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "venue" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "item_id" uuid;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "disbanded_at" timestamp with time zone;--> statement-breakpoint
-- Carry existing rows over. Every solo entrant who ever started a payment, and every team, gets one registration;
-- its status comes from the payments: a success makes it paid (refunded when the success was refunded in full), a
-- payment in flight holds its seat for the token's lifetime, anything else leaves it awaiting payment.
INSERT INTO "registrations" ("event_id", "user_id", "team_id", "status", "fee_paise", "held_until", "paid_at", "ended_at", "created_at")
SELECT k.event_id, k.user_id, k.team_id,
  (CASE WHEN s.id IS NULL THEN 'awaiting_payment' WHEN s.refunded_paise >= s.expected_paise THEN 'refunded' ELSE 'paid' END)::registration_status,
  coalesce(s.expected_paise, latest.expected_paise, e.fee_paise),
  CASE WHEN s.id IS NULL THEN pend.created_at + interval '15 minutes' END,
  s.settled_at,
  CASE WHEN s.id IS NOT NULL AND s.refunded_paise >= s.expected_paise THEN s.updated_at END,
  coalesce(k.created_at, now())
FROM (
  SELECT event_id, user_id, NULL::uuid AS team_id, min(created_at) AS created_at FROM "payments" WHERE team_id IS NULL GROUP BY event_id, user_id
  UNION ALL
  SELECT event_id, NULL::uuid, id, created_at FROM "teams"
) k
JOIN "events" e ON e.id = k.event_id
LEFT JOIN LATERAL (
  SELECT * FROM "payments" x WHERE x.status = 'success'
    AND ((k.team_id IS NULL AND x.team_id IS NULL AND x.event_id = k.event_id AND x.user_id = k.user_id) OR x.team_id = k.team_id)
  ORDER BY x.created_at LIMIT 1
) s ON true
LEFT JOIN LATERAL (
  SELECT * FROM "payments" x WHERE x.status = 'pending'
    AND ((k.team_id IS NULL AND x.team_id IS NULL AND x.event_id = k.event_id AND x.user_id = k.user_id) OR x.team_id = k.team_id)
  ORDER BY x.created_at DESC LIMIT 1
) pend ON true
LEFT JOIN LATERAL (
  SELECT * FROM "payments" x
  WHERE (k.team_id IS NULL AND x.team_id IS NULL AND x.event_id = k.event_id AND x.user_id = k.user_id) OR x.team_id = k.team_id
  ORDER BY x.created_at DESC LIMIT 1
) latest ON true;--> statement-breakpoint
-- Each payment becomes the one item of its registration, with its status, refunds and flag.
INSERT INTO "payment_items" ("payment_id", "registration_id", "amount_paise", "status", "refunded_paise", "flag_reason", "created_at", "updated_at")
SELECT p.id, r.id, p.expected_paise, p.status, p.refunded_paise, p.flag_reason, p.created_at, p.updated_at
FROM "payments" p
JOIN "registrations" r ON (p.team_id IS NULL AND r.team_id IS NULL AND r.event_id = p.event_id AND r.user_id = p.user_id)
  OR (p.team_id IS NOT NULL AND r.team_id = p.team_id);--> statement-breakpoint
UPDATE "refunds" f SET "item_id" = i.id FROM "payment_items" i WHERE i.payment_id = f.payment_id;--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "item_id" SET NOT NULL;--> statement-breakpoint
-- Members used to be added without being asked. In teams that have not paid (and have no payment in flight),
-- every member but the captain becomes a pending invitation instead, so nobody stays in a team they never agreed to.
INSERT INTO "invitations" ("team_id", "event_id", "invitee_id", "typed", "status", "invited_by", "created_at")
SELECT m.team_id, m.event_id, m.user_id, u.anwesha_id, 'pending', t.captain_id, m.created_at
FROM "team_members" m
JOIN "teams" t ON t.id = m.team_id
JOIN "users" u ON u.id = m.user_id
WHERE m.user_id <> t.captain_id
  AND NOT EXISTS (SELECT 1 FROM "payments" x WHERE x.team_id = t.id AND x.status IN ('success', 'pending', 'flagged'));--> statement-breakpoint
DELETE FROM "team_members" m USING "teams" t
WHERE t.id = m.team_id AND m.user_id <> t.captain_id
  AND NOT EXISTS (SELECT 1 FROM "payments" x WHERE x.team_id = t.id AND x.status IN ('success', 'pending', 'flagged'));--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invitee_id_users_id_fk" FOREIGN KEY ("invitee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_items" ADD CONSTRAINT "payment_items_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_items" ADD CONSTRAINT "payment_items_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_user_uq" ON "invitations" USING btree ("team_id","invitee_id") WHERE "invitations"."status" = 'pending' AND "invitations"."invitee_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_email_uq" ON "invitations" USING btree ("team_id",lower("invitee_email")) WHERE "invitations"."status" = 'pending' AND "invitations"."invitee_email" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "invitations_invitee_idx" ON "invitations" USING btree ("invitee_id","status");--> statement-breakpoint
CREATE INDEX "invitations_email_idx" ON "invitations" USING btree (lower("invitee_email"),"status");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_items_payment_registration_uq" ON "payment_items" USING btree ("payment_id","registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_items_success_uq" ON "payment_items" USING btree ("registration_id") WHERE "payment_items"."status" = 'success';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_items_pending_uq" ON "payment_items" USING btree ("registration_id") WHERE "payment_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "payment_items_registration_idx" ON "payment_items" USING btree ("registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_solo_live_uq" ON "registrations" USING btree ("event_id","user_id") WHERE "registrations"."status" IN ('awaiting_payment', 'paid') AND "registrations"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_team_live_uq" ON "registrations" USING btree ("team_id") WHERE "registrations"."status" IN ('awaiting_payment', 'paid') AND "registrations"."team_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "registrations_event_status_idx" ON "registrations" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "registrations_user_idx" ON "registrations" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_item_id_payment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."payment_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refunds_item_idx" ON "refunds" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_event_name_live_uq" ON "teams" USING btree ("event_id",lower("name")) WHERE "teams"."disbanded_at" IS NULL;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_capacity_positive" CHECK ("events"."capacity" IS NULL OR "events"."capacity" >= 0);