// An event's category: a fixed list, so the home page's filter offers what exists and the database refuses any
// other word (the events_category_known check). No imports: the console's event form checks it in the browser.
// Their names for people are lib/events/categories.ts's.
export const EVENT_CATEGORIES = ["technical", "cultural", "literary", "gaming", "workshop", "sports", "other"] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];
/** What an event made before categories existed, or made without choosing, is. */
export const DEFAULT_CATEGORY: EventCategory = "other";
