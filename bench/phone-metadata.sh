#!/usr/bin/env bash
# What reading numbers costs a started server: time to listen, the first request, the first phone
# request (which loads libphonenumber's util and the mainland's metadata), a warm one, the first
# number of nine more countries (each loads its region's metadata), and the process's resident memory
# (VmRSS) after each step. Runs the built server (Release by default) RUNS times on a fresh SQLite
# file with the dev SMS provider, and prints the median of each figure. Given several builds (say,
# this one and one from before libphonenumber), it takes turns between them, so that the machine's
# load falls on each alike. Usage:
#   bench/phone-metadata.sh [path/to/PhoneAuth.Server.dll ...]      (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- Server/bin/Release/net10.0/PhoneAuth.Server.dll
runs="${RUNS:-5}"
for dll in "$@"; do [ -f "$dll" ] || { echo "No server at $dll: dotnet build PhoneAuth.sln -c Release" >&2; exit 1; }; done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
# One request: its time in ms (curl's total), failing the run unless the answer is 200.
call() {
  local out status
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$url/functions/requestSmsCode" \
    -H 'X-Parse-Application-Id: metadata-bench' -H 'Content-Type: application/json' -d "{\"phoneNumber\":\"$1\"}")
  status=${out%% *}
  [ "$status" = 200 ] || { echo "requestSmsCode $1 answered $status" >&2; exit 1; }
  awk -v s="${out#* }" 'BEGIN { printf "%.1f", s * 1000 }'
}

others=("+1 415 555 2671" "+852 9123 4567" "+886 912 345 678" "+44 7911 123456" "+39 312 345 6789"
        "+49 1512 3456789" "+91 98765 43210" "+55 11 91234 5678" "+971 50 123 4567")
results=$(mktemp -d)
for run in $(seq "$runs"); do
for index in $(seq $#); do
  dll="${!index}"
  dir=$(mktemp -d)
  start=$(now_ms)
  env ASPNETCORE_ENVIRONMENT=Production Urls=http://127.0.0.1:0 Parse__AppId=metadata-bench Parse__MasterKey=bench-master \
    PhoneAuth__CodeSecret=bench-secret Sms__Provider=dev Sms__Dev__OutboxPath="$dir/outbox.jsonl" \
    Storage__ConnectionString="Data Source=$dir/phoneauth.db" Limits__AllowedCountryCodes__0='*' Limits__SendsPerIpPerHour=1000 \
    dotnet "$dll" > "$dir/server.log" 2>&1 &
  pid=$!
  until grep -q 'Now listening on' "$dir/server.log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    sleep 0.01
  done
  listening=$(( $(now_ms) - start ))
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/server.log" | head -1)/parse"
  health=$(curl -s -o /dev/null -w '%{time_total}' "$url/health" | awk '{ printf "%.1f", $1 * 1000 }')
  sleep 0.5; rss_started=$(rss_kb "$pid")
  first=$(call "+8613800138000")
  sleep 0.5; rss_first=$(rss_kb "$pid")
  warm=$(call "+8613900139000")
  other_total=0
  for number in "${others[@]}"; do other_total=$(awk -v a="$other_total" -v b="$(call "$number")" 'BEGIN { print a + b }'); done
  sleep 0.5; rss_all=$(rss_kb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  echo "$listening $health $first $warm $(awk -v t="$other_total" -v n="${#others[@]}" 'BEGIN { printf "%.1f", t / n }') $rss_started $rss_first $rss_all" >> "$results/$index"
done
done

median() { cut -d' ' -f"$1" "$results/$index" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mib() { awk -v k="$(median "$1")" 'BEGIN { printf "%.1f", k / 1024 }'; }
for index in $(seq $#); do
  echo "${!index}, median of $runs runs:"
  printf '  %-58s %s ms\n' "start to listening" "$(median 1)"
  printf '  %-58s %s ms\n' "first request (GET /parse/health)" "$(median 2)"
  printf '  %-58s %s ms\n' "first phone request (requestSmsCode, +86 mobile)" "$(median 3)"
  printf '  %-58s %s ms\n' "second phone request (+86, warm)" "$(median 4)"
  printf '  %-58s %s ms\n' "first request of each of 9 more countries (mean)" "$(median 5)"
  printf '  %-58s %s MiB\n' "RSS, started and one request answered" "$(mib 6)"
  printf '  %-58s %s MiB\n' "RSS, after the first phone request" "$(mib 7)"
  printf '  %-58s %s MiB\n' "RSS, after numbers of 10 countries" "$(mib 8)"
done
rm -rf "$results"
