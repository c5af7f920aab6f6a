// `npm run bench -- door`: the doors open. DOOR_VOLUNTEERS phones (10) let DOOR_PEOPLE people (2,000) in over
// DOOR_SECONDS (60). Half the phones are online and scan each person with POST /api/checkin; the other half are
// offline, queue their scans on the phone, and come back online together (every DOOR_SYNC_SECONDS, and at the end),
// syncing their queues with POST /api/checkin/sync in one burst. DOOR_TWICE of the people (5 %) are scanned at two
// doors, once by an online phone and once by an offline one. Asserted: every person is admitted exactly once (one
// check-in row each, no second "admitted" for anyone). Figures: scan and sync p50/p99, in the "door" section of
// bench/RESULTS.md.
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { runMigrations } from "../db/migrator";
import { rowsOf } from "../db/rows";
import { apiTokens, events, registrations, users } from "../db/schema";
import { grantVolunteer } from "../lib/checkin/volunteers";
import { seedDemoData } from "../lib/demo/seeder";
import {
  BASE,
  commitOf,
  log,
  type Mode,
  openModeDatabase,
  pinCores,
  pinningWords,
  ResourceWatch,
  STEP_HEADER,
  Step,
  startApp,
  stopApp,
  timed,
  waitForHealth,
  writeResultsSection,
} from "./harness";

const PEOPLE = Number(process.env.DOOR_PEOPLE ?? 2_000);
const VOLUNTEERS = Number(process.env.DOOR_VOLUNTEERS ?? 10);
const SECONDS = Number(process.env.DOOR_SECONDS ?? 60);
const SYNC_SECONDS = Number(process.env.DOOR_SYNC_SECONDS ?? 20);
const TWICE = Number(process.env.DOOR_TWICE ?? 0.05);
const SLUG = "door-gala";
/** The sync API's limit per request (lib/checkin/api.ts). */
const SYNC_BATCH = 200;

interface Phone {
  token: string;
  deviceId: string;
  online: boolean;
  /** Anwesha IDs this phone scans, in order. */
  scans: string[];
  queue: { ref: string; eventSlug: string; anweshaId: string; scannedAt: string }[];
  /** A sync in flight: the next burst waits for it, as the app's own sync does not run twice at once. */
  syncing: Promise<void> | null;
}

async function prepare(database: Database): Promise<Phone[]> {
  await runMigrations(database);
  await seedDemoData(database);
  const { db } = database;
  const [event] = await db.insert(events).values({ slug: SLUG, name: "Door Gala", kind: "solo", feePaise: 0 }).returning();
  const [organiser] = await db.select().from(users).where(eq(users.email, "organiser@example.com"));
  const people: string[] = [];
  for (let from = 0; from < PEOPLE; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, PEOPLE - from) }, (_, k) => {
      const i = from + k;
      return {
        anweshaId: `ANW-D${i.toString(36).toUpperCase().padStart(5, "0")}`,
        name: `Guest ${i}`,
        email: `guest-${i}@example.com`,
        phone: "9876543210",
        college: "Door",
        passwordHash: "x",
      };
    });
    const made = await db.insert(users).values(batch).returning({ id: users.id, anweshaId: users.anweshaId });
    // Entered (a free event's registrations are confirmed at once), so each has a pass for the door.
    await db
      .insert(registrations)
      .values(made.map((u) => ({ eventId: event!.id, userId: u.id, feePaise: 0, status: "paid" as const, paidAt: new Date() })));
    people.push(...made.map((u) => u.anweshaId));
  }
  const phones: Phone[] = [];
  for (let v = 0; v < VOLUNTEERS; v++) {
    const [u] = await db
      .insert(users)
      .values({
        anweshaId: `ANW-V${v.toString(36).toUpperCase().padStart(5, "0")}`,
        name: `Volunteer ${v}`,
        email: `volunteer-${v}@example.com`,
        phone: "9876543210",
        college: "Door",
        passwordHash: "x",
      })
      .returning();
    await grantVolunteer(db, organiser!.id, { eventSlug: SLUG, who: u!.anweshaId });
    const token = `anw_door_${randomBytes(16).toString("hex")}`;
    await db
      .insert(apiTokens)
      .values({ userId: u!.id, tokenHash: createHash("sha256").update(token).digest("hex"), expiresAt: new Date(Date.now() + 86_400_000) });
    phones.push({ token, deviceId: `phone-${v}`, online: v % 2 === 0, scans: [], queue: [], syncing: null });
  }
  // Each person comes to one door; some are scanned again at a second door, by a phone of the other kind.
  for (const [i, id] of people.entries()) phones[i % VOLUNTEERS]!.scans.push(id);
  const twice = Math.round(PEOPLE * TWICE);
  for (let i = 0; i < twice; i++) {
    const id = people[i]!;
    const first = i % VOLUNTEERS;
    phones[(first + 1) % VOLUNTEERS]!.scans.push(id); // the neighbouring phone is the other kind (odd/even)
  }
  for (const p of phones) p.scans.sort(() => Math.random() - 0.5);
  await db.execute(sql`vacuum analyze`);
  return phones;
}

const steps = {
  scan: new Step("online scan: POST /api/checkin"),
  sync: new Step("offline queue: POST /api/checkin/sync"),
};

interface Tally {
  admitted: Map<string, number>;
  /** Admissions that took the place of a later scan from another phone (the earlier scan wins, and says so). */
  superseding: number;
  already: number;
  other: string[];
  synced: number;
  lastMs: number;
}

const headers = (p: Phone) => ({ "content-type": "application/json", authorization: `Bearer ${p.token}` });

function syncPhone(p: Phone, tally: Tally): Promise<void> {
  p.syncing = (p.syncing ?? Promise.resolve()).then(() => drainQueue(p, tally));
  return p.syncing;
}

async function drainQueue(p: Phone, tally: Tally): Promise<void> {
  while (p.queue.length) {
    const entries = p.queue.slice(0, SYNC_BATCH);
    const r = await timed(steps.sync, "/api/checkin/sync", {
      method: "POST",
      headers: headers(p),
      body: JSON.stringify({ deviceId: p.deviceId, entries }),
    });
    if (r.status !== 200) {
      tally.other.push(`sync ${r.status}: ${r.body.slice(0, 100)}`);
      return; // the phone keeps its queue (as the app does) but this bench counts it as lost
    }
    const { results } = JSON.parse(r.body) as { results: { ref: string; result: string; admitted?: string[]; supersedes?: unknown[] }[] };
    for (const res of results) {
      if (res.result === "admitted") admitted(tally, res.admitted ?? [], res.supersedes?.length ?? 0);
      else if (res.result === "already_checked_in") tally.already++;
      else tally.other.push(`sync entry ${res.result}`);
    }
    tally.synced += entries.length;
    p.queue.splice(0, entries.length);
  }
}

function admitted(tally: Tally, who: string[], superseding: number) {
  for (const a of who) tally.admitted.set(a, (tally.admitted.get(a) ?? 0) + 1);
  tally.superseding += superseding;
}

async function runPhone(p: Phone, t0: number, tally: Tally): Promise<void> {
  const every = (SECONDS * 1000) / Math.max(1, p.scans.length);
  for (const [i, anweshaId] of p.scans.entries()) {
    const due = t0 + i * every;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!p.online) {
      p.queue.push({
        ref: `${p.deviceId}-${i.toString().padStart(6, "0")}`,
        eventSlug: SLUG,
        anweshaId,
        scannedAt: new Date().toISOString(),
      });
      continue;
    }
    const r = await timed(steps.scan, "/api/checkin", {
      method: "POST",
      headers: headers(p),
      body: JSON.stringify({ anweshaId, eventSlug: SLUG, deviceId: p.deviceId }),
    });
    if (r.status === 200) {
      const body = JSON.parse(r.body) as { admitted: string[]; supersedes?: unknown[] };
      admitted(tally, body.admitted, body.supersedes?.length ?? 0);
    } else if (r.status === 409) tally.already++;
    else tally.other.push(`scan ${r.status}: ${r.body.slice(0, 100)}`);
  }
  tally.lastMs = Math.max(tally.lastMs, performance.now() - t0);
}

async function doorMode(mode: Mode): Promise<{ lines: string[]; ok: boolean }> {
  for (const s of Object.values(steps)) {
    s.ms.length = 0;
    s.statuses.clear();
  }
  const opened = await openModeDatabase(mode, "door");
  log(`${mode}: preparing ${PEOPLE} people and ${VOLUNTEERS} volunteers`);
  const phones = await prepare(opened.database);
  await opened.database.close();
  const app = startApp(opened.env);
  const tally: Tally = { admitted: new Map(), superseding: 0, already: 0, other: [], synced: 0, lastMs: 0 };
  let watch: ResourceWatch | null = null;
  let rows = { checkIns: 0, people: 0, duplicates: 0 };
  let pinning: ReturnType<typeof pinCores> | null = null;
  try {
    await waitForHealth(app);
    pinning = pinCores(opened.name);
    for (const path of ["/api/checkin", "/api/checkin/sync"]) await fetch(`${BASE}${path}`, { method: "POST" }); // load the routes' code
    watch = new ResourceWatch(app.pid!, opened.name);
    await watch.start();
    log(`${mode}: door: ${PEOPLE} people, ${VOLUNTEERS} phones, ${SECONDS} s`);
    const t0 = performance.now();
    const offline = phones.filter((p) => !p.online);
    // The offline phones come back online together every SYNC_SECONDS: a burst of queues at once.
    const bursts: Promise<void>[] = [];
    const timer = setInterval(() => bursts.push(Promise.all(offline.map((p) => syncPhone(p, tally))).then(() => {})), SYNC_SECONDS * 1000);
    await Promise.all(phones.map((p) => runPhone(p, t0, tally)));
    clearInterval(timer);
    await Promise.all(bursts);
    await Promise.all(offline.map((p) => syncPhone(p, tally))); // the last burst: the doors close
    tally.lastMs = performance.now() - t0;
    await watch.stop();
  } finally {
    await pinning?.stop();
    await stopApp(app);
    const again = opened.reopen();
    try {
      const [r] = await rowsOf<{ check_ins: number; people: number; duplicates: number }>(
        again.db,
        sql`select (select count(*)::int from check_ins) as check_ins, (select count(distinct user_id)::int from check_ins) as people,
              (select count(*)::int from check_in_duplicates) as duplicates`,
      );
      rows = { checkIns: r!.check_ins, people: r!.people, duplicates: r!.duplicates };
    } finally {
      await again.close();
      await opened.drop();
    }
  }
  const scans = phones.reduce((n, p) => n + p.scans.length, 0);
  const admittedTwice = [...tally.admitted.values()].filter((n) => n > 1).length;
  const seconds = scans - PEOPLE;
  const cpu = watch?.summary();
  const checks: [string, string, boolean][] = [
    [
      "every person admitted",
      `${tally.admitted.size} of ${PEOPLE} (${rows.people} in check_ins)`,
      tally.admitted.size === PEOPLE && rows.people === PEOPLE,
    ],
    ["each person admitted once", `${rows.checkIns} check-in rows for ${PEOPLE} people`, rows.checkIns === PEOPLE],
    [
      'a second scan is told "already in", or (an earlier offline scan synced later) takes the check-in\'s place and says so',
      `${tally.already} already in, ${tally.superseding} took the place of a later scan, of ${seconds}; ${admittedTwice} ${admittedTwice === 1 ? "person" : "people"} heard "admitted" twice`,
      tally.already + tally.superseding === seconds && admittedTwice === tally.superseding,
    ],
    ["every second scan kept as a duplicate", `${rows.duplicates} of ${seconds}`, rows.duplicates === seconds],
    ["nothing else", tally.other.length ? [...new Set(tally.other)].slice(0, 3).join("; ") : "none", tally.other.length === 0],
  ];
  const lines = [
    `### ${mode}`,
    "",
    `${scans} scans of ${PEOPLE} people by ${VOLUNTEERS} phones over ${SECONDS} s (${phones.filter((p) => p.online).length} online, ` +
      `${phones.filter((p) => !p.online).length} syncing their queues together every ${SYNC_SECONDS} s and at the end; ` +
      `${tally.synced} queued scans synced); done ${(tally.lastMs / 1000).toFixed(1)} s after the first scan.`,
    "",
    ...STEP_HEADER,
    ...Object.values(steps)
      .filter((x) => x.ms.length)
      .map((x) => x.row()),
    "",
    "| check | measured | met |",
    "| --- | --- | --- |",
    ...checks.map(([what, measured, ok]) => `| ${what} | ${measured} | ${ok ? "yes" : "no"} |`),
    "",
    cpu
      ? `CPU over ${cpu.seconds.toFixed(0)} s: the app ${cpu.app.toFixed(1)} s (${cpu.appCores.toFixed(2)} cores)` +
        (mode === "postgres"
          ? `; the bench database's Postgres backends ${cpu.backends.toFixed(1)} s (${cpu.backendCores.toFixed(2)} cores).`
          : ".")
      : "",
  ];
  for (const l of lines) console.log(l);
  return { lines, ok: checks.every(([, , pass]) => pass) };
}

export async function runDoor(modes: Mode[]): Promise<void> {
  const results: { mode: Mode; lines: string[]; ok: boolean }[] = [];
  for (const mode of modes) results.push({ mode, ...(await doorMode(mode)) });
  const commit = commitOf();
  writeResultsSection(
    "door",
    [
      "## At the door (`npm run bench -- door`)",
      "",
      `Written on ${new Date().toISOString()} at commit ${commit} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ` +
        `Node ${process.version}. DOOR_PEOPLE=${PEOPLE}, DOOR_VOLUNTEERS=${VOLUNTEERS}, DOOR_SECONDS=${SECONDS}, DOOR_TWICE=${TWICE}. ` +
        `Each phone is a bearer token; a sync request carries at most 200 queued scans; ${pinningWords()}.`,
      "",
      ...results.flatMap((r) => [...r.lines, ""]),
    ].join("\n"),
  );
  if (results.some((r) => !r.ok)) {
    console.error("door: a check failed (see above)");
    process.exitCode = 1;
  }
}
