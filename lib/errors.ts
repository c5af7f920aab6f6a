// Failures, and the one place that turns them into HTTP answers (errorResponse, and handle() around every route).
// Domain code throws an ApiError: a generic one (notFound(), conflict(), ...) or a named subclass for a failure
// callers tell apart (EmailTakenError, PaymentNotFoundError, a RateLimitedError, ...). Each carries the status and
// code of its answer, so no route maps errors by hand. Everything unexpected is logged and answered without
// detail; bad input is always a 4xx, never a 500.
import { ZodError, type ZodType, z } from "zod";
import { log } from "./log";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "rate_limited"
  | "gateway_error"
  | "gateway_timeout"
  | "gateway_unavailable"
  | "unavailable"
  | "internal";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The one 429: over a limit, with how long to wait (Retry-After). */
export class RateLimitedError extends ApiError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(429, "rate_limited", message, undefined, { "Retry-After": String(retryAfterSeconds) });
  }
}

export const badRequest = (message: string) => new ApiError(400, "bad_request", message);
export const unauthorized = (message = "Sign in first.") => new ApiError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do that.") => new ApiError(403, "forbidden", message);
export const notFound = (message = "Not found.") => new ApiError(404, "not_found", message);
export const conflict = (message: string) => new ApiError(409, "conflict", message);

export function validationError(error: ZodError): ApiError {
  const fields = z.flattenError(error).fieldErrors;
  return new ApiError(422, "validation_failed", "Some fields are not valid.", fields);
}

/**
 * The error and the errors it wraps: drivers and Drizzle put the database's own error in `cause`; Auth.js wraps
 * an error thrown in authorize() as `cause.err` (CallbackRouteError).
 */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    yield e as Record<string, unknown>;
    queue.push((e as { cause?: unknown }).cause, (e as { err?: unknown }).err);
  }
}

const UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01",
  "57P03",
]);

/** What a person or client is told while the database is unreachable: nothing is wrong with what they sent. */
export const UNAVAILABLE_MESSAGE = "The service is briefly unavailable. Please try again in a moment.";

/** True for errors that mean "the database is not reachable right now" (connection refused, reset, timeout). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) if (typeof e.code === "string" && UNAVAILABLE.has(e.code)) return true;
  return false;
}

/** The constraint a unique violation (23505) hit ("unique" when the driver does not say), or undefined. */
export function uniqueViolation(error: unknown): string | undefined {
  for (const e of causes(error)) {
    if (e.code === "23505") return String(e.constraint_name ?? e.constraint ?? "unique");
  }
  return undefined;
}

/** Logs an unexpected error without detail that could hold personal data. */
export function logError(error: unknown, context: Record<string, unknown> = {}): void {
  log.error({ ...context, err: errSummary(error) }, isDatabaseUnavailable(error) ? "database unavailable" : "unhandled error");
}

/** The answer to any failure: an ApiError's own, a ZodError's 422, 503 while the database is away, else 500. */
export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  return json(answerFor(error, context));
}

function answerFor(error: unknown, context: Record<string, unknown>): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return validationError(error);
  logError(error, context);
  if (isDatabaseUnavailable(error)) {
    return new ApiError(503, "unavailable", UNAVAILABLE_MESSAGE, undefined, { "Retry-After": "5" });
  }
  return new ApiError(500, "internal", "Something went wrong on our side. Please try again.");
}

function json(e: ApiError): Response {
  const body: { error: { code: string; message: string; fields?: unknown } } = { error: { code: e.code, message: e.message } };
  if (e.details !== undefined) body.error.fields = e.details;
  return Response.json(body, { status: e.status, headers: e.headers });
}

/**
 * A browser opening a route outside /api (a CSV export, a PDF) as a page: its refusal is then a small page a person
 * can read, not JSON. The API under /api always answers JSON.
 */
function navigatedTo(req: Request, path: string): boolean {
  return !path.startsWith("/api/") && (req.headers.get("accept") ?? "").includes("text/html");
}

const PAGE_TITLES: Record<number, string> = { 401: "Sign in first", 403: "Not allowed", 404: "Not found" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(e: ApiError): Response {
  const title = PAGE_TITLES[e.status] ?? "That did not work";
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Anwesha Payments</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem"><main><h1>${title}</h1>
<p>${escapeHtml(e.message)}</p><p><a href="/">Anwesha Payments</a></p></main></body></html>`;
  return new Response(body, {
    status: e.status,
    headers: { ...e.headers, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

/** True for text Postgres can store: no NUL character and no lone UTF-16 surrogate. */
export function storableText(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

/**
 * Name, the first line of the message and code only: a database error's message goes on with the query and
 * its parameters ("Failed query: … params: …"), which can hold personal data and must never be logged.
 */
export function errSummary(error: unknown): Record<string, unknown> {
  const firstLine = (m: string) =>
    m
      .split("\n")[0]!
      .replace(/\bparams:.*$/s, "")
      .slice(0, 200);
  if (error instanceof Error) {
    const query = error.message.startsWith("Failed query:");
    return {
      name: error.name,
      message: query ? "Failed query" : firstLine(error.message),
      code: (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code,
    };
  }
  return { message: firstLine(String(error)) };
}

/** Wraps a route handler so every thrown error becomes the right answer. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      const req = args[0] instanceof Request ? args[0] : undefined;
      const path = req ? new URL(req.url).pathname : undefined;
      const answer = answerFor(error, req ? { method: req.method, path } : {});
      return req && path && navigatedTo(req, path) ? page(answer) : json(answer);
    }
  };
}

const MAX_JSON_BYTES = 16 * 1024;

/** Reads a JSON body: 415 for another content type, 413 when too large, 400 when not JSON, 422 when invalid. */
export async function readJson<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  return parseJson(await readBodyText(req, MAX_JSON_BYTES), schema);
}

/**
 * For a route whose body may be left out (a button that sends nothing): no body, or an empty one, reads as `{}`;
 * anything else is read as readJson reads it.
 */
export async function readOptionalJson<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const text = await readBodyText(req, MAX_JSON_BYTES);
  if (!text.trim()) return parseJson("{}", schema);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  return parseJson(text, schema);
}

function parseJson<T>(text: string, schema: ZodType<T>): T {
  let data: unknown;
  try {
    // Postgres text cannot hold NUL or lone surrogates; refuse them here instead of failing at the database.
    data = JSON.parse(text, (_key, value) => {
      if (typeof value === "string" && !storableText(value)) throw new Error("unstorable");
      return value;
    });
  } catch {
    throw badRequest("The body is not valid JSON, or contains characters that are not allowed.");
  }
  const result = schema.safeParse(data);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** One decoder for every body: a whole-buffer decode keeps no state between calls, and making one costs. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Reads at most `limit` bytes of body; anything larger is refused with 413 without buffering it all. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new ApiError(413, "payload_too_large", "The request body is too large.");
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ApiError(413, "payload_too_large", "The request body is too large.");
    }
    chunks.push(value);
  }
  try {
    return UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw badRequest("The body is not valid UTF-8.");
  }
}
