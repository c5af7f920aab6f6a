CREATE TABLE "substitutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"out_user_id" uuid NOT NULL,
	"in_user_id" uuid NOT NULL,
	"proposed_by" uuid NOT NULL,
	"status" "invitation_status" DEFAULT 'pending' NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "substitutions_two_people" CHECK ("substitutions"."out_user_id" <> "substitutions"."in_user_id")
);
--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_out_user_id_users_id_fk" FOREIGN KEY ("out_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_in_user_id_users_id_fk" FOREIGN KEY ("in_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "substitutions_pending_out_uq" ON "substitutions" USING btree ("team_id","out_user_id") WHERE "substitutions"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "substitutions_pending_in_uq" ON "substitutions" USING btree ("team_id","in_user_id") WHERE "substitutions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "substitutions_in_idx" ON "substitutions" USING btree ("in_user_id","status");