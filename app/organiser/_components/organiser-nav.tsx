"use client";
// The console's own navigation (Payments, Events, Codes, Settlement, Check-in, Background work), with the current section
// marked for screen readers too. On a phone the tabs are one row that scrolls sideways (six wrapped to three rows and
// pushed the payments list's first row off the first screen), with the current one scrolled into view.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

// Who sees a section: organisers (`organiser`), an event's coordinators (`coordinator`, issue 28: their events'
// payments, registrations and check-ins, and the desk itself, since the takings are the organisers').
const SECTIONS = [
  { href: "/organiser/payments", label: "Payments", organiser: true, coordinator: true },
  { href: "/organiser/events", label: "Events", organiser: true, coordinator: true },
  { href: "/organiser/codes", label: "Codes", organiser: true, coordinator: false },
  { href: "/organiser/settlement", label: "Settlement", organiser: true, coordinator: false },
  { href: "/organiser/checkin", label: "Check-in", organiser: true, coordinator: true },
  { href: "/organiser/desk", label: "Desk", organiser: true, coordinator: false },
  { href: "/desk", label: "Desk", organiser: false, coordinator: true },
  { href: "/organiser/jobs", label: "Background work", organiser: true, coordinator: false },
] as const;

export function OrganiserNav({ coordinator = false }: { coordinator?: boolean }) {
  const path = usePathname() ?? "";
  const nav = useRef<HTMLElement>(null);
  const sections = SECTIONS.filter((s) => (coordinator ? s.coordinator : s.organiser));
  const currentHref = sections.find((s) => path === s.href || path.startsWith(`${s.href}/`))?.href;
  useEffect(() => {
    if (!currentHref) return;
    nav.current?.querySelector(`a[href="${currentHref}"]`)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [currentHref]);
  return (
    <nav
      ref={nav}
      aria-label={coordinator ? "Coordinator console" : "Organiser console"}
      className="mb-4 flex gap-2 overflow-x-auto border-b border-stone-200 pb-3 md:flex-wrap md:overflow-visible"
    >
      {sections.map((s) => {
        const current = s.href === currentHref;
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={current ? "page" : undefined}
            className={`inline-flex min-h-11 shrink-0 items-center whitespace-nowrap rounded-lg px-4 text-sm font-semibold ${
              current ? "bg-brand-600 text-white" : "border border-stone-300 bg-white text-stone-800 hover:bg-stone-100"
            }`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
