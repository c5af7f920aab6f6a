import type { Metadata } from "next";
import { Badge, Button, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { formatIST } from "@/lib/format";
import { backgroundWork } from "@/lib/organiser/background-work";
import { retryMailAction } from "./actions";

export const metadata: Metadata = { title: "Background work · Organiser" };
export const dynamic = "force-dynamic";

export default async function BackgroundWorkPage() {
  await guardPage("organiser", "/organiser/jobs");
  const { failedMail, failedJobs, mailBacklog } = await backgroundWork(db);
  return (
    <div className="space-y-6">
      <PageTitle sub={`Mail waiting to go: ${mailBacklog.pending} queued, ${mailBacklog.sending} being sent.`}>Background work</PageTitle>
      <section aria-labelledby="mail-h">
        <h2 id="mail-h" className="mb-2 text-lg font-semibold">
          Mail not delivered <Badge tone={failedMail.count ? "red" : "green"}>{failedMail.count}</Badge>
        </h2>
        <Card>
          {failedMail.messages.length === 0 ? (
            <p className="text-sm text-stone-600">Every mail so far was delivered or is still being retried.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-stone-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Mail</th>
                  <th className="py-1 pr-3 font-medium">To</th>
                  <th className="py-1 pr-3 font-medium">Tries</th>
                  <th className="py-1 pr-3 font-medium">Last answer</th>
                  <th className="py-1 font-medium">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {failedMail.messages.map((m) => (
                  <tr key={m.id} className="border-t border-stone-200 align-top">
                    <td className="py-2 pr-3">
                      {m.template}
                      <br />
                      <span className="text-xs text-stone-500">{formatIST(m.updatedAt)}</span>
                    </td>
                    <td className="py-2 pr-3">{m.recipient}</td>
                    <td className="py-2 pr-3">{m.attempts}</td>
                    <td className="py-2 pr-3 break-all text-stone-700">{m.lastError}</td>
                    <td className="py-2">
                      <form action={retryMailAction}>
                        <input type="hidden" name="id" value={m.id} />
                        <Button type="submit" variant="secondary">
                          Send again
                        </Button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </section>
      <section aria-labelledby="jobs-h">
        <h2 id="jobs-h" className="mb-2 text-lg font-semibold">
          Jobs that failed <Badge tone={failedJobs.count ? "red" : "green"}>{failedJobs.count}</Badge>
        </h2>
        <Card>
          {failedJobs.jobs.length === 0 ? (
            <p className="text-sm text-stone-600">No job has run out of retries in the last week.</p>
          ) : (
            <ul className="divide-y divide-stone-200 text-sm">
              {failedJobs.jobs.map((j) => (
                <li key={j.id} className="py-2">
                  <span className="font-medium">{j.queue}</span> · {formatIST(j.failedAt)} · {j.retryCount} retries
                  <br />
                  <span className="text-stone-700">{j.error}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </section>
    </div>
  );
}
