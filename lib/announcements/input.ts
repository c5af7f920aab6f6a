// What an author may send: a subject line and a plain-text body, within bounds, and how often. The limits live here,
// once; the database's checks (db/schema.ts announcements) hold the same lengths.
import { createHash } from "node:crypto";
import { z } from "zod";

/** At most this many announcements per event in any hour: a coordinator's slip cannot flood 500 inboxes. */
export const ANNOUNCEMENTS_PER_EVENT_PER_HOUR = 3;
export const SUBJECT_MAX = 120;
/** 4,000 characters: a long notice fits, and the request stays under the 16 KB JSON limit in any script. */
export const BODY_MAX = 4000;

// Controls other than a line break or tab would hide text in a mail client; a subject is one line (no header tricks).
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const hasControl = (s: string) =>
  [...s].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 32 && c !== "\n" && c !== "\t") || code === 127;
  });

export const announcementInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Write a subject.")
    .max(SUBJECT_MAX, `At most ${SUBJECT_MAX} characters.`)
    .refine((s) => !LINE_BREAK.test(s) && !hasControl(s), "One line of text, please."),
  body: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, "Write a message.")
        .max(BODY_MAX, `At most ${BODY_MAX} characters.`)
        .refine((s) => !hasControl(s), "Only text, please: no control characters."),
    ),
  includeWaitlist: z.boolean().optional().default(false),
  /** Only show who would get it and the mail they would read; nothing is sent. */
  preview: z.boolean().optional().default(false),
});
export type AnnouncementInput = z.infer<typeof announcementInput>;

/** The same words to the same event are one announcement: a retry or a second click finds the first. */
export function fingerprintOf(input: Pick<AnnouncementInput, "subject" | "body">): string {
  return createHash("sha256").update(input.subject).update("\u0000").update(input.body).digest("hex");
}
