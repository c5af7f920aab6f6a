ALTER TABLE "events" DROP CONSTRAINT "events_fee_positive";--> statement-breakpoint
ALTER TABLE "payment_items" DROP CONSTRAINT "payment_items_amount_positive";--> statement-breakpoint
ALTER TABLE "registrations" DROP CONSTRAINT "registrations_fee_positive";--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_fee_nonnegative" CHECK ("events"."fee_paise" >= 0);--> statement-breakpoint
ALTER TABLE "payment_items" ADD CONSTRAINT "payment_items_amount_nonnegative" CHECK ("payment_items"."amount_paise" >= 0);--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_fee_nonnegative" CHECK ("registrations"."fee_paise" >= 0);