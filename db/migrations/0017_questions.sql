-- Questions per event (issue 26, item 4). Existing events get no questions (the default []), and no registration
-- has answers yet, so nothing is carried over. Answers keep the label asked (see db/schema.ts `answers`).
CREATE TABLE "answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"user_id" uuid,
	"question_key" text NOT NULL,
	"label" text NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "questions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "answers_registration_uq" ON "answers" USING btree ("registration_id","question_key") WHERE "answers"."user_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "answers_member_uq" ON "answers" USING btree ("registration_id","question_key","user_id") WHERE "answers"."user_id" IS NOT NULL;