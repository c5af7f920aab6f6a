import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, Button, buttonStyles, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { listTokens } from "@/lib/auth/tokens";
import { formatIST } from "@/lib/format";
import { findUserById } from "@/lib/users/accounts";
import { resendVerificationAction, revokeTokenAction } from "./actions";
import { ProfileForm } from "./profile-form";
import { ChangeEmailForm, ChangePasswordForm, DeleteAccountForm } from "./security-forms";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const metadata: Metadata = { title: "Account settings" };
export const dynamic = "force-dynamic";

export default async function AccountSettingsPage({ searchParams }: { searchParams: Promise<{ password?: string }> }) {
  const { password } = await searchParams;
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/me/account");
  const [tokens, account] = await Promise.all([listTokens(db, user.id), findUserById(db, user.id)]);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageTitle
        sub={
          <>
            {user.email} · Anwesha ID <span className="whitespace-nowrap">{user.anweshaId}</span>
          </>
        }
      >
        Account settings
      </PageTitle>
      {password === "changed" ? (
        <Alert tone="success" live>
          Your password is changed. Every other device and app is signed out; sign in there with the new password.
        </Alert>
      ) : null}
      {account && !account.emailVerifiedAt ? (
        <section aria-labelledby="verify-h">
          <h2 id="verify-h" className="mb-2 text-lg font-semibold">
            Confirm your email
          </h2>
          <Card>
            <p className="mb-3 text-sm text-stone-600">
              Open the link we mailed to {user.email}. Until then, team invitations sent to this address are not shown to you.
            </p>
            <form action={resendVerificationAction}>
              <Button type="submit" variant="secondary">
                Mail me the link again
              </Button>
            </form>
          </Card>
        </section>
      ) : null}
      <section aria-labelledby="profile-h">
        <h2 id="profile-h" className="mb-2 text-lg font-semibold">
          Your details
        </h2>
        <Card>
          <ProfileForm initial={{ name: user.name, phone: user.phone, college: user.college }} />
        </Card>
      </section>
      <section aria-labelledby="password-h" id="password">
        <h2 id="password-h" className="mb-2 text-lg font-semibold">
          Change password
        </h2>
        <Card>
          <ChangePasswordForm />
        </Card>
      </section>
      <section aria-labelledby="email-h" id="email">
        <h2 id="email-h" className="mb-2 text-lg font-semibold">
          Change email address
        </h2>
        <Card>
          <ChangeEmailForm current={user.email} />
        </Card>
      </section>
      <section aria-labelledby="apps-h">
        <h2 id="apps-h" className="mb-2 text-lg font-semibold">
          API tokens
        </h2>
        <Card>
          <p className="mb-3 text-sm text-stone-600" data-testid="api-tokens-explained">
            An API token lets a program (a script or tool of your own, using our API) act as you without your password. One is made each
            time such a program signs in with your email and password. The website does not use them.
          </p>
          {tokens.length === 0 ? (
            <p className="text-sm text-stone-600">You have no API tokens: no program is signed in as you.</p>
          ) : (
            <ul className="divide-y divide-stone-200" aria-label="API tokens">
              {tokens.map((t) => (
                <li key={t.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <span>
                    Made {formatIST(t.createdAt)}
                    <br />
                    <span className="text-stone-500">Last used {t.lastUsedAt ? formatIST(t.lastUsedAt) : "never"}</span>
                  </span>
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="id" value={t.id} />
                    <Button type="submit" variant="secondary">
                      Revoke
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </section>
      <section aria-labelledby="everywhere-h">
        <h2 id="everywhere-h" className="mb-2 text-lg font-semibold">
          Sign out everywhere
        </h2>
        <Card>
          <p className="mb-3 text-sm text-stone-600">
            Ends every session on every device and revokes every API token. Use it if you lost a phone or signed in on a shared computer.
          </p>
          <SignOutEverywhere />
        </Card>
      </section>
      <section aria-labelledby="data-h" id="your-data">
        <h2 id="data-h" className="mb-2 text-lg font-semibold">
          Your data
        </h2>
        <Card>
          <p className="mb-3 text-sm text-stone-600">
            India's Digital Personal Data Protection Act lets you see everything we hold about you: your account, registrations, teams,
            payments and the log entries about them, in one file (JSON).
          </p>
          <a href="/api/me/data" download className={buttonStyles.secondary}>
            Download my data
          </a>
        </Card>
      </section>
      <section aria-labelledby="delete-h" id="delete">
        <h2 id="delete-h" className="mb-2 text-lg font-semibold">
          Delete my account
        </h2>
        <Card>
          <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-stone-700">
            <li>Your name, email, mobile and college are erased, your password removed, and you are signed out everywhere.</li>
            <li>Teams you are in that have not paid lose you; teams you captain that have not paid are disbanded.</li>
            <li>
              Your payments stay, without your name or contact details, because accounting law makes us keep them: amounts, dates, AtomPay's
              and the bank's ids, and your Anwesha ID. A team you paid for keeps its pass.
            </li>
            <li>Not possible while a payment or refund is still on its way, or while you captain a team that has paid.</li>
          </ul>
          <DeleteAccountForm />
        </Card>
      </section>
    </div>
  );
}
