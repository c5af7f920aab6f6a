// An event's changes by organisers, newest first, each in words: who, when, and each field before → after.

import { formatINR, formatIST } from "@/lib/format";
import type { AuditView } from "@/lib/organiser/audit";

const ACTIONS: Record<string, string> = {
  "event.created": "Created",
  "event.updated": "Changed",
  "event.closed": "Closed registration",
  "event.reopened": "Reopened registration",
  "event.hidden": "Hid it from attendees",
  "event.shown": "Showed it to attendees",
  "event.duplicated": "Created as a copy",
  "export.registrants": "Downloaded the registrants",
  "checkin.undone": "Undid a check-in",
};

/** One line more for the entries that carry it: what was copied, whose check-in was undone and why. */
function detailOf(entry: AuditView): string | null {
  const d = (entry.details ?? {}) as { from?: { name?: string; slug?: string }; anweshaId?: string; reason?: string };
  if (entry.action === "event.duplicated" && d.from) return `of ${d.from.name ?? ""} (/events/${d.from.slug ?? ""})`;
  if (entry.action === "checkin.undone") return `${d.anweshaId ?? ""}: ${d.reason ?? ""}`;
  return null;
}
const FIELD: Record<string, string> = {
  slug: "slug",
  name: "name",
  description: "description",
  kind: "solo or team",
  feePaise: "fee",
  minTeamSize: "smallest team",
  maxTeamSize: "largest team",
  capacity: "capacity",
  opensAt: "registration opens",
  closesAt: "registration closes",
  startsAt: "starts at",
  venue: "venue",
};
const TIMES = new Set(["opensAt", "closesAt", "startsAt"]);

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return field === "capacity" ? "no limit" : "none";
  if (field === "feePaise" && typeof v === "number") return formatINR(v);
  if (TIMES.has(field) && typeof v === "string") return formatIST(v);
  const text = String(v);
  return text.length > 80 ? `“${text.slice(0, 77)}…”` : typeof v === "string" ? `“${text}”` : text;
}

function changesOf(entry: AuditView): string[] {
  const d = (entry.details ?? {}) as { changes?: Record<string, { before: unknown; after: unknown }> };
  return Object.entries(d.changes ?? {}).map(([k, c]) => `${FIELD[k] ?? k}: ${show(k, c.before)} → ${show(k, c.after)}`);
}

export function EventHistory({ entries }: { entries: AuditView[] }) {
  if (!entries.length) return <p className="text-sm text-stone-600">No changes recorded yet.</p>;
  return (
    <ol className="space-y-3 text-sm" data-testid="event-history">
      {entries.map((a) => (
        <li key={a.id} className="border-l-2 border-stone-200 pl-3">
          <p>
            <span className="font-semibold">{ACTIONS[a.action] ?? a.action}</span> by {a.actorName ?? "someone"}
            {/* An Anwesha ID stays whole: "(ANW-" broke from "KCHHMM)" at its hyphen on a phone. */}
            {a.actorAnweshaId ? (
              <>
                {" "}
                <span className="whitespace-nowrap font-mono text-xs text-stone-600">({a.actorAnweshaId})</span>
              </>
            ) : null}{" "}
            · <time dateTime={a.createdAt.toISOString()}>{formatIST(a.createdAt)}</time>
          </p>
          {detailOf(a) ? <p className="break-words text-stone-700">{detailOf(a)}</p> : null}
          {a.action === "event.updated" ? (
            <ul className="mt-1 list-disc pl-5 text-stone-700">
              {changesOf(a).map((c) => (
                <li key={c} className="break-words">
                  {c}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
