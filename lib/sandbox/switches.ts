// The sandbox gateway's scenario switches: how its server-to-server APIs misbehave, for tests and for a person
// trying the app. Kept in the database (not in memory) so every app instance and every test's own database
// sees the same switches. Set on /sandbox/atompay/scenarios or by POST to the same URL.
import { z } from "zod";
import type { Db } from "@/db/client";
import { sandboxSwitches } from "@/db/schema";

/**
 * The status API: answer normally, slowly, not at all (503), with garbage, empty, no element, or a given code.
 * REFUNDSTATUS shares its endpoint and has the same bad days (except "code", which is about transactions).
 */
export const STATUS_MODES = {
  normal: "Answers the truth",
  slow: "Answers the truth, but only after the delay below",
  down: "Down: HTTP 503",
  garbage: "Answers garbage (not decryptable)",
  empty: "Answers an empty body",
  "no-element": "Answers payInstrument: [] (nothing about the transaction)",
  code: "Answers the status code below for every transaction (e.g. OTS0634 invalid CVV)",
} as const;
export type StatusMode = keyof typeof STATUS_MODES;

export const REFUND_STATUS_SHAPES = {
  array: "refundStatusDetails: [ {prodName, refundStatus: [...]} ] (NDPS's MCP docs)",
  object:
    'refundStatusDetails: { refundDetails: [ {prodName, refundStatus: [...]} ] } (the API reference\'s sample, "REFUND STATUS FETCHED SUCCESSFULLY")',
} as const;
export type RefundStatusShape = keyof typeof REFUND_STATUS_SHAPES;

/** Remarks integrators list, and one no source lists (the app must keep it and not take it as success). */
export const REFUND_STATUS_REMARKS = {
  "REFUND INITIATED": "accepted by the gateway",
  "REFUND PROCESSED": "money sent back",
  "REFUND PENDING": "pending: stays reserved, asked again",
  "REFUND FAILED": "failed: the amount is released",
  "REFUND REJECTED": "rejected: the amount is released",
  "REFUND ON HOLD": "words no source lists: kept and shown, never success",
} as const;
export type RefundStatusRemarks = keyof typeof REFUND_STATUS_REMARKS;

export const switchesSchema = z.object({
  status: z.enum(Object.keys(STATUS_MODES) as [StatusMode, ...StatusMode[]]).default("normal"),
  statusDelayMs: z.coerce.number().int().min(0).max(60_000).default(3_000),
  statusCode: z
    .string()
    .regex(/^OTS\d{4}$/)
    .default("OTS0634"),
  /** Server-to-server callbacks sent with a Java HTTP client's default headers (Accept includes text/html). */
  callbackHeaders: z.enum(["plain", "java"]).default("plain"),
  /**
   * "on": every callback sent is joined by one about a transaction on the same merchant id that the app never
   * started (NDPS posts every transaction on the id to its callback URL: payment links, other systems). Genuine and
   * signed; the app must answer it OK and change nothing.
   */
  foreignCallback: z.enum(["off", "on"]).default("off"),
  /** How long a "late" callback waits. */
  lateCallbackMs: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /**
   * REFUNDINIT: "lost", the refund is made but its answer never reaches the merchant (HTTP 504, no body);
   * "ots0001", the refund is made and the answer says OTS0001 at the top with no per-product status (seen by
   * third-party integrations; only REFUNDSTATUS can then tell).
   */
  refundAnswer: z.enum(["normal", "lost", "ots0001"]).default("normal"),
  /** REFUNDSTATUS's shape: NDPS's MCP docs' array, or the API reference sample's object with refundDetails. */
  refundStatusShape: z.enum(Object.keys(REFUND_STATUS_SHAPES) as [RefundStatusShape, ...RefundStatusShape[]]).default("array"),
  /** The remarks REFUNDSTATUS gives every refund it lists (entries carry no code, only these words). */
  refundStatusRemarks: z
    .enum(Object.keys(REFUND_STATUS_REMARKS) as [RefundStatusRemarks, ...RefundStatusRemarks[]])
    .default("REFUND INITIATED"),
});
export type Switches = z.infer<typeof switchesSchema>;

const DEFAULT_SWITCHES: Switches = switchesSchema.parse({});

export async function readSwitches(db: Db): Promise<Switches> {
  const rows = await db.select().from(sandboxSwitches);
  const raw = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  const parsed = switchesSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_SWITCHES;
}

/** Set some switches (the rest keep their values); `reset` first puts every switch back to normal. */
export async function writeSwitches(db: Db, input: Partial<Record<keyof Switches, unknown>>, reset = false): Promise<Switches> {
  const current = reset ? DEFAULT_SWITCHES : await readSwitches(db);
  const next = switchesSchema.parse({ ...current, ...input });
  await db.transaction(async (tx) => {
    for (const [name, value] of Object.entries(next)) {
      await tx
        .insert(sandboxSwitches)
        .values({ name, value: String(value) })
        .onConflictDoUpdate({ target: sandboxSwitches.name, set: { value: String(value), updatedAt: new Date() } });
    }
  });
  return next;
}
