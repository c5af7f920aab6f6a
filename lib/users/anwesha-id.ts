import { randomInt } from "node:crypto";

// Crockford-style alphabet: no I, L, O, U, so an ID read aloud at the help desk is not misheard.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A human-readable festival ID like "ANW-7K3Q9P". Uniqueness is enforced by the database; callers retry. */
export function newAnweshaId(): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `ANW-${s}`;
}
