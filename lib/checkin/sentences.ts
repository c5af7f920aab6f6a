// What the door is told, in the same words online (from the server) and offline (decided on the device). Shared by
// both, so it imports nothing from Node (lib/format has no imports).
import { formatISTShort } from "@/lib/format";

export type CheckInResult =
  | "admitted"
  | "already_checked_in"
  | "undone"
  | "forged"
  | "not_a_pass"
  | "other_event"
  | "revoked"
  | "not_registered";

/** HTTP status of each result: the first admission 200, a repeat 409, anything not valid 422. */
export const RESULT_STATUS: Record<CheckInResult, number> = {
  admitted: 200,
  already_checked_in: 409,
  // A queued scan made before an organiser undid the check-in it would repeat (lib/checkin/undo.ts).
  undone: 409,
  forged: 422,
  not_a_pass: 422,
  other_event: 422,
  revoked: 422,
  not_registered: 422,
};

export const sentences = {
  admitted: (holder: string, count: number) => (count > 1 ? `Admitted: ${holder} (${count} people)` : `Admitted: ${holder}`),
  alreadyIn: (at: string, by: string) => `Already checked in at ${formatISTShort(at)} by ${by}`,
  undone: (at: string, by: string, reason: string) =>
    `Not let in: an organiser undid this check-in at ${formatISTShort(at)} (${by}: ${reason}). Scan the pass again to let them in.`,
  forged: () => "Not valid: this pass was not issued by Anwesha (forged or altered).",
  notAPass: () => "Not an Anwesha entry pass.",
  otherEvent: (theirs: string, door: string) => `Not valid here: this pass is for ${theirs}, not ${door}.`,
  revoked: (status: string) =>
    status === "refunded"
      ? "Not valid: this registration was refunded."
      : status === "cancelled"
        ? "Not valid: this registration was cancelled."
        : "Not valid: this registration is not paid.",
  notRegistered: (who: string, door: string) => `${who} has no paid registration for ${door}.`,
};
