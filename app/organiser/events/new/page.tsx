import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, redirect } from "next/navigation";
import { PageTitle } from "@/app/_components/ui";
import { currentUser } from "@/lib/auth/require-user";
import { EventForm, type EventFormValues } from "../_components/event-form";

export const metadata: Metadata = { title: "New event · Organiser" };
export const dynamic = "force-dynamic";

const EMPTY: EventFormValues = {
  name: "",
  slug: "",
  description: "",
  kind: "solo",
  fee: "",
  minTeamSize: "2",
  maxTeamSize: "4",
  capacity: "",
  opensAt: "",
  closesAt: "",
  startsAt: "",
  venue: "",
};

export default async function NewEventPage() {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent("/organiser/events/new")}`);
  if (user.role !== "organiser") forbidden();
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
