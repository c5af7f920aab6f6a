// Entry passes as cards: a big black-on-white QR code each (bright enough for a scanner at full screen brightness,
// and printable on its own), on a payment's receipt page and on a free event's page alike.
import { whenAndWhere } from "@/lib/calendar/pass-entry";
import type { EntryPass } from "@/lib/passes/pass";
import { PassActions } from "./entry-pass-actions";

export function EntryPassCards({ passes, className = "" }: { passes: EntryPass[]; className?: string }) {
  return (
    <section aria-label="Entry passes" className={`space-y-4 ${className}`}>
      {passes.map((p) => (
        <article
          key={p.registrationId}
          data-entry-pass
          className="rounded-2xl border-2 border-[#000] bg-[#fff] p-5 text-[#000] shadow-sm [color-scheme:light]"
          aria-label={`Entry pass for ${p.event.name}`}
        >
          <h2 className="text-xl font-bold">Entry pass · {p.event.name}</h2>
          <p className="text-base">
            {p.holder.kind === "team" ? `Team ${p.holder.name}` : p.holder.name}
            {p.holder.anweshaId ? <span className="ml-2 whitespace-nowrap font-mono">{p.holder.anweshaId}</span> : null}
          </p>
          <p className="text-sm text-[#333]" data-testid="pass-when-where">
            {whenAndWhere(p.event.startsAt, p.event.venue)}
          </p>
          <div
            className="mx-auto my-4 w-full max-w-sm bg-[#fff] [&>svg]:h-auto [&>svg]:w-full"
            role="img"
            aria-label={`QR code of the entry pass for ${p.event.name}`}
            data-testid="pass-qr"
            data-token={p.token}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG from the qrcode package (paths only, no script)
            dangerouslySetInnerHTML={{ __html: p.qrSvg }}
          />
          <p className="text-sm text-[#333]">
            Show this at the door{p.holder.kind === "team" ? " (one pass for the whole team; each member is checked in)" : ""}. Turn your
            screen brightness up. If it will not scan, the volunteer types{" "}
            {p.holder.kind === "team" ? "each member's Anwesha ID" : "your Anwesha ID"} instead. {p.free ? "Cancelling" : "A refund"}{" "}
            cancels the pass.
          </p>
          <PassActions
            pass={{
              eventName: p.event.name,
              holder: [p.holder.kind === "team" ? `Team ${p.holder.name}` : p.holder.name, p.holder.anweshaId].filter(Boolean).join(" · "),
              where: whenAndWhere(p.event.startsAt, p.event.venue),
              qrSvg: p.qrSvg,
            }}
            calendarHref={p.event.startsAt ? `/api/registrations/${p.registrationId}/calendar.ics` : null}
          />
        </article>
      ))}
    </section>
  );
}
