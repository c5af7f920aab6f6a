"use client";

// Checked-in counts per event, refreshed every 5 seconds while the page is open.
import Link from "next/link";
import { useEffect, useState } from "react";
import { Card } from "@/app/_components/ui";
import type { DoorCount } from "@/lib/checkin/stats";

export function LiveCounts({ initial }: { initial: DoorCount[] }) {
  const [counts, setCounts] = useState(initial);
  // The server's counts win each time the page is drawn again (an undo refreshes it): kept from the first draw, the
  // table said "1 of 2" people in beside "No paid registrations match" until the next poll.
  const [drawn, setDrawn] = useState(initial);
  if (drawn !== initial) {
    setDrawn(initial);
    setCounts(initial);
  }
  useEffect(() => {
    const timer = setInterval(async () => {
      const res = await fetch("/api/organiser/checkin", { cache: "no-store" }).catch(() => null);
      if (res?.ok) setCounts(((await res.json()) as { events: DoorCount[] }).events);
    }, 5000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">At the doors</h2>
      <table className="w-full text-left text-sm" aria-label="Checked in per event">
        <thead className="text-stone-600">
          <tr>
            <th className="py-2">Event</th>
            <th>Paid registrations</th>
            <th>People in</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {counts.map((c) => (
            <tr key={c.slug} data-testid={`door-count-${c.slug}`}>
              <td className="py-2">
                <Link href={`/organiser/checkin?event=${c.slug}`} className="font-medium underline">
                  {c.name}
                </Link>
              </td>
              <td>{c.registrations}</td>
              <td>
                <span className="font-semibold">{c.checkedIn}</span> of {c.people}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
