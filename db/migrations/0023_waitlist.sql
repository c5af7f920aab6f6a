CREATE TYPE "public"."waitlist_status" AS ENUM('waiting', 'offered', 'taken', 'lapsed', 'left', 'closed');--> statement-breakpoint
CREATE TABLE "waitlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"price_key" text,
	"user_id" uuid NOT NULL,
	"team_id" uuid,
	"status" "waitlist_status" DEFAULT 'waiting' NOT NULL,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_offer_has_deadline" CHECK ("waitlist_entries"."status" <> 'offered' OR "waitlist_entries"."offer_expires_at" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "waitlist_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_solo_live_uq" ON "waitlist_entries" USING btree ("event_id","user_id") WHERE "waitlist_entries"."status" IN ('waiting', 'offered') AND "waitlist_entries"."team_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_team_live_uq" ON "waitlist_entries" USING btree ("event_id","team_id") WHERE "waitlist_entries"."status" IN ('waiting', 'offered') AND "waitlist_entries"."team_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "waitlist_event_line_idx" ON "waitlist_entries" USING btree ("event_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "waitlist_user_idx" ON "waitlist_entries" USING btree ("user_id");