// An event's category as people read it. The list itself is db/event-categories.ts's (the database checks it);
// this file names each word once, for the home page's filter, the cards, the event page and the console's form.
// No imports but that list: the console's form runs in the browser.
import { EVENT_CATEGORIES, type EventCategory } from "@/db/event-categories";

export { EVENT_CATEGORIES, type EventCategory };

const LABEL: Record<EventCategory, string> = {
  technical: "Technical",
  cultural: "Cultural",
  literary: "Literary",
  gaming: "Gaming",
  workshop: "Workshop",
  sports: "Sports",
  other: "Other",
};

/** "technical" → "Technical". */
export const categoryLabel = (c: EventCategory): string => LABEL[c];

export const isCategory = (text: string): text is EventCategory => (EVENT_CATEGORIES as readonly string[]).includes(text);

/** "Technical, Cultural, …, Other": the words an API's error lists. */
export const categoryChoices = EVENT_CATEGORIES.join(", ");
