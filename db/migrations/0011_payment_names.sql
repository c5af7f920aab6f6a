-- Issue 21, finding 6. A payment pays its items: the event, kind and team it pays are its items' registrations'
-- (every payment has items since 0002, and a basket pays several events), so the payment's own copy of its first
-- basket line goes. The gateway's ids take the glossary's names. Renames keep every value; the expression index of
-- 0001 (payments_search_trgm) follows the renamed columns by itself, as Postgres indexes do.
ALTER TABLE "payments" RENAME COLUMN "atompay_transaction_id" TO "atom_txn_id";--> statement-breakpoint
ALTER TABLE "payments" RENAME COLUMN "bank_transaction_id" TO "bank_txn_id";--> statement-breakpoint
ALTER TABLE "payments" RENAME COLUMN "payment_mode" TO "sub_channel";--> statement-breakpoint
ALTER INDEX "payments_atompay_txn_uq" RENAME TO "payments_atom_txn_uq";--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_team_kind";--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_event_id_events_id_fk";--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_team_id_teams_id_fk";--> statement-breakpoint
DROP INDEX "payments_event_status_idx";--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "event_id";--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "event_type";--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "team_id";
