// argon2id via @node-rs/argon2 (prebuilt, no install script). Unknown emails are checked against a dummy
// hash so a sign-in takes as long whether or not the account exists.
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const; // OWASP's argon2id baseline

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies `password` against `stored`, or burns the same time against a dummy hash when there is no user. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash("not-a-real-password-but-same-cost", OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
