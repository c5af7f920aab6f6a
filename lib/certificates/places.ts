// A result's place: "winner", "runner-up", or a place an organiser names ("Third place", "Best design").
import { z } from "zod";

export const placeSchema = z
  .string()
  .trim()
  .min(1, "Say the place: winner, runner-up, or its name.")
  .max(60, "A place is at most 60 characters.")
  .transform((p) => (/^winner$/i.test(p) ? "winner" : /^runner[\s-]?up$/i.test(p) ? "runner-up" : p));

/** How a place is written on a certificate and a page: "Winner", "Runner-up", or the name as given. */
export function placeLabel(place: string): string {
  if (place === "winner") return "Winner";
  if (place === "runner-up") return "Runner-up";
  return place;
}
