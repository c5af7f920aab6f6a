// The page a substitution's mail links to: the proposed person sees which team and whose place, answers the event's
// per-member questions and accepts (or declines). Anyone else gets "not found".
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ActionButton } from "@/app/_components/action-button";
import { AnswersForm } from "@/app/_components/answers-form";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { ApiError } from "@/lib/errors";
import { type SubstitutionView, substitutionFor } from "@/lib/teams/substitutions";

export const metadata: Metadata = { title: "A place in a team" };

async function find(userId: string, id: string): Promise<SubstitutionView> {
  try {
    return await substitutionFor(db, { id: userId }, id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export default async function SubstitutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/substitutions/${id}`)}`);
  const s = await find(user.id, id);
  const acceptUrl = `/api/substitutions/${s.id}/accept`;
  const done = "You are on the team. Your own entry pass is on your account page.";
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle sub={s.event.name}>A place in a team</PageTitle>
      <Card>
        <p className="text-sm">
          An organiser proposes you for team <strong>{s.teamName}</strong> in {s.event.name}, in place of <strong>{s.outName}</strong>. The
          team has paid: you join at no cost, with your own entry pass, and theirs stops working.
        </p>
      </Card>
      {s.status === "pending" ? (
        <>
          {s.questions.length ? (
            <AnswersForm
              heading={`What ${s.event.name} asks each member`}
              questions={s.questions.map((q) => ({ ...q, choices: q.choices ?? null, value: null }))}
              accept={{ url: acceptUrl, label: "Accept and join the team", done }}
            />
          ) : (
            <ActionButton url={acceptUrl} label="Accept and join the team" variant="primary" done={done} />
          )}
          <ActionButton url={`/api/substitutions/${s.id}/decline`} label="Decline" done="Declined: the team stays as it was." />
        </>
      ) : s.status === "accepted" ? (
        <Alert tone="success">
          You are on the team: {s.teamName}.{" "}
          <Link href="/me" className="font-semibold underline">
            See your entry pass
          </Link>
        </Alert>
      ) : (
        <Alert tone="info">This substitution was {s.status}.</Alert>
      )}
    </div>
  );
}
