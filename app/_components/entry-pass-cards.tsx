// Entry passes as cards: a big black-on-white QR code each (bright enough for a scanner at full screen brightness,
// and printable on its own), on a payment's receipt page, the account page and a free event's page alike. A team's
// member sees their own pass (it admits them only); the captain's card also holds the team's pass (the team view).
import { whenAndWhere } from "@/lib/calendar/pass-entry";
import type { ShownPass, TeamView } from "@/lib/passes/pass";
import { PassActions } from "./entry-pass-actions";

const QR_BOX = "mx-auto my-4 w-full max-w-sm bg-[#fff] [&>svg]:h-auto [&>svg]:w-full";

export function EntryPassCards({ passes, className = "" }: { passes: ShownPass[]; className?: string }) {
  return (
    <section aria-label="Entry passes" className={`space-y-4 ${className}`}>
      {passes.map((p) => (
        <article
          key={p.key}
          data-entry-pass
          className="rounded-2xl border-2 border-[#000] bg-[#fff] p-5 text-[#000] shadow-sm [color-scheme:light]"
          aria-label={`Entry pass for ${p.event.name}`}
        >
          <h2 className="text-xl font-bold">Entry pass · {p.event.name}</h2>
          <p className="text-base">
            {p.holder.kind === "team" ? `Team ${p.holder.name}` : p.holder.name}
            {p.holder.anweshaId ? <span className="ml-2 whitespace-nowrap font-mono">{p.holder.anweshaId}</span> : null}
            {p.holder.kind === "member" && p.holder.team ? <span className="block text-sm">Team {p.holder.team}</span> : null}
          </p>
          <p className="text-sm text-[#333]" data-testid="pass-when-where">
            {whenAndWhere(p.event.startsAt, p.event.venue)}
          </p>
          <div
            className={QR_BOX}
            role="img"
            aria-label={`QR code of the entry pass for ${p.event.name}`}
            data-testid="pass-qr"
            data-token={p.token}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG from the qrcode package (paths only, no script)
            dangerouslySetInnerHTML={{ __html: p.qrSvg }}
          />
          <p className="text-sm text-[#333]">
            Show this at the door
            {p.holder.kind === "team"
              ? " (the team's pass: it lets in every member not yet in)"
              : p.holder.kind === "member"
                ? ": it admits you only, and each member of your team has their own pass"
                : ""}
            . Turn your screen brightness up. If it will not scan, the volunteer types{" "}
            {p.holder.kind === "team" ? "each member's Anwesha ID" : "your Anwesha ID"} instead. {p.free ? "Cancelling" : "A refund"}{" "}
            cancels the pass.
          </p>
          <PassActions
            pass={{
              eventName: p.event.name,
              holder: [
                p.holder.kind === "team" ? `Team ${p.holder.name}` : p.holder.name,
                p.holder.anweshaId,
                p.holder.kind === "member" ? `Team ${p.holder.team}` : null,
              ]
                .filter(Boolean)
                .join(" · "),
              where: whenAndWhere(p.event.startsAt, p.event.venue),
              qrSvg: p.qrSvg,
            }}
            calendarHref={p.event.startsAt ? `/api/registrations/${p.registrationId}/calendar.ics` : null}
          />
          {p.teamView ? <TeamPass team={p.teamView} /> : null}
        </article>
      ))}
    </section>
  );
}

/** The captain's team view: the roster, and the team's pass, which lets in every member not yet in at once. */
function TeamPass({ team }: { team: TeamView }) {
  return (
    <details className="mt-4 rounded-xl border border-[#000] p-3" data-testid="team-pass">
      <summary className="cursor-pointer text-base font-semibold">Your team at the door: the roster of team {team.name}</summary>
      <ul className="mt-2 space-y-1 text-sm" aria-label={`Team ${team.name}`}>
        {team.roster.map((m) => (
          <li key={m.anweshaId}>
            {m.name} <span className="whitespace-nowrap font-mono">{m.anweshaId}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm text-[#333]">
        As captain you can show this roster at the door. Each member comes in on their own pass (on their account page and in their mail),
        so nobody is let in for someone who did not come.
      </p>
    </details>
  );
}
