import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authorizeCredentials } from "./credentials";
import { authSecret } from "./secret";

export class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

declare module "next-auth" {
  interface Session {
    userId: string;
    sessionVersion: number;
  }
  interface User {
    sessionVersion?: number;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authorizeCredentials(credentials, request.headers);
        if (result === "rate_limited") throw new RateLimitedSignIn();
        return result;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    // The session only says who signed in; what they may do is read live from the database.
    session({ session, token }) {
      session.userId = typeof token.uid === "string" ? token.uid : "";
      session.sessionVersion = typeof token.sv === "number" ? token.sv : -1;
      return session;
    },
  },
}));
