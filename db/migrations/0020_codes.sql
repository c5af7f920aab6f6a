CREATE TABLE "code_events" (
	"code_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	CONSTRAINT "code_events_code_id_event_id_pk" PRIMARY KEY("code_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"discount_paise" integer,
	"discount_percent" integer,
	"unlocks" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_uses" integer,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"owner_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "codes_one_discount" CHECK ("codes"."discount_paise" IS NULL OR "codes"."discount_percent" IS NULL),
	CONSTRAINT "codes_discount_paise_positive" CHECK ("codes"."discount_paise" IS NULL OR "codes"."discount_paise" > 0),
	CONSTRAINT "codes_discount_percent_range" CHECK ("codes"."discount_percent" IS NULL OR "codes"."discount_percent" BETWEEN 1 AND 100),
	CONSTRAINT "codes_max_uses_positive" CHECK ("codes"."max_uses" IS NULL OR "codes"."max_uses" > 0),
	CONSTRAINT "codes_window" CHECK ("codes"."valid_until" > "codes"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "basket_items" ADD COLUMN "code_id" uuid;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "code_id" uuid;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "discount_paise" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "code_events" ADD CONSTRAINT "code_events_code_id_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_events" ADD CONSTRAINT "code_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "codes" ADD CONSTRAINT "codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "code_events_event_idx" ON "code_events" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "codes_code_upper_uq" ON "codes" USING btree (upper("code"));--> statement-breakpoint
CREATE INDEX "codes_owner_idx" ON "codes" USING btree ("owner_id");--> statement-breakpoint
ALTER TABLE "basket_items" ADD CONSTRAINT "basket_items_code_id_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_code_id_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registrations_code_idx" ON "registrations" USING btree ("code_id") WHERE "registrations"."code_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_discount" CHECK ("registrations"."discount_paise" >= 0 AND ("registrations"."discount_paise" = 0 OR "registrations"."code_id" IS NOT NULL));