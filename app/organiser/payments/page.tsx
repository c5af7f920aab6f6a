import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonStyles, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { scopeEventIds } from "@/lib/coordinators/access";
import { env } from "@/lib/env";
import { filterToParams, hasAnyFilter, parseListParams, viewToParams, withinScope } from "@/lib/organiser/filters";
import { eventOptions, listItems } from "@/lib/organiser/queries";
import { stuckMinutes } from "@/lib/organiser/requery";
import { listSummary } from "@/lib/organiser/summary";
import { BulkRequery } from "./_components/bulk-requery";
import { EventChart } from "./_components/event-chart";
import { FiltersForm } from "./_components/filters-form";
import { PaymentsCaption, PaymentsTable } from "./_components/payments-table";
import { TotalsPanel } from "./_components/totals";

export const metadata: Metadata = { title: "Payments · Organiser" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const count = new Intl.NumberFormat("en-IN");

export default async function OrganiserPaymentsPage({ searchParams }: Props) {
  const params = await searchParams;
  const back = `/organiser/payments?${new URLSearchParams(params as Record<string, string>).toString()}`;
  const { scope, organiser } = await guardPage("console", back);

  // A coordinator's rows, totals, chart and events are their events' only (issue 28).
  const parsed = parseListParams(params);
  const { raw, errors } = parsed;
  const view = withinScope(parsed.view, scope);
  const now = new Date();
  const minutes = stuckMinutes({ attemptTtlMs: env().PAYMENT_ATTEMPT_TTL_MINUTES * 60_000 }, view.filter);
  // The page of rows (keyset), and the summary (totals, per event, stuck count: from the rollup when it can answer).
  const [page, { totals, events: stats, stuck }, events] = await Promise.all([
    listItems(db, view, now),
    listSummary(db, view.filter, now, { stuckMinutes: minutes }),
    eventOptions(db, scopeEventIds(scope)),
  ]);
  const pages = Math.max(1, Math.ceil(totals.count / view.limit));
  // A page number rides along in the page links; a cursor link without one is "some page" of the list.
  const pageNo = view.after || view.before ? view.page : 1;
  const filterQuery = filterToParams(view.filter).toString();
  const exportQuery = filterToParams(view.filter, view).toString();
  const problems = Object.entries(errors);

  return (
    <>
      {/* No subtitle: the results come first, on a laptop's first screen too. The caption above the table says what a
          row is, and the search's hint what it finds. */}
      <PageTitle>Payments</PageTitle>
      <div className="space-y-4">
        <FiltersForm key={JSON.stringify(raw)} raw={raw} errors={errors} events={events} limit={view.limit} />
        {problems.length ? (
          <Alert tone="warning">
            <p className="font-semibold">Some of the filter was not understood and is ignored:</p>
            <ul className="mt-1 list-disc pl-5">
              {problems.map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          </Alert>
        ) : null}

        <TotalsPanel totals={totals} />

        <section aria-labelledby="list-heading" className="flex flex-col gap-3">
          {/* From 768 px the count and the caption share a line with the buttons; on a phone the buttons go after the
              table. */}
          <div className="contents md:flex md:items-center md:justify-between md:gap-3">
            <div className="space-y-3 md:min-w-0 md:flex-1 md:space-y-0.5">
              <h2 id="list-heading" className="sr-only">
                Rows
              </h2>
              <p className="text-sm text-stone-600">
                <span role="status" aria-live="polite" data-testid="result-count">
                  {totals.count === 0
                    ? "Nothing matches this filter."
                    : `${count.format(totals.count)} ${totals.count === 1 ? "row matches" : "rows match"}` +
                      `${hasAnyFilter(view.filter) ? " this filter" : ""}; showing ${count.format(page.rows.length)} on this page.`}
                </span>
                {totals.count > 0 ? (
                  <>
                    {" "}
                    <span className="font-medium whitespace-nowrap text-stone-700" data-testid="page-count">
                      {pageNo
                        ? `Page ${count.format(Math.min(pageNo, pages))} of ${count.format(pages)}`
                        : `${count.format(pages)} ${pages === 1 ? "page" : "pages"}`}
                    </span>
                  </>
                ) : null}
              </p>
              {page.rows.length ? <PaymentsCaption view={view} /> : null}
            </div>
            {/* After the table on a phone: looking a payment up comes first there, exporting is for a desk. */}
            <div className="order-last flex flex-wrap items-start gap-3 md:order-none md:shrink-0 md:flex-nowrap">
              <a
                href={`/organiser/payments/export${exportQuery ? `?${exportQuery}` : ""}`}
                className={buttonStyles.secondary}
                aria-label={`Export CSV of the ${count.format(totals.count)} rows matching this filter`}
                download
              >
                Export CSV
              </a>
              {organiser ? <BulkRequery query={filterQuery} stuck={stuck} minutes={minutes} /> : null}
            </div>
          </div>
          {page.rows.length ? <PaymentsTable rows={page.rows} view={view} /> : null}
          {page.prev || page.next ? (
            <nav aria-label="Pages" className="flex flex-wrap items-center gap-3">
              {page.prev ? (
                <>
                  <Link className={buttonStyles.secondary} href={`/organiser/payments?${viewToParams(view).toString()}`}>
                    First page
                  </Link>
                  <Link
                    className={buttonStyles.secondary}
                    href={`/organiser/payments?${viewToParams(view, { before: page.prev, page: pageNo ? pageNo - 1 : undefined }).toString()}`}
                    rel="prev"
                  >
                    ← Previous page
                  </Link>
                </>
              ) : null}
              {page.next ? (
                <Link
                  className={buttonStyles.secondary}
                  href={`/organiser/payments?${viewToParams(view, { after: page.next, page: pageNo ? pageNo + 1 : undefined }).toString()}`}
                  rel="next"
                >
                  Next page →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>

        <EventChart stats={stats} />
      </div>
    </>
  );
}
