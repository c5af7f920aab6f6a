// What the door is told, in the same words online (from the server) and offline (decided on the device). Shared by
// both, so it imports nothing from Node (lib/format has no imports).
import { formatISTShort } from "@/lib/format";
import { looksLikeToken } from "@/lib/passes/token";

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
  offRoster: (team: string) =>
    `Not valid: this member is no longer on team ${team || "of this pass"}, so their pass no longer admits them.`,
};

/** An Anwesha ID as people type it: any case, with or without the dash, spaces ignored ("anw 7k3q9p"). */
const TYPED_ANWESHA_ID = /^ANW-?([0-9A-Z]{6})$/;

/**
 * What the door's one input holds: a pass (its QR code's text, from the camera or a scanner that types it), an
 * Anwesha ID, or neither, with a sentence saying what to type instead. A pass's text is too long to type by hand:
 * the Anwesha ID is what a volunteer types.
 */
export function readDoorInput(text: string): { token: string } | { anweshaId: string } | { problem: string } {
  const value = text.trim();
  if (looksLikeToken(value)) return { token: value };
  const id = TYPED_ANWESHA_ID.exec(value.toUpperCase().replace(/\s+/g, ""));
  if (id) return { anweshaId: `ANW-${id[1]}` };
  const shown = value.length > 24 ? `${value.slice(0, 24)}…` : value;
  return { problem: `“${shown}” is not an Anwesha ID or a pass. Type an Anwesha ID like ANW-7K3Q9P, or scan the pass's QR code.` };
}

/** "1 pass", "2 passes"; "1 person", "3 people". */
export const countOf = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
