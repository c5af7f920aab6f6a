#!/usr/bin/env bash
# The app as the browser tests see it: a production build on a fresh embedded database (or E2E_DATABASE_URL,
# emptied first), the sandbox gateway, a test-only AUTH_SECRET.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${E2E_PORT:-3100}"
export NEXT_TELEMETRY_DISABLED=1
export APP_URL="http://localhost:${PORT}"
export AUTH_SECRET="${AUTH_SECRET:-e2e-only-secret-e2e-only-secret-e2e-only-secret}"
export ATOMPAY_ENV=sandbox
# `next start` serves the sandbox only when told to (README "Configuration"); the browser tests are a demo.
export ALLOW_PUBLIC_SANDBOX=1
# A public server generates the demo organiser's password; the browser tests sign in with the README's. They read
# mail at /dev/mail, which a production build opens (to organisers only) when told to.
export DEMO_ORGANISER_PASSWORD="${DEMO_ORGANISER_PASSWORD:-organiser-demo}"
export DEV_MAILBOX=1
export LOG_LEVEL="${LOG_LEVEL:-warn}"
if [[ -n "${E2E_DATABASE_URL:-}" ]]; then
  export DATABASE_URL="$E2E_DATABASE_URL"
  psql "$DATABASE_URL" -qc 'DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;'
  npm run -s db:seed
else
  unset DATABASE_URL
  # One directory per port: a second run on another port (a spec tried alone) must not wipe this one's database.
  export PGLITE_DIR="$PWD/.data/e2e-pglite-$PORT"
  rm -rf "$PGLITE_DIR"
fi
if [[ "${E2E_SKIP_BUILD:-}" != "1" ]]; then
  npx next build
fi
# The app as production starts it (package.json's start: V8's young generation, and idle connections kept 65 s, longer
# than a client keeps one idle, so a client never reuses a connection the server is closing that instant).
exec npm start -- -p "$PORT"
