// Deciding a scan on the device when there is no network: the pass's signature is verified with WebCrypto Ed25519
// against the public key in the event's bundle, then the revocation list, the event, and what this device knows
// of check-ins (the bundle's, plus its own queue). An admission is queued and synced later; the server has the
// last word (the earlier scan of a pass wins). Runs in the browser and, for tests, in Node: no app imports.

import { formatISTShort } from "@/lib/format";
import { parseToken } from "@/lib/passes/token";
import type { CheckInBundle } from "./bundle";
import { type CheckInResult, sentences } from "./sentences";

export interface QueuedScan {
  /** The device's id for this scan: the server answers a re-sent one the same. */
  ref: string;
  eventSlug: string;
  token?: string;
  anweshaId?: string;
  scannedAt: string;
  registrationId: string;
  userIds: string[];
  by: string;
}

export interface DoorMember {
  anweshaId: string;
  name: string;
  checkedIn: null | { at: string; by: string; deviceId?: string };
}

/** What the door shows, whether the server or the device decided it. */
export interface DoorOutcome {
  result: CheckInResult;
  reason: string;
  at?: string;
  by?: string;
  admitted: string[];
  holder: { kind: "user" | "team"; name: string; anweshaId: string | null } | null;
  /** The one person the scan was about (a member's own pass, or an Anwesha ID): the door checks it is them. */
  person: { name: string; anweshaId: string } | null;
  event: { slug: string; name: string } | null;
  members: DoorMember[];
  /** Decided on this device, to be confirmed when it syncs. */
  offline: boolean;
}

const keyCache = new Map<string, Promise<CryptoKey | null>>();

function importKey(jwk: CheckInBundle["keys"][number]["jwk"]): Promise<CryptoKey | null> {
  let p = keyCache.get(jwk.x);
  if (!p) {
    p = crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: "Ed25519" }, false, ["verify"]).catch(() => null);
    keyCache.set(jwk.x, p);
  }
  return p;
}

/** True when this browser can verify Ed25519 signatures (Chromium 137+, Firefox 129+, Safari 17+). */
export async function canVerifyOffline(bundle: Pick<CheckInBundle, "keys">): Promise<boolean> {
  const k = bundle.keys[0];
  return !!k && (await importKey(k.jwk)) !== null;
}

type Decision = { outcome: DoorOutcome; queued: QueuedScan | null };

export interface OfflineScan {
  text: string;
  scannedAt: Date;
  ref: string;
  by: string;
}

/**
 * Decides a scan (a pass's text or an Anwesha ID) from the bundle and this device's own queue. Returns what to
 * show, and the scan to queue when someone is let in.
 */
export async function decideOffline(bundle: CheckInBundle, queue: QueuedScan[], scan: OfflineScan): Promise<Decision> {
  const door = { slug: bundle.event.slug, name: bundle.event.name };
  const refuse = (result: CheckInResult, reason: string): Decision => ({
    outcome: { result, reason, admitted: [], holder: null, person: null, event: door, members: [], offline: true },
    queued: null,
  });
  const text = scan.text.trim();
  let registrationId: string;
  let only: string | null = null;
  let target: { token: string } | { anweshaId: string };
  if (/^ANW-[0-9A-Z]{6}$/i.test(text)) {
    const anweshaId = text.toUpperCase();
    const pass = bundle.passes.find((p) => p.members.some((m) => m.anweshaId === anweshaId));
    if (!pass) return refuse("not_registered", sentences.notRegistered(anweshaId, door.name));
    registrationId = pass.registrationId;
    only = pass.members.find((m) => m.anweshaId === anweshaId)!.userId;
    target = { anweshaId };
  } else {
    const parsed = parseToken(text);
    if (!parsed) return refuse("not_a_pass", sentences.notAPass());
    const key = bundle.keys.find((k) => k.kid === parsed.claims.kid);
    const cryptoKey = key ? await importKey(key.jwk) : null;
    if (key && !cryptoKey) return refuse("forged", "This browser cannot verify passes offline: check the person in by Anwesha ID.");
    const genuine = cryptoKey
      ? await crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, parsed.signature as BufferSource, parsed.signed as BufferSource)
      : false;
    if (!genuine) return refuse("forged", sentences.forged());
    if (parsed.claims.eventId !== bundle.event.id) return refuse("other_event", sentences.otherEvent("another event", door.name));
    registrationId = parsed.claims.registrationId;
    // A member's own pass admits that member alone, as their Anwesha ID would.
    if (parsed.claims.holder.kind === "member") only = parsed.claims.holder.id;
    target = { token: text };
  }
  const revoked = bundle.revoked.find((r) => r.registrationId === registrationId);
  if (revoked) return refuse("revoked", sentences.revoked(revoked.status));

  const pass = bundle.passes.find((p) => p.registrationId === registrationId);
  // Taken off the team's roster since the pass was issued: their pass goes with their place.
  if (pass && only && !pass.members.some((m) => m.userId === only)) return refuse("revoked", sentences.offRoster(pass.holder.name));
  // Not in the bundle (paid after this device last synced): this device's own queue is all it knows. A team's pass
  // queued then named nobody (the roster was unknown), so it counts for every member.
  const mine = queue.find((q) => q.registrationId === registrationId && (!only || q.userIds.length === 0 || q.userIds.includes(only)));
  if (!pass && mine) {
    return {
      outcome: {
        result: "already_checked_in",
        reason: sentences.alreadyIn(mine.scannedAt, mine.by),
        at: mine.scannedAt,
        by: mine.by,
        admitted: [],
        holder: null,
        person: null,
        event: door,
        members: [],
        offline: true,
      },
      queued: null,
    };
  }
  // Paid after this device last synced: the signature says it was paid; names come with the next sync.
  const people = pass?.members ?? [];
  const known = new Map<string, { at: string; by: string; deviceId?: string }>();
  for (const c of bundle.checkIns)
    if (c.registrationId === registrationId) known.set(c.userId, { at: c.at, by: c.by, deviceId: c.deviceId });
  for (const q of queue) {
    if (q.registrationId !== registrationId) continue;
    for (const u of q.userIds) if (!known.has(u)) known.set(u, { at: q.scannedAt, by: q.by });
  }
  const wanted = only ? [only] : people.length ? people.map((p) => p.userId) : [];
  const toAdmit = wanted.filter((u) => !known.has(u));
  const members = (admittedNow: Set<string>): DoorMember[] =>
    people.map((p) => ({
      anweshaId: p.anweshaId,
      name: p.name,
      checkedIn: known.get(p.userId) ?? (admittedNow.has(p.userId) ? { at: scan.scannedAt.toISOString(), by: scan.by } : null),
    }));
  const holder = pass ? { kind: pass.holder.kind, name: pass.holder.name, anweshaId: pass.holder.anweshaId } : null;
  const named = only ? people.find((p) => p.userId === only) : undefined;
  const person = named ? { name: named.name, anweshaId: named.anweshaId } : null;

  // Nobody new to let in (and we know who is on the pass): already checked in.
  if (wanted.length && !toAdmit.length) {
    const first = wanted.map((u) => known.get(u)!).sort((a, b) => a.at.localeCompare(b.at))[0]!;
    return {
      outcome: {
        result: "already_checked_in",
        reason: sentences.alreadyIn(first.at, first.by),
        at: first.at,
        by: first.by,
        admitted: [],
        holder,
        person,
        event: door,
        members: members(new Set()),
        offline: true,
      },
      queued: null,
    };
  }
  const admittedNow = new Set(toAdmit);
  const name = (only ? named?.name : holder?.name) ?? "Paid after this device last synced";
  return {
    outcome: {
      result: "admitted",
      reason: sentences.admitted(name, Math.max(toAdmit.length, 1)),
      admitted: people.filter((p) => admittedNow.has(p.userId)).map((p) => p.anweshaId),
      holder,
      person,
      event: door,
      members: members(admittedNow),
      offline: true,
    },
    queued: {
      ref: scan.ref,
      eventSlug: door.slug,
      ...target,
      scannedAt: scan.scannedAt.toISOString(),
      registrationId,
      userIds: toAdmit,
      by: scan.by,
    },
  };
}

/** What the server's answer to a queued scan means for the volunteer who made it, in a sentence. */
export function syncNote(result: { result: string; reason: string; supersedes?: { at: string; by: string }[] }): {
  tone: "ok" | "conflict" | "refused";
  text: string;
} {
  if (result.result === "admitted") {
    const other = result.supersedes?.[0];
    return other
      ? {
          tone: "conflict",
          text: `Synced. Also scanned on another device later (${formatISTShort(other.at)} by ${other.by}); this scan was first.`,
        }
      : { tone: "ok", text: "Synced." };
  }
  if (result.result === "already_checked_in") return { tone: "conflict", text: `Another device was first. ${result.reason}.` };
  return { tone: "refused", text: result.reason };
}
