// What a check-in device keeps in its browser (localStorage: small, synchronous, survives a reload with no
// network): its own id, each event's bundle, the queue of scans not yet synced, and a log of recent scans with
// what the server finally said about them.
import type { CheckInBundle } from "./bundle";
import type { QueuedScan } from "./offline";

const KEYS = {
  device: "anwesha.checkin.device",
  queue: "anwesha.checkin.queue",
  log: "anwesha.checkin.log",
  bundle: (slug: string) => `anwesha.checkin.bundle.${slug}`,
};

export interface LogEntry {
  ref: string;
  eventSlug: string;
  at: string;
  result: string;
  reason: string;
  holder: string;
  registrationId: string | null;
  /** For an offline admission: the people it let in (a member's pass, one), so another device's check-in of a teammate is not taken for this one's. */
  userIds?: string[];
  offline: boolean;
  /** For offline scans: waiting, or what the server said when it synced. */
  sync: "queued" | "ok" | "conflict" | "refused" | null;
  note?: string;
  /** An organiser undid the check-in this scan made (the note says when, who and why). */
  undone?: boolean;
}

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the page still works online.
  }
}

export function randomRef(bytes = 12): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function deviceId(): string {
  let id = read<string | null>(KEYS.device, null);
  if (!id) {
    id = `dev-${randomRef(9)}`;
    write(KEYS.device, id);
  }
  return id;
}

export const loadBundle = (slug: string) => read<CheckInBundle | null>(KEYS.bundle(slug), null);
export const saveBundle = (b: CheckInBundle) => write(KEYS.bundle(b.event.slug), b);
export const loadQueue = () => read<QueuedScan[]>(KEYS.queue, []);
export const saveQueue = (q: QueuedScan[]) => write(KEYS.queue, q);
export const loadLog = () => read<LogEntry[]>(KEYS.log, []);
export const saveLog = (l: LogEntry[]) => write(KEYS.log, l.slice(0, 100));
