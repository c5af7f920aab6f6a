CREATE TYPE "public"."desk_kind" AS ENUM('cash', 'upi');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('gateway', 'desk');--> statement-breakpoint
CREATE TYPE "public"."volunteer_role" AS ENUM('door', 'desk');--> statement-breakpoint
DROP INDEX "volunteers_user_event_uq";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "method" "payment_method" DEFAULT 'gateway' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "desk_kind" "desk_kind";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "utr" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "recorded_by" uuid;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "role" "volunteer_role" DEFAULT 'door' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_utr_uq" ON "payments" USING btree ("utr") WHERE "payments"."utr" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payments_desk_idx" ON "payments" USING btree ("recorded_by","created_at") WHERE "payments"."method" = 'desk';--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_user_event_role_uq" ON "volunteers" USING btree ("user_id","event_id","role");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_desk_fields" CHECK (("payments"."method" = 'gateway' AND "payments"."desk_kind" IS NULL AND "payments"."utr" IS NULL AND "payments"."recorded_by" IS NULL)
        OR ("payments"."method" = 'desk' AND "payments"."desk_kind" IS NOT NULL AND "payments"."recorded_by" IS NOT NULL
          AND ("payments"."desk_kind" = 'upi') = ("payments"."utr" IS NOT NULL)));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_utr_digits" CHECK ("payments"."utr" IS NULL OR "payments"."utr" ~ '^[0-9]{12}$');