import { vi } from "vitest";
import { authCalls, testSession } from "./session";

// Server actions run here outside Next.js: the request-scoped APIs they use are replaced by
// these stand-ins, and the session is whatever the test says it is (see actAs()).
vi.mock("@/lib/auth/session", () => ({
  getSession: async () => testSession.current,
}));

vi.mock("@/lib/auth/auth", () => ({
  SECOND_STEP_COOKIE: "roster_2fa",
  auth: async () => null,
  signIn: async (...args: unknown[]) => {
    authCalls.signIn.push(args);
  },
  signOut: async (...args: unknown[]) => {
    authCalls.signOut.push(args);
  },
  handlers: {},
}));

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" }),
  cookies: async () => ({
    get: (name: string) => {
      const value = testSession.cookies.get(name);
      return value === undefined ? undefined : { name, value };
    },
    set: (name: string, value: string) => {
      testSession.cookies.set(name, value);
    },
    delete: (name: string) => {
      testSession.cookies.delete(name);
    },
  }),
}));

vi.mock("next/cache", () => ({
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
}));
