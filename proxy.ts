// Runs before every page: sets a per-request nonce Content-Security-Policy, and guards /me/* and /organiser/*
// (signed in). Which console pages a person may open (organisers; coordinators, their events' work, issue 28) needs
// the database, so every console page asks guardPage (lib/console/page-guard.ts, held by its test) and every route
// handler requireOrganiser or requireConsoleReader: this is the first gate, not the only one.

import { type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/auth.config";
import { env } from "@/lib/env";
import { contentSecurityPolicy, gatewayOrigins, strictTransportSecurity } from "@/lib/http/security-headers";

const settings = env();
const { auth } = NextAuth({ ...authConfig, secret: settings.authSecret });
const gateway = gatewayOrigins(settings.atompay);
const dev = process.env.NODE_ENV === "development";
// From the running settings, not the build's: the same build may serve http in a demo and https behind a proxy.
const hsts = strictTransportSecurity(settings.APP_URL);

function guard(req: NextRequest & { auth: { user?: { role?: string } } | null }, requestHeaders: Headers): NextResponse {
  const { pathname, search } = req.nextUrl;
  const needsUser = pathname.startsWith("/me") || pathname.startsWith("/organiser");
  if (!needsUser) return NextResponse.next({ request: { headers: requestHeaders } });
  const user = req.auth?.user;
  if (!user) {
    const signIn = new URL("/sign-in", req.nextUrl.origin);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export default auth((req) => {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, gateway, dev);
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const res = guard(req, requestHeaders);
  res.headers.set("Content-Security-Policy", csp);
  res.headers.set("X-Frame-Options", "DENY");
  if (hsts) res.headers.set("Strict-Transport-Security", hsts);
  return res;
});

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|robots.txt|manifest.webmanifest|icon-192.png|icon-512.png|sandbox/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
