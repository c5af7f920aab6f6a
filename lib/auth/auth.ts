import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { checkCredentials, TooManyFailedLoginsError } from "@/lib/users/accounts";
import { credentialsSchema } from "@/lib/users/schemas";
import { authConfig } from "./auth.config";
import { withSessionVersion } from "./session-version";

class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

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
        let user: Awaited<ReturnType<typeof checkCredentials>>;
        try {
          user = await checkCredentials(db, parsed.data.email, parsed.data.password, clientAddress(request));
        } catch (error) {
          if (error instanceof TooManyFailedLoginsError) throw new RateLimitedSignIn();
          throw error;
        }
        if (!user) return null;
        return {
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          anweshaId: user.anweshaId,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
}));
