#!/usr/bin/env bash
# Pack lib/atompay as the package it claims to be, install the tarball into an empty Node project, and run the
# published test vectors (AtomPay protocol, section 8) through its public API. Proves the package works with no
# TypeScript, no path aliases and no file of this repository beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pkg=lib/atompay

rm -rf "$pkg/dist"
npx tsc -p "$pkg/tsconfig.build.json"
node "$pkg/build/fix-extensions.mjs" "$pkg/dist"

work=$(mktemp -d)
trap 'rm -rf "$work" "$root/$pkg/dist"' EXIT
tarball=$(cd "$pkg" && npm pack --silent --pack-destination "$work" | tail -1)
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
node vectors.mjs
