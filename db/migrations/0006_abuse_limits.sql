CREATE TABLE "rate_limiter_points" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sign_in_addresses" (
	"user_id" uuid NOT NULL,
	"address" text NOT NULL,
	"last_success_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_addresses_user_id_address_pk" PRIMARY KEY("user_id","address")
);
--> statement-breakpoint
ALTER TABLE "gateway_messages" ADD COLUMN "raw_sha256" text;--> statement-breakpoint
ALTER TABLE "gateway_messages" ADD COLUMN "raw_length" integer;--> statement-breakpoint
ALTER TABLE "sign_in_addresses" ADD CONSTRAINT "sign_in_addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_addresses_last_idx" ON "sign_in_addresses" USING btree ("last_success_at");--> statement-breakpoint
-- Outbound messages kept the merchant password inside their encrypted raw text; only the redacted plain JSON stays.
UPDATE "gateway_messages" SET "raw" = NULL WHERE "direction" = 'outbound';
