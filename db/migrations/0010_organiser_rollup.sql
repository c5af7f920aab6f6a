CREATE TABLE "organiser_item_facts" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"day" date NOT NULL,
	"event_id" uuid NOT NULL,
	"status" "payment_status" NOT NULL,
	"flagged" boolean NOT NULL,
	"fee_paise" integer NOT NULL,
	"paid_paise" integer NOT NULL,
	"surcharge_paise" integer NOT NULL,
	"refunded_paise" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organiser_marks" (
	"payment_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organiser_rollup" (
	"day" date NOT NULL,
	"event_id" uuid NOT NULL,
	"status" "payment_status" NOT NULL,
	"flagged" boolean NOT NULL,
	"items" integer NOT NULL,
	"fee_paise" bigint NOT NULL,
	"paid_paise" bigint NOT NULL,
	"surcharge_paise" bigint NOT NULL,
	"refunded_paise" bigint NOT NULL,
	CONSTRAINT "organiser_rollup_day_event_id_status_flagged_pk" PRIMARY KEY("day","event_id","status","flagged")
);
--> statement-breakpoint
CREATE INDEX "organiser_item_facts_payment_idx" ON "organiser_item_facts" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payment_items_created_idx" ON "payment_items" USING btree ("created_at","id");--> statement-breakpoint
-- Every change the organisers' totals depend on appends its payment to organiser_marks, in the same transaction
-- (lib/organiser/rollup.ts folds marked payments into the rollup and deletes the marks it read). A mark is one
-- plain insert into a table with no index: no lookup, no lock, never a wait for a fold. Row triggers with WHEN
-- clauses, so an update that touches nothing the totals read (a token, a "last checked" stamp, a settlement
-- status) never calls the function: the call, not the insert, is most of a mark's cost.
-- A payment's amounts change when it settles, and a settle always moves its items' status in the same transaction
-- (items follow the payment's status), so the item trigger has marked it: the payment's own trigger fires only for
-- an amount that changes while the status stays, and a settle of one item costs one mark, not two.
CREATE OR REPLACE FUNCTION organiser_mark_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO organiser_marks (payment_id) VALUES (OLD.payment_id);
  ELSE
    INSERT INTO organiser_marks (payment_id) VALUES (NEW.payment_id);
    IF TG_OP = 'UPDATE' AND OLD.payment_id <> NEW.payment_id THEN
      INSERT INTO organiser_marks (payment_id) VALUES (OLD.payment_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION organiser_mark_payment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO organiser_marks (payment_id) VALUES (NEW.id);
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS organiser_items_added ON payment_items;--> statement-breakpoint
CREATE TRIGGER organiser_items_added AFTER INSERT OR DELETE ON payment_items
  FOR EACH ROW EXECUTE FUNCTION organiser_mark_item();--> statement-breakpoint
DROP TRIGGER IF EXISTS organiser_items_changed ON payment_items;--> statement-breakpoint
CREATE TRIGGER organiser_items_changed AFTER UPDATE ON payment_items FOR EACH ROW
  WHEN ((OLD.payment_id, OLD.registration_id, OLD.status, OLD.amount_paise, OLD.refunded_paise, OLD.flag_reason IS NULL, OLD.created_at)
    IS DISTINCT FROM (NEW.payment_id, NEW.registration_id, NEW.status, NEW.amount_paise, NEW.refunded_paise, NEW.flag_reason IS NULL, NEW.created_at))
  EXECUTE FUNCTION organiser_mark_item();--> statement-breakpoint
DROP TRIGGER IF EXISTS organiser_payments_changed ON payments;--> statement-breakpoint
CREATE TRIGGER organiser_payments_changed AFTER UPDATE ON payments FOR EACH ROW
  WHEN (OLD.status = NEW.status
    AND (OLD.expected_paise, OLD.amount_paise, OLD.surcharge_paise) IS DISTINCT FROM (NEW.expected_paise, NEW.amount_paise, NEW.surcharge_paise))
  EXECUTE FUNCTION organiser_mark_payment();--> statement-breakpoint
-- Without a key, a publication of all tables (logical replication) would refuse the fold's deletes: the whole row
-- (one uuid) identifies a mark instead.
ALTER TABLE organiser_marks REPLICA IDENTITY FULL;--> statement-breakpoint
-- Payments made before this migration: marked, so the first reads count them and the first folds fill the rollup.
INSERT INTO organiser_marks (payment_id) SELECT id FROM payments;
