// How large a request body may be, by path. Checked against Content-Length before anything reads the body
// (lib/http/request-gate.ts), and again while streaming by the route's own reader (readBodyText). Nothing we
// serve takes more than a small form or JSON document; a route that ever needs more gets its own line here.
const BODY_LIMITS = {
  /** Auth.js's sign-in, sign-out and CSRF endpoints: an email, a password and a token. */
  auth: 16 * 1024,
  /** Everything else: JSON APIs (readJson allows 16 KiB), the gateway's return (64 KiB), server-action forms. */
  default: 64 * 1024,
} as const;

export function bodyLimitFor(pathname: string): number {
  return pathname.startsWith("/api/auth/") ? BODY_LIMITS.auth : BODY_LIMITS.default;
}

/**
 * Paths whose bodies are read by code we do not own (Auth.js, Next.js server actions on pages) and so must
 * declare their length up front: a chunked body there is refused (411) rather than read to find its size.
 * Browsers always send Content-Length for forms and fetch() bodies. Our own API routes stream with a cap.
 */
export function needsDeclaredLength(pathname: string): boolean {
  return !pathname.startsWith("/api/") || pathname.startsWith("/api/auth/");
}
