CREATE TABLE "event_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"fee_paise" integer NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"email_domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"code_only" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_prices_fee_nonnegative" CHECK ("event_prices"."fee_paise" >= 0),
	CONSTRAINT "event_prices_window" CHECK ("event_prices"."closes_at" > "event_prices"."opens_at"),
	CONSTRAINT "event_prices_capacity_nonnegative" CHECK ("event_prices"."capacity" IS NULL OR "event_prices"."capacity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "basket_items" ADD COLUMN "price_key" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "price_key" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "price_label" text DEFAULT 'Standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_prices" ADD CONSTRAINT "event_prices_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_prices_event_key_uq" ON "event_prices" USING btree ("event_id","key");--> statement-breakpoint
-- Every existing event carried over as one price: key "standard", label "Standard", the event's fee, no window,
-- capacity or condition of its own. Existing registrations got that price above (the columns' defaults), and their
-- fee_paise is already the amount they were asked to pay.
INSERT INTO "event_prices" ("event_id", "key", "label", "fee_paise", "position", "created_at", "updated_at")
SELECT "id", 'standard', 'Standard', "fee_paise", 0, now(), now() FROM "events";
