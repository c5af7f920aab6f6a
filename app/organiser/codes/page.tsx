import { asc, eq } from "drizzle-orm";
import type { Metadata } from "next";
import { Badge, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { eventPrices, events } from "@/db/schema";
import { leaderboard, listCodes } from "@/lib/codes/admin";
import { guardPage } from "@/lib/console/page-guard";
import { formatIST } from "@/lib/format";
import { CodeForm } from "./code-form";

export const metadata: Metadata = { title: "Codes · Organiser" };
export const dynamic = "force-dynamic";

/** "3 used · 1 held · of 100" */
function usesText(c: { used: number; held: number; limit: number | null }) {
  return [`${c.used} used`, c.held ? `${c.held} held` : null, c.limit == null ? "no limit" : `of ${c.limit}`].filter(Boolean).join(" · ");
}

function windowText(c: { validFrom: string | null; validUntil: string | null }) {
  if (!c.validFrom && !c.validUntil) return "Always";
  if (!c.validUntil) return `From ${formatIST(c.validFrom)}`;
  if (!c.validFrom) return `Until ${formatIST(c.validUntil)}`;
  return `${formatIST(c.validFrom)} – ${formatIST(c.validUntil)}`;
}

export default async function OrganiserCodesPage() {
  await guardPage("organiser", "/organiser/codes");
  const [list, eventRows, codeOnly] = await Promise.all([
    listCodes(db),
    db.select({ slug: events.slug, name: events.name }).from(events).orderBy(asc(events.name)),
    db
      .selectDistinct({ key: eventPrices.key, label: eventPrices.label })
      .from(eventPrices)
      .where(eq(eventPrices.codeOnly, true))
      .orderBy(asc(eventPrices.key)),
  ]);
  const board = leaderboard(list);
  return (
    <>
      <PageTitle sub="Discounts and prices opened by a code, their uses, and the campus ambassadors who bring people in.">Codes</PageTitle>
      <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
        <section aria-labelledby="new-code-h">
          <h2 id="new-code-h" className="mb-2 text-lg font-semibold">
            New code
          </h2>
          <Card>
            <CodeForm events={eventRows} codeOnlyPrices={codeOnly} />
          </Card>
        </section>
        <div className="space-y-6">
          <section aria-labelledby="leaderboard-h">
            <h2 id="leaderboard-h" className="mb-2 text-lg font-semibold">
              Campus ambassadors
            </h2>
            <Card>
              {board.length ? (
                <ol className="divide-y divide-stone-200 text-sm" aria-label="Leaderboard" data-testid="leaderboard">
                  {board.map((r) => (
                    <li key={r.owner.anweshaId} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
                      <span className="w-8 font-bold text-brand-700 tabular-nums">#{r.rank}</span>
                      <span className="min-w-0 flex-1">
                        <span className="font-semibold">{r.owner.name}</span>{" "}
                        <span className="font-mono whitespace-nowrap text-stone-600">{r.owner.anweshaId}</span>
                        <span className="block text-xs text-stone-600">{r.codes.join(", ")}</span>
                      </span>
                      <span className="whitespace-nowrap tabular-nums">
                        <span className="font-semibold">{r.used}</span> registered{r.held ? ` · ${r.held} paying now` : ""}
                      </span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="text-sm text-stone-600">No code has an owner yet: give a code an owner to count who brought whom.</p>
              )}
            </Card>
          </section>
          <section aria-labelledby="codes-h">
            <h2 id="codes-h" className="mb-2 text-lg font-semibold">
              Every code <Badge>{list.length}</Badge>
            </h2>
            <Card>
              {list.length ? (
                <ul className="divide-y divide-stone-200 text-sm" aria-label="Codes">
                  {list.map((c) => (
                    <li key={c.id} className="space-y-1 py-3" data-testid="code-row">
                      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                        <span className="font-mono text-base font-semibold">{c.code}</span>
                        <span className="tabular-nums">{usesText(c)}</span>
                      </div>
                      <p className="text-stone-700">
                        {c.summary}
                        {c.unlocks.length ? ` · opens ${c.unlocks.join(", ")}` : ""} ·{" "}
                        {c.events.length ? c.events.map((e) => e.name).join(", ") : "every event"}
                      </p>
                      <p className="text-xs text-stone-600">
                        {windowText(c)}
                        {c.owner ? ` · owner ${c.owner.name} (${c.owner.anweshaId})` : ""}
                      </p>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-stone-600">No codes yet.</p>
              )}
            </Card>
          </section>
        </div>
      </div>
    </>
  );
}
