CREATE TABLE "sandbox_refunds" (
	"refund_txn_id" text PRIMARY KEY NOT NULL,
	"atom_txn_id" text NOT NULL,
	"prod_refund_id" text NOT NULL,
	"amount_paise" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_switches" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox_transactions" ADD COLUMN "scenario" text;--> statement-breakpoint
ALTER TABLE "sandbox_transactions" ADD COLUMN "status_queries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "sandbox_refunds_atom_idx" ON "sandbox_refunds" USING btree ("atom_txn_id");