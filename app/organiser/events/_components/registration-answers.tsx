// The console's list of an event's registrations with their answers (issue 26): each registration a line (team or
// person, status, when), opening to its detail: every question with the registration's answer, or each member's.
import { Badge } from "@/app/_components/ui";
import { formatIST } from "@/lib/format";
import type { AnsweredRegistration } from "@/lib/organiser/registration-answers";
import { answerText } from "@/lib/questions/definition";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";

const shown = (v: Parameters<typeof answerText>[0]) => (v == null ? <span className="text-stone-500">not answered</span> : answerText(v));

export function RegistrationAnswers({ rows, asks }: { rows: AnsweredRegistration[]; asks: boolean }) {
  if (!rows.length) return <p className="text-sm text-stone-600">Nobody has registered yet.</p>;
  return (
    <ul className="space-y-2" data-testid="registration-answers">
      {rows.map((r) => (
        <li key={r.id} className="rounded-lg border border-stone-200">
          <details>
            <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-2 px-3 py-2 text-sm">
              <span className="font-medium">{r.team ? `Team ${r.team}` : (r.people[0]?.name ?? "Someone")}</span>
              <Badge tone={r.status === "paid" ? "green" : r.status === "awaiting_payment" ? "amber" : "neutral"}>
                {REGISTRATION_LABELS[r.status]}
              </Badge>
              <span className="text-stone-600">{formatIST(r.createdAt)}</span>
            </summary>
            <div className="space-y-3 border-t border-stone-200 px-3 py-3 text-sm">
              <p>
                {r.people.map((p, i) => (
                  <span key={p.id}>
                    {i ? "; " : ""}
                    {p.name} <span className="whitespace-nowrap font-mono text-stone-600">{p.anweshaId}</span>
                  </span>
                ))}
              </p>
              {asks || r.answers.length ? (
                <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[minmax(8rem,auto)_1fr]">
                  {r.answers.map((a) => (
                    <div key={a.key} className="contents">
                      <dt className="font-medium text-stone-700">
                        {a.label}
                        {a.removed ? <span className="font-normal text-stone-600"> (question removed)</span> : null}
                      </dt>
                      <dd className="break-words">
                        {a.perMember ? (
                          <ul>
                            {a.perMember.map((m) => (
                              <li key={m.name}>
                                {m.name}: {shown(m.value)}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          shown(a.once)
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
