-- Issue 24: an event's category, for the home page's filter. Events made before it are "other" (the column's
-- default fills every existing row) until an organiser chooses; the check keeps to db/event-categories.ts's list.
ALTER TABLE "events" ADD COLUMN "category" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_category_known" CHECK ("events"."category" IN ('technical', 'cultural', 'literary', 'gaming', 'workshop', 'sports', 'other'));
