// What pages need to know about the signed-in user, from the session (no database round trip for the header).
import { auth } from "./auth";

export async function currentSession() {
  const session = await auth();
  return session?.user?.id ? session.user : null;
}
