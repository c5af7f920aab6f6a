// Guards pages before they render: /me/* needs a signed-in user, /organiser/* an organiser. Pages and route
// handlers check again themselves (requireUser), so this is the first gate, not the only one.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { env } from "@/lib/env";

const { auth } = NextAuth({ ...authConfig, secret: env().authSecret });

export default auth((req) => {
  const { pathname, search } = req.nextUrl;
  const user = req.auth?.user;
  if (!user) {
    const signIn = new URL("/sign-in", req.nextUrl.origin);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  if (pathname.startsWith("/organiser") && user.role !== "organiser") {
    return NextResponse.rewrite(new URL("/forbidden", req.nextUrl.origin), { status: 403 });
  }
  return NextResponse.next();
});

export const config = { matcher: ["/me/:path*", "/organiser/:path*"] };
