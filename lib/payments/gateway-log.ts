// The append-only record of what we said to the gateway and what it said to us. Plain JSON is stored only
// after lib/atompay's redactMessage (no password, no keys). Raw text is the encrypted hex as it travelled, for
// what the gateway sent; what WE sent is kept only as redacted plain JSON, because our encrypted requests carry
// the merchant password (encrypted or not, it does not belong in our database).
//
// Anyone can post to the gateway URL, so what it writes is bounded: a message we reject keeps only a short
// prefix of its raw text plus the whole text's SHA-256 and length, and an address whose posts keep failing
// verification has further unverifiable posts dropped for a while (gatewayPostRefusal / countRejectedGatewayPost,
// called by receive.ts after it has tried to verify the post: a message that verifies is never refused).
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { gatewayMessages, type Payment } from "@/db/schema";
import type { AtomPayExchange } from "@/lib/atompay";
import { addressKey } from "@/lib/http/forwarding";
import { metrics } from "@/lib/metrics";
import { DbRateLimiter } from "@/lib/rate-limit";
import { statements } from "./statements";

/** What is kept of a rejected message's raw text, and of its decrypted JSON (bad signature, wrong merchant). */
export const REJECTED_RAW_PREFIX = 256;
const REJECTED_PLAIN_MAX = 4096;
/** Unverifiable posts to the gateway URLs per client address before further ones are dropped (429) for the rest of the window. */
export const REJECTED_POSTS_PER_ADDRESS = { points: 60, duration: 10 * 60 };

type Kind = (typeof gatewayMessages.$inferInsert)["kind"];

/**
 * What the gateway (or someone pretending to be it) sent can contain NUL characters or lone surrogates, which
 * Postgres text and jsonb refuse. The log must record every message, so such characters are replaced.
 */
export function storable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character Postgres refuses
  return text.replace(/\u0000/g, "\uFFFD").toWellFormed();
}

function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storable(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storableJson(v)]));
  }
  return value;
}

export async function logExchange(
  db: Db | Tx,
  kind: Kind,
  exchange: AtomPayExchange | undefined,
  ref: { merchTxnId: string; paymentId?: string },
  outcome: string,
): Promise<void> {
  if (!exchange) return;
  const response = exchange.response;
  if (response?.encData && response.httpStatus !== undefined) {
    // The usual case, one prepared statement for both messages.
    await statements(db as Db).logExchangePair.execute({
      kind,
      merchTxnId: ref.merchTxnId,
      paymentId: ref.paymentId ?? null,
      outRaw: null,
      outPlain: JSON.stringify(storableJson(exchange.request.plain ?? null)),
      inRaw: storable(response.encData),
      inPlain: JSON.stringify(storableJson(response.plain ?? null)),
      httpStatus: response.httpStatus,
      outcome,
    });
    return;
  }
  const rows: (typeof gatewayMessages.$inferInsert)[] = [
    { direction: "outbound", kind, ...ref, raw: null, plain: storableJson(exchange.request.plain ?? null), outcome: "sent" },
  ];
  if (exchange.response && (exchange.response.encData || exchange.response.httpStatus)) {
    rows.push({
      direction: "inbound",
      kind,
      ...ref,
      raw: exchange.response.encData ? storable(exchange.response.encData) : null,
      plain: storableJson(exchange.response.plain ?? null),
      httpStatus: exchange.response.httpStatus ?? null,
      outcome,
    });
  }
  await db.insert(gatewayMessages).values(rows);
}

/** AUTH issued a token: log the exchange and store the token on the payment, in one statement when it can. */
export async function logAuthAndSetToken(
  db: Db,
  exchange: AtomPayExchange | undefined,
  ref: { merchTxnId: string; paymentId: string },
  atomTokenId: string,
): Promise<Payment> {
  const response = exchange?.response;
  if (exchange && response?.encData && response.httpStatus !== undefined) {
    const [row] = await statements(db).logAuthAndSetToken.execute({
      merchTxnId: ref.merchTxnId,
      paymentId: ref.paymentId,
      outPlain: JSON.stringify(storableJson(exchange.request.plain ?? null)),
      inRaw: storable(response.encData),
      inPlain: JSON.stringify(storableJson(response.plain ?? null)),
      httpStatus: response.httpStatus,
      atomTokenId,
    });
    return row!;
  }
  await logExchange(db, "auth", exchange, ref, "token-issued");
  const [row] = await statements(db).setToken.execute({ id: ref.paymentId, atomTokenId });
  return row!;
}

const isRejection = (outcome: string) => outcome.startsWith("rejected:");

/** A rejected message's decrypted JSON, unless it is large (then only a note of its size). */
function boundedPlain(plain: unknown): unknown {
  const text = JSON.stringify(storableJson(plain));
  return text.length <= REJECTED_PLAIN_MAX
    ? JSON.parse(text)
    : { withheld: "too large to keep for a rejected message", length: text.length };
}

/** Records a message we will not act on, what we made of it, in one insert (bounded when we rejected it). */
export async function recordInbound(
  db: Db,
  kind: Kind,
  raw: string,
  what: { outcome: string; plain?: unknown; signatureValid?: boolean },
): Promise<number> {
  const text = storable(raw);
  const rejected = isRejection(what.outcome);
  const plain = what.plain === undefined ? null : rejected ? boundedPlain(what.plain) : storableJson(what.plain);
  const [row] = await db
    .insert(gatewayMessages)
    .values({
      direction: "inbound",
      kind,
      raw: rejected ? text.slice(0, REJECTED_RAW_PREFIX) : text.slice(0, 70_000),
      rawSha256: rejected ? createHash("sha256").update(text, "utf8").digest("hex") : null,
      rawLength: rejected ? text.length : null,
      outcome: what.outcome,
      plain: plain as object | null,
      signatureValid: what.signatureValid ?? null,
    })
    .returning({ id: gatewayMessages.id });
  return row!.id;
}

/** A row recorded in full on the hot path that then turned out to be a rejection: keep only prefix and hash. */
async function boundRecorded(db: Db, id: number): Promise<void> {
  const m = gatewayMessages;
  await db
    .update(m)
    .set({
      rawSha256: sql`encode(sha256(convert_to(coalesce(${m.raw}, ''), 'UTF8')), 'hex')`,
      rawLength: sql`length(${m.raw})`,
      raw: sql`left(${m.raw}, ${REJECTED_RAW_PREFIX})`,
      plain: sql`case when length(${m.plain}::text) <= ${REJECTED_PLAIN_MAX} then ${m.plain}
        else jsonb_build_object('withheld', 'too large to keep for a rejected message', 'length', length(${m.plain}::text)) end`,
    })
    .where(eq(m.id, id));
}

export async function annotateInbound(
  db: Db,
  id: number,
  what: { outcome: string; merchTxnId?: string; paymentId?: string; plain?: unknown; signatureValid?: boolean },
): Promise<void> {
  await statements(db).annotateInbound.execute({
    id,
    outcome: what.outcome,
    merchTxnId: what.merchTxnId === undefined ? null : storable(what.merchTxnId),
    paymentId: what.paymentId ?? null,
    plain: what.plain === undefined ? null : JSON.stringify(storableJson(what.plain)),
    signatureValid: what.signatureValid ?? null,
  });
  if (isRejection(what.outcome)) await boundRecorded(db, id);
}

const rejectedPosts = perDatabase(
  (db: Db) =>
    new DbRateLimiter(db, {
      keyPrefix: "gateway:rejected",
      ...REJECTED_POSTS_PER_ADDRESS,
      // Past the limit, refused from memory: a flood costs no database work at all.
      inMemoryBlockOnConsumed: REJECTED_POSTS_PER_ADDRESS.points + 1,
    }),
);

/**
 * Before reading a post to the gateway URL: seconds to wait when this address has sent too many rejected posts
 * lately, else null. In memory only (no database trip on the hot path); the count itself is in the database.
 */
export function gatewayPostRefusal(db: Db, client: string | null): number | null {
  const ms = rejectedPosts(db).blockedInMemoryMs(addressKey(client));
  if (ms <= 0) return null;
  metrics().gatewayPostsRefused.inc();
  return Math.max(1, Math.ceil(ms / 1000));
}

/** After a post to the gateway URLs could not be verified (no encData, undecryptable, bad signature): counts it for its address. */
export async function countRejectedGatewayPost(db: Db, client: string | null): Promise<void> {
  await rejectedPosts(db)
    .consume(addressKey(client))
    .catch((error: unknown) => {
      if (error instanceof Error) throw error; // a database error; a RateLimiterRes only means "now over"
    });
}
