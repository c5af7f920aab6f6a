// The one spacing between two status queries ("requeries") about one payment that a person or a stranger can
// cause: an attendee's "check again", the payment page's own schedule, and the follow-up to an unverifiable
// message. Client-safe (no imports): the payment page schedules by it too. See the README's "Who requeries, and
// when".
export const REQUERY_SPACING_MS = 15_000;
