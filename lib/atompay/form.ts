/**
 * application/x-www-form-urlencoded bodies, parsed as a form and never by position: the AUTH answer is
 * `merchId=…&encData=…` while the status answer is `encData=…&merchId=…` (protocol section 3, pitfall 5).
 */
import { GatewayProtocolError } from "./errors";

export function encodeForm(record: Record<string, string>): string {
  return new URLSearchParams(record).toString();
}

/**
 * Parse a form body into a plain record (null prototype, so "__proto__" is just a key).
 * Surrounding whitespace (a trailing newline from some proxies) is ignored. When a key repeats, the first
 * value wins; use readEncryptedForm() where a repeat must be an error.
 */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(text.trim())) {
    if (!(k in out)) out[k] = v;
  }
  return out;
}

/**
 * The `encData` (+ optional `merchId`) pair every gateway answer and the return POST carry.
 * Throws GatewayProtocolError if encData is missing, empty or repeated (an ambiguous body is not trusted).
 */
export function readEncryptedForm(text: string): { encData: string; merchId?: string } {
  const params = new URLSearchParams(text.trim());
  const all = params.getAll("encData");
  if (all.length === 0) throw new GatewayProtocolError("no_encdata", "form has no encData field");
  if (all.length > 1) throw new GatewayProtocolError("duplicate_encdata", "form has more than one encData field");
  const encData = (all[0] ?? "").trim();
  if (encData === "") throw new GatewayProtocolError("no_encdata", "encData is empty");
  const merchId = params.get("merchId")?.trim();
  return merchId ? { encData, merchId } : { encData };
}
