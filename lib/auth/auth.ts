import { cookies } from "next/headers";
import NextAuth, { CredentialsSignin, type User as SessionUser } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/db/client";
import type { User } from "@/db/schema";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { credentialsSchema } from "@/lib/users/schemas";
import { withSessionVersion } from "@/lib/users/session-version";
import { authConfig } from "./auth.config";
import { checkCredentials, TooManyFailedLoginsError } from "./credentials";
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS, deviceCookieFrom, deviceCookieValue, deviceFor } from "./device-cookie";
import { consumeSignInLink } from "./sign-in-link";

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

/** This browser has now proved it is the account's (password or mailed link): it gets the device cookie. */
async function rememberDevice(email: string): Promise<void> {
  const settings = env();
  try {
    (await cookies()).set(DEVICE_COOKIE, deviceCookieValue(email, settings.authSecret), {
      httpOnly: true,
      sameSite: "lax",
      secure: settings.APP_URL.startsWith("https://"),
      path: "/",
      maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60,
    });
  } catch {
    // Outside a request (a test calling the handlers directly): there is no browser to remember.
  }
}

function sessionUser(user: User): SessionUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    anweshaId: user.anweshaId,
    sessionVersion: user.sessionVersion,
  };
}

const linkSchema = z.object({ token: z.string().min(1).max(200) });

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  callbacks: { ...authConfig.callbacks, jwt: withSessionVersion(() => db, authConfig.callbacks.jwt) },
  secret: env().authSecret,
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const device = deviceFor(deviceCookieFrom(request.headers.get("cookie")), parsed.data.email, env().authSecret);
        let user: Awaited<ReturnType<typeof checkCredentials>>;
        try {
          user = await checkCredentials(db, parsed.data.email, parsed.data.password, clientAddress(request), device);
        } catch (error) {
          if (error instanceof TooManyFailedLoginsError) throw new RateLimitedSignIn();
          throw error;
        }
        if (!user) return null;
        await rememberDevice(user.email);
        return sessionUser(user);
      },
    }),
    // The one-use link mailed by POST /api/sign-in-link (lib/auth/sign-in-link.ts): no password, so no password limit.
    Credentials({
      id: "sign-in-link",
      credentials: { token: { label: "Token", type: "text" } },
      async authorize(raw) {
        const parsed = linkSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await consumeSignInLink(db, parsed.data.token);
        if (!user) return null;
        await rememberDevice(user.email);
        return sessionUser(user);
      },
    }),
  ],
}));
