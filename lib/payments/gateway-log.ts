// The append-only record of what we said to the gateway and what it said to us. Plain JSON is stored only
// after lib/atompay's redactMessage (no password, no keys); raw text is the encrypted hex as it travelled.
import type { Db, Tx } from "@/db/client";
import { gatewayMessages } from "@/db/schema";
import type { AtomPayExchange } from "@/lib/atompay";
import { statements } from "./statements";

type Kind = (typeof gatewayMessages.$inferInsert)["kind"];

/**
 * What the gateway (or someone pretending to be it) sent can contain NUL characters or lone surrogates, which
 * Postgres text and jsonb refuse. The log must record every message, so such characters are replaced.
 */
export function storable(text: string): string {
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
      outRaw: exchange.request.encData,
      outPlain: JSON.stringify(storableJson(exchange.request.plain ?? null)),
      inRaw: storable(response.encData),
      inPlain: JSON.stringify(storableJson(response.plain ?? null)),
      httpStatus: response.httpStatus,
      outcome,
    });
    return;
  }
  const rows: (typeof gatewayMessages.$inferInsert)[] = [
    { direction: "outbound", kind, ...ref, raw: exchange.request.encData, plain: storableJson(exchange.request.plain ?? null), outcome: "sent" },
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

/** Records a message we will not act on, as it arrived and what we made of it, in one insert. */
export async function recordInbound(
  db: Db,
  kind: Kind,
  raw: string,
  what: { outcome: string; plain?: unknown; signatureValid?: boolean },
): Promise<number> {
  const [row] = await db
    .insert(gatewayMessages)
    .values({
      direction: "inbound",
      kind,
      raw: storable(raw.slice(0, 70_000)),
      outcome: what.outcome,
      plain: what.plain === undefined ? null : (storableJson(what.plain) as object),
      signatureValid: what.signatureValid ?? null,
    })
    .returning({ id: gatewayMessages.id });
  return row!.id;
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
}
