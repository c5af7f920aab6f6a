import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "./_components/sign-out-button";
import { currentSession } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Anwesha Payments", template: "%s · Anwesha Payments" },
  description: "Register and pay for Anwesha events.",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#c2410c" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentSession();
  return (
    <html lang="en-IN">
      <body className="min-h-dvh">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <header className="border-b border-stone-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3">
            <Link href="/" className="mr-auto text-lg font-extrabold tracking-tight text-brand-700">
              Anwesha <span className="font-medium text-stone-500">Payments</span>
            </Link>
            <Link href="/" className="text-sm font-medium hover:underline">
              Events
            </Link>
            {user ? (
              <>
                <Link href="/basket" className="text-sm font-medium hover:underline">
                  Basket
                </Link>
                <Link href="/me/payments" className="text-sm font-medium hover:underline">
                  My payments
                </Link>
                {user.role === "organiser" ? (
                  <>
                    <Link href="/organiser/payments" className="text-sm font-medium hover:underline">
                      Organiser
                    </Link>
                    <Link href="/organiser/settlement" className="text-sm font-medium hover:underline">
                      Settlement
                    </Link>
                  </>
                ) : null}
                <span className="text-sm text-stone-600" data-testid="signed-in-as">
                  {user.name} · <span className="font-mono">{user.anweshaId}</span>
                </span>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/sign-in" className="text-sm font-medium hover:underline">
                  Sign in
                </Link>
                <Link href="/sign-up" className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700">
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
