"use client";
// The console's own navigation (Payments, Events, Settlement, Check-in, Background work), with the current section
// marked for screen readers too.
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/organiser/payments", label: "Payments" },
  { href: "/organiser/events", label: "Events" },
  { href: "/organiser/settlement", label: "Settlement" },
  { href: "/organiser/checkin", label: "Check-in" },
  { href: "/organiser/jobs", label: "Background work" },
] as const;

export function OrganiserNav() {
  const path = usePathname() ?? "";
  return (
    <nav aria-label="Organiser console" className="mb-6 flex flex-wrap gap-2 border-b border-stone-200 pb-3">
      {SECTIONS.map((s) => {
        const current = path === s.href || path.startsWith(`${s.href}/`);
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={current ? "page" : undefined}
            className={`inline-flex min-h-11 items-center rounded-lg px-4 text-sm font-semibold ${
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
