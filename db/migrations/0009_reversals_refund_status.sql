ALTER TYPE "public"."message_kind" ADD VALUE 'refund_status';--> statement-breakpoint
ALTER TYPE "public"."payment_status" ADD VALUE 'reversed';--> statement-breakpoint
CREATE TABLE "payment_extra_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"atom_txn_id" text NOT NULL,
	"bank_txn_id" text,
	"amount_paise" integer,
	"total_paise" integer,
	"status_code" text NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "recon_status" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "recon_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reverify_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reverify_done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_extra_charges" ADD CONSTRAINT "payment_extra_charges_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_extra_charges_atom_txn_uq" ON "payment_extra_charges" USING btree ("atom_txn_id");--> statement-breakpoint
CREATE INDEX "payment_extra_charges_payment_idx" ON "payment_extra_charges" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_reverify_idx" ON "payments" USING btree ("settled_at") WHERE "payments"."status" = 'success' AND "payments"."reverify_done_at" IS NULL;--> statement-breakpoint
CREATE INDEX "refunds_requested_idx" ON "refunds" USING btree ("created_at") WHERE "refunds"."status" = 'requested';--> statement-breakpoint
-- Successes recorded more than a week before this migration are long past the bank's reversal window (NDPS: auto
-- reversal by T+2): they are not queued for re-verification, so the first pass does not ask about every old payment.
UPDATE "payments" SET "reverify_done_at" = now() WHERE "status" = 'success' AND "settled_at" < now() - interval '7 days';
