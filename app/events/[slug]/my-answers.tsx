// The event's questions on its page (issue 26): before registering, answered with the Register / Pay button; once
// registered, editable by their owner until registration closes, then shown as given. A captain is told which
// member still owes required answers.
import { AnswersForm } from "@/app/_components/answers-form";
import { Alert } from "@/app/_components/ui";
import { db } from "@/db/client";
import type { Event, Registration } from "@/db/schema";
import { type AnswerView, answersView, owedAnswers, owedSentence, questionsFor } from "@/lib/answers/answers";
import { isOpen } from "@/lib/events/events";
import type { PriceOffer } from "@/lib/events/prices";
import { answerText } from "@/lib/questions/definition";

export const asksAnything = (event: Pick<Event, "questions">) => questionsFor(event, "entrant").length > 0;

async function viewsOf(
  event: Event,
  registration: Registration | null,
  userId: string,
  scope: "entrant" | "member",
): Promise<AnswerView[]> {
  if (registration) return answersView(db, event, registration.id, userId, scope);
  return questionsFor(event, scope).map((q) => ({
    key: q.key,
    label: q.label,
    type: q.type,
    choices: q.choices ?? null,
    required: q.required,
    perMember: q.perMember,
    value: null,
  }));
}

/** At registration: the questions and the checkout button in one form. */
export async function AnswerAndRegister({
  event,
  registration,
  userId,
  teamId,
  prices,
  payLabel,
  freeLabel,
  addToBasket,
}: {
  event: Event;
  registration: Registration | null;
  userId: string;
  teamId?: string;
  /** The prices this person may choose now, cheapest first: chosen in the same form. */
  prices: PriceOffer[];
  payLabel: string;
  freeLabel: string;
  /** Offer "Add to basket" with the price and code chosen. */
  addToBasket?: boolean;
}) {
  const questions = await viewsOf(event, registration, userId, "entrant");
  const owed = registration && teamId ? (await owedAnswers(db, event, registration)).filter((o) => o.member && o.member.id !== userId) : [];
  return (
    <div className="space-y-3">
      {owed.length ? (
        <Alert tone="warning">
          <span data-testid="owed-answers">{owedSentence(owed, event.name, userId)}</span> Ask them to answer on this event's page.
        </Alert>
      ) : null}
      <AnswersForm
        questions={questions}
        heading={teamId ? "Your team's answers" : "Your answers"}
        checkout={{ eventSlug: event.slug, teamId, label: payLabel, free: false, prices, payLabel, freeLabel, addToBasket }}
      />
    </div>
  );
}

/** Once registered (or a member of a team): this person's answers, editable while registration is open. */
export async function EditAnswers({
  event,
  registration,
  userId,
  scope,
}: {
  event: Event;
  registration: Registration;
  userId: string;
  scope: "entrant" | "member";
}) {
  const questions = await viewsOf(event, registration, userId, scope);
  if (!questions.length) return null;
  if (!isOpen(event) || registration.status === "cancelled" || registration.status === "refunded")
    return (
      <section aria-labelledby="answers-heading" className="space-y-2 rounded-xl border border-stone-200 p-4 text-sm">
        <h2 id="answers-heading" className="text-lg font-semibold">
          Your answers
        </h2>
        <dl className="space-y-1">
          {questions.map((q) => (
            <div key={q.key}>
              <dt className="font-medium">{q.label}</dt>
              <dd>{q.value == null ? "Not answered" : answerText(q.value)}</dd>
            </div>
          ))}
        </dl>
        <p className="text-stone-600">Registration has closed, so the answers can no longer change.</p>
      </section>
    );
  const owedByMe = (await owedAnswers(db, event, registration)).some((o) => o.member?.id === userId);
  return (
    <div className="space-y-3">
      {owedByMe && scope === "member" ? (
        <Alert tone="warning">Your captain cannot register the team until you answer the required questions below.</Alert>
      ) : null}
      <AnswersForm questions={questions} registrationId={registration.id} />
    </div>
  );
}
