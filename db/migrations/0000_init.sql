CREATE TYPE "public"."event_kind" AS ENUM('solo', 'team');--> statement-breakpoint
CREATE TYPE "public"."message_direction" AS ENUM('outbound', 'inbound');--> statement-breakpoint
CREATE TYPE "public"."message_kind" AS ENUM('auth', 'return', 'callback', 'status', 'refund');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'success', 'failed', 'cancelled', 'flagged', 'expired');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('requested', 'accepted', 'failed');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('attendee', 'organiser');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"payment_id" uuid,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"fee_paise" integer NOT NULL,
	"kind" "event_kind" NOT NULL,
	"min_team_size" integer DEFAULT 1 NOT NULL,
	"max_team_size" integer DEFAULT 1 NOT NULL,
	"registration_opens_at" timestamp with time zone NOT NULL,
	"registration_closes_at" timestamp with time zone NOT NULL,
	"capacity" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_slug_unique" UNIQUE("slug"),
	CONSTRAINT "events_fee_positive" CHECK ("events"."fee_paise" > 0),
	CONSTRAINT "events_team_sizes" CHECK ("events"."min_team_size" >= 1 AND "events"."max_team_size" >= "events"."min_team_size"),
	CONSTRAINT "events_solo_size" CHECK ("events"."kind" = 'team' OR ("events"."min_team_size" = 1 AND "events"."max_team_size" = 1)),
	CONSTRAINT "events_window" CHECK ("events"."registration_closes_at" > "events"."registration_opens_at")
);
--> statement-breakpoint
CREATE TABLE "gateway_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"direction" "message_direction" NOT NULL,
	"kind" "message_kind" NOT NULL,
	"merch_txn_id" text,
	"payment_id" uuid,
	"raw" text,
	"plain" jsonb,
	"signature_valid" boolean,
	"outcome" text,
	"http_status" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merch_txn_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"anwesha_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" "event_kind" NOT NULL,
	"team_id" uuid,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"expected_paise" integer NOT NULL,
	"amount_paise" integer,
	"surcharge_paise" integer,
	"total_paise" integer,
	"refunded_paise" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'INR' NOT NULL,
	"atom_token_id" text,
	"atompay_transaction_id" text,
	"bank_transaction_id" text,
	"payment_mode" text,
	"gateway_status_code" text,
	"gateway_message" text,
	"flag_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	CONSTRAINT "payments_merch_txn_id_unique" UNIQUE("merch_txn_id"),
	CONSTRAINT "payments_expected_positive" CHECK ("payments"."expected_paise" > 0),
	CONSTRAINT "payments_team_kind" CHECK (("payments"."event_type" = 'team') = ("payments"."team_id" IS NOT NULL)),
	CONSTRAINT "payments_refund_bound" CHECK ("payments"."refunded_paise" >= 0 AND "payments"."refunded_paise" <= coalesce("payments"."total_paise", 0))
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"refund_ref" text NOT NULL,
	"amount_paise" integer NOT NULL,
	"reason" text NOT NULL,
	"status" "refund_status" DEFAULT 'requested' NOT NULL,
	"gateway_refund_id" text,
	"gateway_status_code" text,
	"gateway_message" text,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_refund_ref_unique" UNIQUE("refund_ref"),
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount_paise" > 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_transactions" (
	"atom_token_id" text PRIMARY KEY NOT NULL,
	"merch_id" text NOT NULL,
	"merch_txn_id" text NOT NULL,
	"merch_txn_date" text NOT NULL,
	"amount_paise" integer NOT NULL,
	"cust_email" text NOT NULL,
	"cust_mobile" text NOT NULL,
	"atom_txn_id" text,
	"status_code" text,
	"returned_status_code" text,
	"surcharge_paise" integer DEFAULT 0 NOT NULL,
	"sub_channel" text,
	"bank_txn_id" text,
	"refunded_paise" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" text NOT NULL,
	"captain_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"anwesha_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"college" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'attendee' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_anwesha_id_unique" UNIQUE("anwesha_id")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_messages" ADD CONSTRAINT "gateway_messages_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_captain_id_users_id_fk" FOREIGN KEY ("captain_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_payment_idx" ON "audit_log" USING btree ("payment_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "gateway_messages_payment_idx" ON "gateway_messages" USING btree ("payment_id","received_at");--> statement-breakpoint
CREATE INDEX "gateway_messages_txn_idx" ON "gateway_messages" USING btree ("merch_txn_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_atompay_txn_uq" ON "payments" USING btree ("atompay_transaction_id") WHERE "payments"."atompay_transaction_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_solo_success_uq" ON "payments" USING btree ("event_id","user_id") WHERE "payments"."status" = 'success' AND "payments"."team_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_team_success_uq" ON "payments" USING btree ("team_id") WHERE "payments"."status" = 'success' AND "payments"."team_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_solo_pending_uq" ON "payments" USING btree ("event_id","user_id") WHERE "payments"."status" = 'pending' AND "payments"."team_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_team_pending_uq" ON "payments" USING btree ("team_id") WHERE "payments"."status" = 'pending' AND "payments"."team_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payments_user_idx" ON "payments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_event_status_idx" ON "payments" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "payments_status_created_idx" ON "payments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payments_created_idx" ON "payments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "sandbox_transactions_txn_idx" ON "sandbox_transactions" USING btree ("merch_txn_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_team_user_uq" ON "team_members" USING btree ("team_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_event_user_uq" ON "team_members" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_event_name_uq" ON "teams" USING btree ("event_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));