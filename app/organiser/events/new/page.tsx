import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/app/_components/ui";
import { guardPage } from "@/lib/console/page-guard";
import { EventForm, type EventFormValues } from "../_components/event-form";

export const metadata: Metadata = { title: "New event · Organiser" };
export const dynamic = "force-dynamic";

const EMPTY: EventFormValues = {
  name: "",
  slug: "",
  description: "",
  kind: "solo",
  category: "other",
  // One price: the plain fee field (Standard); "Add a price" makes a list.
  prices: [
    { key: "standard", label: "Standard", fee: "", opensAt: "", closesAt: "", domains: "", codeOnly: false, capacity: "", paidFor: false },
  ],
  minTeamSize: "2",
  maxTeamSize: "4",
  capacity: "",
  opensAt: "",
  closesAt: "",
  startsAt: "",
  venue: "",
};

export default async function NewEventPage() {
  await guardPage("organiser", "/organiser/events/new");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/organiser/events" className="font-medium text-brand-700 hover:underline">
          ← All events
        </Link>
      </p>
      <PageTitle sub="All of it can change later: the fee until the first payment starts, solo or team until someone registers.">
        New event
      </PageTitle>
      <div className="max-w-2xl">
        <EventForm mode="create" initial={EMPTY} />
      </div>
    </>
  );
}
