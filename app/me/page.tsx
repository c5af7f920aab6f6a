import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { EntryPassCards } from "@/app/_components/entry-pass-cards";
import { Alert, ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { certificateRegistrationsOf } from "@/lib/certificates/certificate";
import { passesOfRegistrations, shownPasses } from "@/lib/passes/pass";
import { registrationsOfUser } from "@/lib/registrations/registrations";
import { invitationsOf } from "@/lib/teams/invitations";
import { placesOf } from "@/lib/waitlist/view";
import { InvitationsList, RegistrationsList } from "./registrations-list";
import { WaitlistList } from "./waitlist-list";

export const metadata: Metadata = { title: "Your account" };

export default async function MePage({ searchParams }: { searchParams: Promise<{ welcome?: string; reset?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/me");
  const { welcome, reset } = await searchParams;
  const [registrations, invitations, places, certified] = await Promise.all([
    registrationsOfUser(db, user.id),
    invitationsOf(db, user),
    placesOf(db, user.id),
    certificateRegistrationsOf(db, user.id),
  ]);
  // Each entered registration's pass as this person gets it: for a team, their own (and the captain's team view).
  const passes = await shownPasses(
    await passesOfRegistrations(
      db,
      registrations.filter((r) => r.status === "paid").map((r) => r.id),
      user,
    ),
  );
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle>Your account</PageTitle>
      {welcome ? (
        <Alert tone="success" live>
          Welcome to Anwesha! Your Anwesha ID is <strong className="whitespace-nowrap font-mono">{user.anweshaId}</strong>. Keep it handy at
          the venue.
        </Alert>
      ) : null}
      {reset === "1" ? (
        <Alert tone="success" live>
          Your password is changed. You are signed in here, and every other device and app has been signed out.
        </Alert>
      ) : null}
      <InvitationsList invitations={invitations} />
      <WaitlistList places={places} />
      <RegistrationsList registrations={registrations} certified={certified} />
      {passes.length ? (
        <section aria-labelledby="my-passes" className="space-y-3">
          <h2 id="my-passes" className="text-lg font-semibold">
            My entry passes
          </h2>
          <EntryPassCards passes={passes} />
        </section>
      ) : null}
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Account</h2>
        <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-y-2 text-sm sm:grid-cols-[8rem_minmax(0,1fr)]">
          <dt className="text-stone-500">Anwesha ID</dt>
          <dd className="whitespace-nowrap font-mono font-semibold" data-testid="anwesha-id">
            {user.anweshaId}
          </dd>
          <dt className="text-stone-500">Name</dt>
          <dd>{user.name}</dd>
          <dt className="text-stone-500">Email</dt>
          <dd className="break-all">{user.email}</dd>
          <dt className="text-stone-500">Mobile</dt>
          <dd>{user.phone}</dd>
          <dt className="text-stone-500">College</dt>
          <dd>{user.college}</dd>
        </dl>
      </Card>
      <div className="flex flex-wrap gap-3 [&>a]:whitespace-nowrap">
        <ButtonLink href="/">Browse events</ButtonLink>
        <ButtonLink href="/me/payments" variant="secondary">
          My payments
        </ButtonLink>
        <ButtonLink href="/me/account" variant="secondary">
          Account settings
        </ButtonLink>
      </div>
      <nav aria-label="Your account's settings" className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link href="/me/account#password" className="font-semibold text-brand-700 underline">
          Change password
        </Link>
        <Link href="/me/account#email" className="font-semibold text-brand-700 underline">
          Change email
        </Link>
        <Link href="/me/account#your-data" className="font-semibold text-brand-700 underline">
          Download my data
        </Link>
        <Link href="/me/account#delete" className="font-semibold text-brand-700 underline">
          Delete my account
        </Link>
      </nav>
    </div>
  );
}
