#!/usr/bin/env bash
# Pack lib/atompay as the package it claims to be, install the tarball into an empty Node project, and run the
# published test vectors (AtomPay protocol, section 8, and the second refund vector of section 12) through its public API. Proves the package works with no
# TypeScript, no path aliases and no file of this repository beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pkg=lib/atompay

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Build into a staging copy, never into lib/atompay itself: the app resolves lib/atompay from its sources, and a
# dist/ beside them must not be picked up by a bundler reading the package's "exports".
mkdir "$work/pkg"
cp "$pkg/package.json" "$pkg/README.md" "$work/pkg/"
npx tsc -p "$pkg/tsconfig.build.json" --outDir "$work/pkg/dist"
node "$pkg/build/fix-extensions.mjs" "$work/pkg/dist"
tarball=$(cd "$work/pkg" && npm pack --silent --pack-destination "$work" | tail -1)
echo "== packed $tarball: $(tar -tzf "$work/$tarball" | wc -l) files"
if tar -tzf "$work/$tarball" | grep -E '\.test\.|\.ts$' | grep -v '\.d\.ts$'; then
  echo "the tarball carries TypeScript sources or tests" >&2
  exit 1
fi

mkdir "$work/app"
cd "$work/app"
printf '{"name":"atompay-consumer","private":true,"type":"module"}\n' > package.json
npm install --no-audit --no-fund --silent "$work/$tarball"
cp "$root/scripts/atompay-vectors.mjs" ./vectors.mjs
node vectors.mjs | tee vectors.out
# Both published refund vectors must have run (section 8's and section 12's, 317159 / 500.00).
grep -q '^ok - vector 4: refund request signature$' vectors.out
grep -q '^ok - vector 4b: the second published refund signature' vectors.out
