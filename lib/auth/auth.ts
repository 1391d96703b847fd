import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { authorizeCredentials, authorizeSecondStep, SECOND_STEP_MINUTES } from "./credentials";
import { authSecret } from "./secret";
import { endSessionByToken, sessionKey } from "./sessions";
import { log } from "@/lib/log";

/** The httpOnly cookie that carries a sign-in between its password and its two-factor step. */
export const SECOND_STEP_COOKIE = "roster_2fa";

/** Auth.js reports these as CredentialsSignin errors with this code. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    code: "invalid" | "rate_limited" | "two_factor" | "challenge_expired" | "sso_required",
  ) {
    super();
    this.code = code;
  }
}

declare module "next-auth" {
  interface Session {
    userId: string;
    /** The SHA-256 of the session's raw id: the key of its row in the Session table. */
    sessionKey: string;
  }
  interface User {
    sessionToken?: string;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  // The cookie lives as long as a session may; the Session row decides whether it still does.
  session: { strategy: "jwt", maxAge: config.sessionMaxAgeHours * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log.error({ err: error }, "Auth.js reported an error");
    },
  },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code" },
        challenge: {},
      },
      async authorize(credentials, request) {
        const secondStep = typeof credentials.challenge === "string";
        const result = secondStep
          ? await authorizeSecondStep(credentials, request.headers)
          : await authorizeCredentials(credentials, request.headers);
        if ("refused" in result) {
          if (result.refused === "two_factor") {
            (await cookies()).set(SECOND_STEP_COOKIE, result.challenge, {
              httpOnly: true,
              sameSite: "lax",
              secure: config.isProduction && config.appUrl.startsWith("https://"),
              path: "/sign-in",
              maxAge: SECOND_STEP_MINUTES * 60,
            });
          }
          throw new SignInRefused(result.refused);
        }
        return result;
      },
    }),
  ],
  events: {
    // Signing out ends the session on the server, not only in this browser.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSessionByToken(await getDb(), sid);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user?.id && user.sessionToken) {
        token.uid = user.id;
        token.sid = user.sessionToken;
      }
      return token;
    },
    // The session only says who signed in and which session row it is; what they may do is read
    // live from the database (lib/auth/caller.ts).
    session({ session, token }) {
      session.userId = typeof token.uid === "string" ? token.uid : "";
      session.sessionKey = typeof token.sid === "string" ? sessionKey(token.sid) : "";
      return session;
    },
  },
}));
