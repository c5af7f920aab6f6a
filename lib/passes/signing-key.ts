// The Ed25519 key that signs entry passes. From PASS_SIGNING_KEY (PEM, or base64 of the PKCS#8 DER) when set —
// required with ATOMPAY_ENV=production; otherwise a development key generated once and kept in
// .data/pass-signing-key.pem (mode 0600, beside the embedded database; never in the database, never logged), so
// passes stay valid across restarts. Unit tests (NODE_ENV=test) get a throwaway key per process.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export interface PassKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** 8 hex digits: the start of the SHA-256 of the raw public key. Tokens name the key that signed them. */
  kid: string;
  /** The public key as a JWK, for the check-in page's offline WebCrypto verification. */
  publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string };
}

/** Reads a private key given as PEM or as base64 PKCS#8 DER; throws unless it is an Ed25519 key. */
function parsePassSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith("-----BEGIN")
    ? createPrivateKey({ key: trimmed, format: "pem" })
    : createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
  if (key.asymmetricKeyType !== "ed25519") throw new Error("PASS_SIGNING_KEY must be an Ed25519 private key");
  return key;
}

export function passKeysFrom(privateKey: KeyObject): PassKeys {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: "jwk" }) as { x: string };
  const kid = createHash("sha256").update(Buffer.from(jwk.x, "base64url")).digest("hex").slice(0, 8);
  return { privateKey, publicKey, kid, publicJwk: { kty: "OKP", crv: "Ed25519", x: jwk.x } };
}

const DEVELOPMENT_KEY_FILE = path.join(".data", "pass-signing-key.pem");

/** The development key in `file`, made now when there is none. Two processes starting at once agree on one. */
// The file is read at run time only, in development and tests (a production key comes from the environment): the
// bundler is told not to trace it, or it would copy the whole project into the server's output.
function developmentPassKey(file = path.join(/*turbopackIgnore: true*/ process.cwd(), DEVELOPMENT_KEY_FILE)): {
  key: KeyObject;
  created: boolean;
} {
  try {
    return { key: parsePassSigningKey(readFileSync(/*turbopackIgnore: true*/ file, "utf8")), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  try {
    // "wx": create only if absent, so a concurrent starter that lost the race reads the winner's key.
    writeFileSync(file, pem, { flag: "wx", mode: 0o600 });
    return { key: parsePassSigningKey(pem), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { key: parsePassSigningKey(readFileSync(/*turbopackIgnore: true*/ file, "utf8")), created: false };
  }
}

const globalForKeys = globalThis as unknown as { __anweshaPassKeys?: PassKeys };

/** The keys passes are signed and checked with, loaded once per process. */
export function passKeys(): PassKeys {
  if (globalForKeys.__anweshaPassKeys) return globalForKeys.__anweshaPassKeys;
  const settings = env();
  let key: KeyObject;
  if (settings.PASS_SIGNING_KEY) {
    key = parsePassSigningKey(settings.PASS_SIGNING_KEY);
  } else if (settings.atompay.env === "production") {
    // lib/env refuses this already; kept so a mistake there cannot make production sign with a throwaway key.
    throw new Error("PASS_SIGNING_KEY is required when ATOMPAY_ENV=production");
  } else if (settings.NODE_ENV === "test") {
    key = generateKeyPairSync("ed25519").privateKey;
  } else {
    const dev = developmentPassKey();
    key = dev.key;
    if (dev.created) log.info(`generated a development pass signing key in ${DEVELOPMENT_KEY_FILE}; set PASS_SIGNING_KEY in production`);
  }
  globalForKeys.__anweshaPassKeys = passKeysFrom(key);
  return globalForKeys.__anweshaPassKeys;
}
