// A code's uses, derived from registrations the way seats are (lib/registrations/seats.ts): a registration with the
// code that takes a seat is one use, **held** while its payment is live and **counted** once it is entered. So a
// released hold, a cancel or a full refund gives the use back with nothing to undo. The limit is kept as seats are:
// the start locks the code's row (FOR NO KEY UPDATE, after the events' and the teams' locks), then counts, in the
// transaction that records the registrations, so a rush never holds more uses than the limit; a late success whose
// code was used up meanwhile is flagged by the settle's one predicate (codeUseFreeSql, in payableSql).
import { and, inArray, isNotNull, notInArray, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { codes, registrations } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import { takesSeatSql } from "@/lib/registrations/seats";
import { USED_UP } from "./rule";

/** Held (payment live) and used (entered) per code id; codes with neither are absent. */
export async function usesOf(
  db: Db | Tx,
  codeIds: string[],
  now: Date,
  except: string[] = [],
): Promise<Map<string, { held: number; used: number }>> {
  if (!codeIds.length) return new Map();
  const rows = await db
    .select({
      codeId: registrations.codeId,
      used: sql<number>`count(*) filter (where ${registrations.status} = 'paid')::integer`.mapWith(Number),
      held: sql<number>`count(*) filter (where ${registrations.status} <> 'paid')::integer`.mapWith(Number),
    })
    .from(registrations)
    .where(
      and(
        inArray(registrations.codeId, codeIds),
        except.length ? notInArray(registrations.id, except) : undefined,
        takesSeatSql('"registrations"', now),
      ),
    )
    .groupBy(registrations.codeId);
  return new Map(rows.map((r) => [r.codeId!, { held: r.held, used: r.used }]));
}

/** The 409 of a code at its limit. */
export class CodeUsedUpError extends ApiError {
  constructor() {
    super(409, "conflict", USED_UP, { code: [USED_UP] });
  }
}

/** One use wanted of a code with a limit, by a registration (existing, so its own use is not counted twice) or a new one. */
export interface CodeUseWant {
  codeId: string;
  registrationId?: string;
}

/**
 * Locks these codes' rows for a use decision, in id order, as lockEvents does the events: taken before the
 * transaction writes registrations pointing at them (their foreign keys take key-share locks, which NO KEY UPDATE
 * does not wait on). Returns each locked code's limit.
 */
export async function lockCodes(tx: Tx, codeIds: string[]): Promise<Map<string, { code: string; maxUses: number | null }>> {
  const ids = [...new Set(codeIds)].sort();
  if (!ids.length) return new Map();
  const rows = await tx
    .select({ id: codes.id, code: codes.code, maxUses: codes.maxUses })
    .from(codes)
    .where(inArray(codes.id, ids))
    .orderBy(codes.id)
    .for("no key update");
  return new Map(rows.map((r) => [r.id, { code: r.code, maxUses: r.maxUses }]));
}

/** Locks the codes wanted (lockCodes) and throws CodeUsedUpError when any has no use left for `wants`. */
export async function assertCodeUses(tx: Tx, wants: CodeUseWant[], now: Date): Promise<void> {
  if (!wants.length) return;
  const locked = await lockCodes(
    tx,
    wants.map((w) => w.codeId),
  );
  const limited = [...locked].filter(([, c]) => c.maxUses != null);
  if (!limited.length) return;
  const mine = wants.flatMap((w) => (w.registrationId ? [w.registrationId] : []));
  const uses = await usesOf(
    tx,
    limited.map(([id]) => id),
    now,
    mine,
  );
  for (const [id, c] of limited) {
    const u = uses.get(id) ?? { held: 0, used: 0 };
    if (u.held + u.used + wants.filter((w) => w.codeId === id).length > c.maxUses!) throw new CodeUsedUpError();
  }
}

/** SQL: the registrations row `r` carries a code with a use limit (its use must be counted like a seat). */
export function codeLimitedSql(r: string): SQL {
  const reg = sql.raw(r);
  return sql`(${reg}.code_id is not null and exists (select 1 from codes lc where lc.id = ${reg}.code_id and lc.max_uses is not null))`;
}

/**
 * SQL: the code of the registrations row `r` has a use free for it right now, counting every other registration
 * with the code that takes a seat. Only a caller holding the code's row lock may ask (the careful path of the
 * settle, as for seats).
 */
export function codeUseFreeSql(r: string, now: Date): SQL {
  const reg = sql.raw(r);
  return sql`not exists (select 1 from codes fc where fc.id = ${reg}.code_id and fc.max_uses is not null
    and (select count(*) from registrations o where o.code_id = fc.id and o.id <> ${reg}.id and ${takesSeatSql("o", now)}) >= fc.max_uses)`;
}

/** The ids of the codes these registrations carry (for the settle's careful path to lock). */
export async function codesOfRegistrations(tx: Tx, registrationIds: string[]): Promise<string[]> {
  if (!registrationIds.length) return [];
  const rows = await tx
    .selectDistinct({ codeId: registrations.codeId })
    .from(registrations)
    .where(and(inArray(registrations.id, registrationIds), isNotNull(registrations.codeId)));
  return rows.map((r) => r.codeId!);
}
