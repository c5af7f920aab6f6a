// An event's waiting list in the console: who is in line, in order (offers first, with their deadline), the last
// that ended, and Close (audited), which ends the waiting and refuses new places.
import { ActionButton } from "@/app/_components/action-button";
import { Badge } from "@/app/_components/ui";
import type { WaitlistStatus } from "@/db/schema";
import { formatIST } from "@/lib/format";
import type { LineRow } from "@/lib/waitlist/view";

const WORDS: Record<WaitlistStatus, string> = {
  waiting: "Waiting",
  offered: "Seat offered",
  taken: "Took the seat",
  lapsed: "Offer lapsed",
  left: "Left",
  closed: "List closed",
};

/** `canClose`: an organiser's (a coordinator reads the line, issue 28). */
export function EventWaitlist({
  slug,
  name,
  rows,
  closedAt,
  canClose = true,
}: {
  slug: string;
  name: string;
  rows: LineRow[];
  closedAt: Date | null;
  canClose?: boolean;
}) {
  const live = rows.filter((r) => r.status === "waiting" || r.status === "offered");
  return (
    <div className="space-y-3 text-sm" data-testid="event-waitlist">
      <p>
        {live.length ? `${live.length} in line.` : "Nobody is in line."}{" "}
        {closedAt ? `Closed on ${formatIST(closedAt)}: nobody may join.` : null}
      </p>
      {rows.length ? (
        <ol className="space-y-2">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-wrap items-baseline gap-2">
              <span className="w-8 text-stone-500">{r.place ? `${r.place}.` : ""}</span>
              <span>
                {r.name} <span className="whitespace-nowrap font-mono text-stone-500">{r.anweshaId}</span>
                {r.teamName ? ` · team ${r.teamName}` : null}
              </span>
              <Badge tone={r.status === "offered" ? "green" : r.status === "waiting" ? "blue" : "neutral"}>{WORDS[r.status]}</Badge>
              {r.status === "offered" ? <span className="text-stone-600">until {formatIST(r.offerExpiresAt)}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {closedAt || !canClose ? null : (
        <ActionButton
          url={`/api/organiser/events/${encodeURIComponent(slug)}/waitlist/close`}
          label="Close the waiting list"
          pendingLabel="Closing…"
          confirm={`Close the waiting list for ${name}? Everyone waiting leaves it and nobody may join; offers already out stand until their deadline.`}
          variant="danger"
          done="The waiting list is closed."
        />
      )}
    </div>
  );
}
