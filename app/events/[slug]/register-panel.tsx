// What a signed-in attendee can do on an event page: pay (solo); for a team event, answer invitations, create a
// team, or (as captain) manage the roster and pay once enough people have accepted. A free event (fee 0) registers
// at once, shows its entry pass here and can be cancelled here (there is no payment, so no receipt page). The latest attempt is shown in
// the words every page uses (lib/payments/labels.ts), and its offer decides whether Pay is offered at all: never
// while the bank is deciding an attempt (it may have the money already).
import Link from "next/link";
import { ActionButton } from "@/app/_components/action-button";
import { EntryPassCards } from "@/app/_components/entry-pass-cards";
import { InvitationCard } from "@/app/_components/invitation-card";
import { InviteForm } from "@/app/_components/invite-form";
import { PriceCheckout } from "@/app/_components/price-checkout";
import { TeamForm } from "@/app/_components/team-form";
import { Alert, Badge } from "@/app/_components/ui";
import { db } from "@/db/client";
import type { Event, Registration } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { isOpen } from "@/lib/events/events";
import type { PriceOffer } from "@/lib/events/prices";
import { passesOfRegistrations, shownPasses } from "@/lib/passes/pass";
import { type PaymentWords, paymentWords } from "@/lib/payments/labels";
import { receiptsAreMailed } from "@/lib/payments/receipt-mail";
import { type EntrantState, entrantState } from "@/lib/registrations/entrant";
import { isFree, isPaid, REGISTRATION_SENTENCES, registrationSentence } from "@/lib/registrations/status";
import { rosterFrozen, rosterProblem, substitutionHint } from "@/lib/rosters/rules";
import { teamOfUser } from "@/lib/rosters/view";
import { invitationState, invitationsOf } from "@/lib/teams/invitations";
import { placeAt } from "@/lib/waitlist/view";
import { AnswerAndRegister, asksAnything, EditAnswers } from "./my-answers";
import { holdsOffer, OfferBanner, WaitlistPanel } from "./waitlist-panel";

function wordsOf(latest: EntrantState["latest"]): PaymentWords | null {
  return latest ? paymentWords(latest, { mailsReceipts: receiptsAreMailed() }) : null;
}

/** The latest attempt: a line with its badge, or, while the bank decides it, the whole sentence. */
function LastAttempt({ latest, words }: { latest: EntrantState["latest"]; words: PaymentWords | null }) {
  if (!latest || !words) return null;
  const details = (
    <Link href={`/payments/${latest.merchTxnId}`} className="underline">
      details
    </Link>
  );
  if (words.offer === "wait")
    return (
      <Alert tone="warning">
        <span data-testid="last-attempt">{words.headline}</span> Payment {details}.
      </Alert>
    );
  return (
    <p className="text-sm text-stone-600" data-testid="last-attempt">
      Last attempt: <Badge tone={words.tone}>{words.label}</Badge> {words.reason ? `${words.reason} ` : null}
      {details}
    </p>
  );
}

/** A free registration, confirmed: its pass, and (for its holder or captain) a way to give the seat back. */
async function FreeRegistered({
  registration,
  event,
  canCancel,
  extra,
  viewer,
}: {
  registration: Registration;
  viewer: CurrentUser;
  event: Pick<Event, "name">;
  canCancel: boolean;
  extra?: string;
}) {
  const passes = await shownPasses(await passesOfRegistrations(db, [registration.id], viewer));
  return (
    <div className="space-y-4">
      <Alert tone="success">
        {registrationSentence(registration)}
        {extra ? ` ${extra}` : null}
      </Alert>
      <EntryPassCards passes={passes} />
      {canCancel ? (
        <ActionButton
          url={`/api/registrations/${registration.id}/cancel`}
          label="Cancel my registration"
          pendingLabel="Cancelling…"
          confirm={`Cancel your registration for ${event.name}? Your seat and entry pass go, and someone else may take the seat.`}
          variant="danger"
        />
      ) : null}
    </div>
  );
}

/** Nothing to choose: every price is closed to this person (its window, a domain, a code). */
function NoPrice() {
  return (
    <Alert tone="warning">
      No price of this event is open to you right now. Some prices are only for a college's verified email or with a code.
    </Alert>
  );
}

export async function RegisterPanel({
  event,
  user,
  seatsLeft,
  prices,
}: {
  event: Event;
  user: CurrentUser;
  seatsLeft: number | null;
  /** The prices this person may choose now, cheapest first (lib/events/prices.ts). */
  prices: PriceOffer[];
}) {
  const full = seatsLeft === 0;
  const allFree = prices.every((p) => p.feePaise === 0);
  const now = new Date();
  if (event.kind === "solo") {
    const { registration, latest, ended } = await entrantState(db, event.id, { userId: user.id });
    const place = await placeAt(db, event.id, { userId: user.id, teamId: null });
    const offer = holdsOffer(place, now);
    const words = wordsOf(latest);
    if (registration && isPaid(registration) && isFree(registration))
      return (
        <div className="space-y-4">
          <FreeRegistered registration={registration} viewer={user} event={event} canCancel />
          <EditAnswers event={event} registration={registration} userId={user.id} scope="entrant" />
        </div>
      );
    if (registration && isPaid(registration)) {
      return (
        <div className="space-y-4">
          <Alert tone="success">
            {REGISTRATION_SENTENCES.paid}{" "}
            {latest ? (
              <Link href={`/payments/${latest.merchTxnId}`} className="font-semibold underline">
                See your receipt
              </Link>
            ) : null}
          </Alert>
          <EditAnswers event={event} registration={registration} userId={user.id} scope="entrant" />
        </div>
      );
    }
    return (
      <div className="space-y-3">
        {!registration && ended ? <Alert>{REGISTRATION_SENTENCES[ended.status]} You can register again.</Alert> : null}
        <LastAttempt latest={latest} words={words} />
        {offer ? <OfferBanner place={place!} event={event} /> : null}
        {words?.offer === "wait" ? null : full && !offer && latest?.status !== "pending" ? (
          <WaitlistPanel event={event} place={place} teamId={null} />
        ) : !prices.length ? (
          <NoPrice />
        ) : asksAnything(event) ? (
          <AnswerAndRegister
            event={event}
            registration={registration ?? null}
            userId={user.id}
            prices={prices}
            payLabel="Pay {amount}"
            freeLabel="Register for free"
            addToBasket
          />
        ) : (
          <PriceCheckout eventSlug={event.slug} prices={prices} payLabel="Pay {amount}" freeLabel="Register for free" addToBasket />
        )}
        {allFree ? null : <p className="text-xs text-stone-500">Secure checkout by AtomPay (NTT DATA). Net banking, cards and UPI.</p>}
      </div>
    );
  }

  const team = await teamOfUser(db, user.id, event.id);
  if (!team) {
    const invitations = await invitationsOf(db, user, event.id);
    return (
      <div className="space-y-5">
        {invitations.length ? (
          <section aria-labelledby="invitations-heading" className="space-y-3">
            <h2 id="invitations-heading" className="text-lg font-semibold">
              Invitations
            </h2>
            <ul className="space-y-3">
              {invitations.map((inv) => (
                <InvitationCard key={inv.id} invitation={inv} />
              ))}
            </ul>
          </section>
        ) : null}
        {/* Invited: answering comes first. Starting a team of one's own stays possible, folded away, so it is not
            mistaken for what Accept does. */}
        {invitations.some((inv) => inv.open) ? (
          <details className="rounded-xl border border-stone-200 p-4" data-testid="own-team">
            <summary className="cursor-pointer text-sm font-semibold text-brand-700">Start a team of your own instead</summary>
            <div className="mt-3">
              <TeamForm eventSlug={event.slug} minSize={event.minTeamSize} maxSize={event.maxTeamSize} />
            </div>
          </details>
        ) : (
          <TeamForm eventSlug={event.slug} minSize={event.minTeamSize} maxSize={event.maxTeamSize} />
        )}
      </div>
    );
  }

  const isCaptain = team.captainId === user.id;
  // The same answer the roster's changes get (lib/teams/teams.ts), so no button is offered only to be refused.
  const locked = rosterFrozen({ disbanded: false, open: isOpen(event), paid: team.paid, paying: team.paying }, event.name) !== null;
  const problem = rosterProblem(team);
  const { latest } = await entrantState(db, event.id, { teamId: team.id });
  const words = wordsOf(latest);
  const place = isCaptain ? await placeAt(db, event.id, { userId: user.id, teamId: team.id }) : null;
  const offer = holdsOffer(place, now);
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">Team {team.name}</h2>
        <ul className="mt-2 space-y-2 text-sm" aria-label="Team members">
          {team.members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center gap-2">
              <span>
                {m.name} <span className="whitespace-nowrap font-mono text-stone-500">{m.anweshaId}</span>
              </span>
              {m.id === team.captainId ? <Badge tone="blue">captain</Badge> : <Badge tone="green">accepted</Badge>}
              {isCaptain && !locked && m.id !== team.captainId ? (
                <ActionButton
                  url={`/api/teams/${team.id}/members/${m.id}`}
                  method="DELETE"
                  label="Remove"
                  confirm={`Remove ${m.name} from the team?`}
                  className="min-h-9 px-2 py-1"
                />
              ) : null}
            </li>
          ))}
          {team.invitations.map((inv) => {
            const state = invitationState({ ...inv, respondedAt: null }, { disbandedAt: null, paid: team.paid });
            return (
              <li key={inv.id} className="flex flex-wrap items-center gap-2 text-stone-600">
                <span className="break-all">{inv.typed}</span>
                <Badge tone={state === "open" ? "amber" : "neutral"}>
                  {state === "open"
                    ? "invited, not answered yet"
                    : state === "team-paid"
                      ? "not answered; closed when the team paid"
                      : "declined"}
                </Badge>
                {isCaptain && !locked && state === "open" ? (
                  <ActionButton
                    url={`/api/teams/${team.id}/invitations/${inv.id}`}
                    method="DELETE"
                    label="Withdraw"
                    className="min-h-9 px-2 py-1"
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
      {team.paid && team.registration ? (
        <EditAnswers event={event} registration={team.registration} userId={user.id} scope={isCaptain ? "entrant" : "member"} />
      ) : null}
      {team.paid && team.registration && isFree(team.registration) ? (
        <FreeRegistered
          registration={team.registration}
          viewer={user}
          event={event}
          canCancel={isCaptain}
          extra={`The roster is locked. ${substitutionHint(event)}`}
        />
      ) : team.paid ? (
        <Alert tone="success">
          {REGISTRATION_SENTENCES.paid} The roster is locked. {substitutionHint(event)}{" "}
          {latest ? (
            <Link href={`/payments/${latest.merchTxnId}`} className="font-semibold underline">
              See the receipt
            </Link>
          ) : null}
        </Alert>
      ) : isCaptain ? (
        <div className="space-y-4">
          <LastAttempt latest={latest} words={words} />
          {offer ? <OfferBanner place={place!} event={event} /> : null}
          {words?.offer === "wait" ? null : problem ? (
            <Alert tone="warning">{problem}</Alert>
          ) : full && !offer && !team.paying ? (
            <WaitlistPanel event={event} place={place} teamId={team.id} />
          ) : !prices.length ? (
            <NoPrice />
          ) : asksAnything(event) ? (
            <AnswerAndRegister
              event={event}
              registration={team.registration}
              userId={user.id}
              teamId={team.id}
              prices={prices}
              payLabel="Pay {amount} for the team"
              freeLabel="Register the team for free"
              addToBasket={!team.paying}
            />
          ) : (
            <PriceCheckout
              eventSlug={event.slug}
              teamId={team.id}
              prices={prices}
              payLabel="Pay {amount} for the team"
              freeLabel="Register the team for free"
              addToBasket={!team.paying}
            />
          )}
          {!locked ? (
            <>
              <InviteForm teamId={team.id} />
              <ActionButton
                url={`/api/teams/${team.id}`}
                method="DELETE"
                label="Disband the team"
                variant="danger"
                confirm="Disband the team? Members are freed and invitations withdrawn."
              />
            </>
          ) : null}
        </div>
      ) : (
        <div className="space-y-3 text-sm text-stone-700">
          <p>
            Your captain pays once for the whole team. {words ? <Badge tone={words.tone}>{words.label}</Badge> : null}{" "}
            {latest ? (
              <Link href={`/payments/${latest.merchTxnId}`} className="font-semibold underline">
                Payment status
              </Link>
            ) : (
              "No payment yet."
            )}
          </p>
          {team.registration ? <EditAnswers event={event} registration={team.registration} userId={user.id} scope="member" /> : null}
          {!locked ? <ActionButton url={`/api/teams/${team.id}/leave`} label="Leave the team" confirm="Leave this team?" /> : null}
        </div>
      )}
    </div>
  );
}
