/**
 * Shared pieces for message schemas: how ids and amounts arrive (numbers or strings), how zod failures become
 * short GatewayProtocolErrors (a field path and an issue code, never the message itself).
 */
import { z } from "zod";
import { AtomPayInputError, GatewayProtocolError } from "../errors";
import { toPaise } from "../money";

/** Ids (merchId, atomTxnId, bankTxnId, atomTokenId) arrive as JSON numbers or strings. */
export const idValue = z.union([z.string(), z.number()]);
/** Amounts arrive as JSON numbers (250.00 -> 250) or strings ("250.00"). */
export const amountValue = z.union([z.number(), z.string()]);
/** subChannel is an array in return messages and a plain string in status answers. */
export const subChannelValue = z.union([z.array(z.string()), z.string()]);

export function parseOrThrow<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? issue.path.map(String).join(".") : "";
  throw new GatewayProtocolError("schema", `${what}: ${path || "(root)"} ${issue?.code ?? "invalid"}`);
}

/**
 * A JSON number id rendered as integer text. JSON.parse turns 15000000085228 into a double; ids below 2^53
 * (every id seen so far, which are ~1.5e13) are exact, and String() renders them without exponent. An id
 * beyond 2^53 would already have lost digits, so it is refused rather than silently altered.
 */
export function idText(v: string | number, field: string): string {
  if (typeof v === "string") {
    const s = v.trim();
    if (s === "") throw new GatewayProtocolError("schema", `${field}: empty`);
    return s;
  }
  if (!Number.isSafeInteger(v) || v < 0) throw new GatewayProtocolError("schema", `${field}: not an exact non-negative integer`);
  return String(v);
}

export function amountPaise(v: string | number, field: string): number {
  try {
    return toPaise(typeof v === "string" ? v.trim() : v);
  } catch (e) {
    if (e instanceof AtomPayInputError) throw new GatewayProtocolError("amount", `${field}: not an exact amount`);
    throw e;
  }
}

export function firstSubChannel(v: string | string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

/** payInstrument is an object in most messages and an array in the status answer: take element 0. */
export function firstInstrument<T>(v: T | T[], what: string): T {
  if (Array.isArray(v)) {
    const first = v[0];
    if (first === undefined) throw new GatewayProtocolError("schema", `${what}: payInstrument is an empty array`);
    return first;
  }
  return v;
}

/** Digits-only ids go into request JSON as numbers (the gateway's examples do); anything else stays text. */
export function idForJson(id: string): number | string {
  return /^[1-9]\d{0,14}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

export function requireText(value: unknown, field: string, maxLength = 256): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (typeof value !== "string" || value.trim() === "" || value.length > maxLength || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new AtomPayInputError(field, `${field} must be non-empty printable text of at most ${maxLength} characters`);
  }
  return value;
}

export function requirePaise(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new AtomPayInputError(field, `${field} must be a positive integer number of paise`);
  }
  return value;
}

export function requireDate(value: unknown, field: string): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) {
    throw new AtomPayInputError(field, `${field} must be a valid Date`);
  }
  return value;
}

export const UDF_KEYS = ["udf1", "udf2", "udf3", "udf4", "udf5"] as const;
export type UdfKey = (typeof UDF_KEYS)[number];
export type Udf = Partial<Record<UdfKey, string>>;

/** Collect udfN strings from an `extras` object (udf1–udf10; anything else ignored). */
export function readUdf(extras: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!extras) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(extras)) {
    if (/^udf([1-9]|10)$/.test(k) && (typeof v === "string" || typeof v === "number")) out[k] = String(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
