// The part of the Auth.js config that needs no database or Node-only modules, shared by proxy.ts and auth.ts.
import type { NextAuthConfig } from "next-auth";

export type Role = "attendee" | "organiser";

declare module "next-auth" {
  interface User {
    role?: Role;
    anweshaId?: string;
    /** users.session_version at sign-in (see session-version.ts). */
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; role: Role; anweshaId: string; name: string; email: string };
  }
}

export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  // Behind our own host (not Vercel): the Host header decides the callback URLs.
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role ?? "attendee";
        token.anweshaId = user.anweshaId;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.role = (token.role as Role | undefined) ?? "attendee";
      session.user.anweshaId = (token.anweshaId as string | undefined) ?? "";
      return session;
    },
  },
} satisfies NextAuthConfig;
