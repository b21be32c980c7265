#!/usr/bin/env bash
# Runs every test of PhoneAuth on a fresh machine: builds the solution, installs the Node test
# packages, runs the .NET suite and the Node wire suite (the official JS SDKs against the real
# server), and ends with one line: "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/test-results"
rm -rf "$results" && mkdir -p "$results"
configuration=Release
failed_steps=0

step() { echo; echo "== $*"; }

step "PostgreSQL server binaries (the tests start their own clusters)"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PHONEAUTH_PG_BIN:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || echo "Could not install PostgreSQL; its tests will fail."
  else
    echo "PostgreSQL server binaries not found: install Debian's postgresql package, or set PHONEAUTH_PG_BIN."
  fi
fi
ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true

step "Chromium (the browser tests drive Debian's, never a downloaded one)"
if ! command -v chromium >/dev/null && [ -z "${PHONEAUTH_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
      || echo "Could not install Chromium; the browser tests will fail."
  else
    echo "Chromium not found: install Debian's chromium package, or set PHONEAUTH_CHROMIUM to a Chromium executable."
  fi
fi
command -v chromium || true

step "Build ($configuration)"
if ! dotnet build PhoneAuth.sln -c "$configuration" -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

step "Install the Node test packages"
if ! (cd tests/node && npm ci --no-audit --no-fund --loglevel=error); then
  echo "npm ci failed."
  failed_steps=$((failed_steps + 1))
fi

step ".NET tests"
dotnet test PhoneAuth.sln -c "$configuration" --no-build -nologo \
  --logger "trx;LogFileName=dotnet.trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" || true

step "Node wire tests (official SDKs against the real server)"
if [ -d tests/node/node_modules ]; then
  (cd tests/node && PHONEAUTH_SERVER_DLL="$root/Server/bin/$configuration/net10.0/PhoneAuth.Server.dll" \
    node --test --test-concurrency=1 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$results/node.tap" test/) || true
fi

if [ -f "$results/attack-figures.txt" ]; then
  step "Attack suite figures"
  cat "$results/attack-figures.txt"
fi

# Count: the TRX files' <Counters> and the TAP summary. A suite that produced no results counts as a failure.
passed=0
failed=$failed_steps
trx_found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  trx_found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done
[ "$trx_found" = 1 ] || { echo "No .NET results were produced."; failed=$((failed + 1)); }

if [ -f "$results/node.tap" ]; then
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$results/node.tap" | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$results/node.tap" | tail -n 1)
  c=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$results/node.tap" | tail -n 1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${c:-0}))
else
  echo "No Node results were produced."
  failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
