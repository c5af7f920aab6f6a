-- Organisers search payments by name, email, phone, Anwesha ID, merchTxnId and the gateway's ids with a
-- substring match (ILIKE '%…%'). A trigram index over the same expression keeps that fast at 100,000 rows
-- (lib/organiser/queries.ts searchText must stay identical to this expression).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_search_trgm" ON "payments" USING gin (lower(name || chr(31) || email || chr(31) || phone || chr(31) || anwesha_id || chr(31) || merch_txn_id || chr(31) || coalesce(atompay_transaction_id, '') || chr(31) || coalesce(bank_transaction_id, '')) gin_trgm_ops);
