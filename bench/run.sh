#!/usr/bin/env bash
# The benchmark in one command: installs wrk and PostgreSQL's server binaries when missing (Debian,
# as root), builds the Release configuration, installs the Node packages (Parse Server 9), then runs
# bench/run.js, which starts everything else itself. Options go to bench/run.js, for example:
#   bench/run.sh --runs 5 --duration 15 --out /tmp/bench.json
#   bench/run.sh --workloads create,get,query,include --objects 100000   (the object workloads alone)
#   bench/run.sh --workloads new,login --scaleout 3   (the phone flow, then with 1, 2 and 3 PhoneAuth processes on one database;
#                                                      --scaleout 0 skips those runs)
#   bench/run.sh --workloads get,query --hold /tmp/hold.json   (seeds, writes the servers' URLs and pids
#                                                      to the file and keeps them up for perf or wrk until Ctrl-C)
# Takes about nine minutes for the phone workloads, plus the object workloads' seeding (100,000
# objects on each server; Parse Server's take minutes) and rounds. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3) # the SQLite plan of the query workload
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PHONEAUTH_PG_BIN:-}" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install: ${missing[*]} (Debian packages)." >&2
    exit 1
  fi
fi

echo "Building (Release)"
dotnet build PhoneAuth.sln -c Release -nologo -v quiet

if [ ! -d tests/node/node_modules/parse-server ]; then
  echo "Installing the Node packages (Parse Server 9)"
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi

exec node bench/run.js "$@"
