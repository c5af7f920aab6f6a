import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentSession } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { SANDBOX_NOTICE } from "@/lib/http/plain-page";
import { CheckInLink } from "./_components/check-in-link";
import { NavCounts } from "./_components/nav-counts";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Anwesha Payments", template: "%s · Anwesha Payments" },
  description: "Register and pay for Anwesha events.",
  // public/: favicon.ico (browsers ask for it by that name), this manifest and robots.txt; app/icon.svg is the icon.
  manifest: "/manifest.webmanifest",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#c2410c" };

const navLink = "whitespace-nowrap py-1 text-sm font-medium hover:underline";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentSession();
  return (
    <html lang="en-IN">
      <body className="min-h-dvh">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {env().atompay.env === "sandbox" ? (
          <p
            role="note"
            data-testid="sandbox-banner"
            className="bg-amber-300 px-4 py-2 text-center text-sm font-bold text-stone-900 print:hidden"
          >
            {SANDBOX_NOTICE}
          </p>
        ) : null}
        <header className="border-b border-stone-200 bg-white print:hidden">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3">
            <Link href="/" className="mr-auto whitespace-nowrap text-lg font-extrabold tracking-tight text-brand-700">
              Anwesha <span className="font-medium text-stone-500">Payments</span>
            </Link>
            {/* On a phone the links take rows of their own under the name and the account, wrapping rather than hiding past the edge. */}
            <nav aria-label="Main" className="order-last flex w-full flex-wrap gap-x-5 gap-y-1 sm:order-none sm:w-auto">
              <Link href="/" className={navLink}>
                Events
              </Link>
              {user ? (
                <>
                  <NavCounts user={user} className={navLink} />
                  <Link href="/me/payments" className={navLink}>
                    My payments
                  </Link>
                  <CheckInLink user={user} />
                  {user.role === "organiser" ? (
                    <Link href="/organiser/payments" className={navLink}>
                      Organiser
                    </Link>
                  ) : null}
                </>
              ) : null}
            </nav>
            {user ? (
              <div className="flex min-w-0 items-center gap-4">
                <Link
                  href="/me"
                  className="flex min-w-0 items-baseline gap-1 text-sm text-stone-700 hover:underline"
                  data-testid="signed-in-as"
                  title="Your account"
                >
                  <span className="max-w-[9rem] truncate sm:max-w-[14rem]">{user.name}</span>
                  <span aria-hidden>·</span>
                  <span className="whitespace-nowrap font-mono">{user.anweshaId}</span>
                </Link>
                <SignOutButton />
              </div>
            ) : (
              <div className="flex items-center gap-4">
                <Link href="/sign-in" className={navLink}>
                  Sign in
                </Link>
                <Link
                  href="/sign-up"
                  className="whitespace-nowrap rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
                >
                  Sign up
                </Link>
              </div>
            )}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
