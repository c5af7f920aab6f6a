// For tests that render pages reading the browser's session through Auth.js, which Vitest cannot load: such a file
// mocks "@/lib/auth/auth" with this module (`vi.mock("@/lib/auth/auth", () => import("@/lib/auth/session-testing"))`,
// at its top, as Vitest hoists it there) and renders as someone inside `asUser`. Bearer tokens never ask it.
import type { CurrentUser } from "@/lib/auth/require-user";

/** Whoever the mocked session names (null: signed out). */
const session = { userId: null as string | null };

export const auth = async () => (session.userId ? { user: { id: session.userId } } : null);
export const signIn = async () => undefined;
export const signOut = async () => undefined;
export const handlers = {};

/** Runs `f` with `who` signed in by cookie, as a browser would be; signed out again after. */
export async function asUser<T>(who: CurrentUser, f: () => Promise<T>): Promise<T> {
  session.userId = who.id;
  try {
    return await f();
  } finally {
    session.userId = null;
  }
}
