#!/usr/bin/env bash
# Benchmarks the server against a bare minimal-API ceiling measured in the same run, on loopback.
# Usage: bench/run.sh [--quick] [--postgres]
#   --quick     5 s per load phase, about 90 s in all: a smoke test, its figures are rough
#   --postgres  the server on a throwaway PostgreSQL on loopback instead of SQLite in a temp folder
# Prints a table and one PASS/FAIL line per goal; writes bench/results/<date>.md.
set -euo pipefail
# Decimal points in the figures awk prints and reads, whatever the locale.
export LC_NUMERIC=C
cd "$(dirname "$0")/.."

quick=0
postgres=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --postgres) postgres=1 ;;
    *) echo "usage: bench/run.sh [--quick] [--postgres]" >&2; exit 2 ;;
  esac
done
# --quick keeps the whole run, first build included, within about 90 s on a fresh clone: shorter phases,
# fewer sessions and events, one cold start, and no load on the ceiling's POST (only shown for reference).
duration=30s; [ "$quick" = 1 ] && duration=4s
warmup=10s; [ "$quick" = 1 ] && warmup=2s
webhook_burst=4000; [ "$quick" = 1 ] && webhook_burst=600
webhook_seconds=10; [ "$quick" = 1 ] && webhook_seconds=3
live_sessions=10000; [ "$quick" = 1 ] && live_sessions=300
connections=64

source scripts/throwaway-postgres.sh
log() { printf '==> [%3ss] %s\n' "$SECONDS" "$*" >&2; }

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ "$postgres" = 1 ] && ! dpkg -s postgresql >/dev/null 2>&1 && missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$postgres" = 1 ]; then pg_throwaway_stop; fi
  rm -rf "$work"
}
trap cleanup EXIT
# ReadyToRun is how a team would deploy it: start-up runs precompiled code instead of JIT-compiling it.
# Precompiling takes ~15 s of the quick run's 90, so --quick runs the JIT build and leaves P5 to the full run.
ready_to_run=true; [ "$quick" = 1 ] && ready_to_run=false
build_label=$([ "$ready_to_run" = true ] && echo "ReadyToRun" || echo "JIT, not ReadyToRun")
log "publishing the server (Release, $build_label) to $work/server; building the ceiling and the load driver"
# The two small builds run alongside the publish: it spends much of its time waiting on restore and I/O.
dotnet build -c Release -nologo -v quiet bench/Ceiling/Ceiling.csproj > "$work/build-ceiling.log" 2>&1 &
ceiling_build=$!
dotnet build -c Release -nologo -v quiet bench/LoadDriver/LoadDriver.csproj > "$work/build-driver.log" 2>&1 &
driver_build=$!
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=$ready_to_run -nologo -v quiet \
  -o "$work/server" src/PayAtCounter.Server/PayAtCounter.Server.csproj >&2
wait "$ceiling_build" || { cat "$work/build-ceiling.log" >&2; exit 1; }
wait "$driver_build" || { cat "$work/build-driver.log" >&2; exit 1; }
server_bin="$work/server/PayAtCounter.Server"

server_port=5181
ceiling_port=5182
# A process left on one of these ports would answer in place of the one measured.
for port in "$server_port" "$ceiling_port" "$((server_port + 10))"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    log "port $port on 127.0.0.1 is already in use; stop what listens there and run again"; exit 1
  fi
done
key="sk_sandbox_bench_$(date +%s%N)"

# storage NAME: the server's storage arguments for a new, empty store called NAME.
if [ "$postgres" = 1 ]; then
  log "starting a throwaway PostgreSQL on 127.0.0.1:5183"
  pg_throwaway_start 5183
  storage_label="PostgreSQL (throwaway cluster on loopback, fsync off)"
  storage() { printf '%s\n' "--Storage:DataDirectory=$work/$1" --Storage:Provider=Postgres "--Storage:ConnectionString=$PG_THROWAWAY_URL;Database=pac_bench_$1"; }
else
  storage_label="SQLite in a temp folder"
  storage() { printf '%s\n' "--Storage:DataDirectory=$work/$1"; }
fi

base="http://127.0.0.1:$server_port"
auth=(-H "Authorization: Basic $key" -H "version: 2025-09-10" -H "software-house-id: softwareHouse1" -H "Content-Type: application/json")

# P5: from process start to the first 200 of an authenticated API call, on an empty data folder.
# The median of three starts (one with --quick): one start on a shared machine is mostly noise.
start_server() {
  mapfile -t storage_args < <(storage "$1")
  "$server_bin" --urls "$base" \
    "${storage_args[@]}" --Sandbox:ApiKey="$key" --Sandbox:ClockSpeed=20 \
    --Logging:LogLevel:Default=Warning > "$work/server.log" 2>&1 &
  server_pid=$!; pids+=("$server_pid")
}
colds=()
starts=3; [ "$quick" = 1 ] && starts=1
for attempt in $(seq 1 "$starts"); do
  log "cold start $attempt ($storage_label, empty)"
  start_ns=$(date +%s%N)
  start_server "data$attempt"
  until curl -sf -o /dev/null "${auth[@]}" "$base/terminals"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.01
  done
  colds+=($(( ($(date +%s%N) - start_ns) / 1000000 )))
  if [ "$attempt" -lt "$starts" ]; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
done
cold_ms=$(printf '%s\n' "${colds[@]}" | sort -n | sed -n "$(( (starts + 1) / 2 ))p")

log "preparing a finished sale"
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
terminal=$(curl -sf "${auth[@]}" "$base/terminals?statuses=Available" | grep -o '"id":"tm_[^"]*","properties":{"tid":"[^"]*APP1"' | cut -d'"' -f4)
curl -sf "${auth[@]}" "$base/payment-intents" -d '{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"Bench order","description":"bench","captureMode":"Auto"}' > "$work/intent.json"
intent=$(json_field id < "$work/intent.json")
session=$(curl -sf "${auth[@]}" "$base/terminal-sessions" -d "{\"terminalId\":\"$terminal\",\"details\":{\"sessionType\":\"Sale\",\"sale\":{\"paymentIntentId\":\"$intent\"}}}" | json_field id)
for _ in $(seq 1 200); do
  curl -sf "${auth[@]}" "$base/terminal-sessions/$session" > "$work/session.json"
  grep -q '"status":"Captured","expireAt"' "$work/session.json" && break
  sleep 0.05
done
grep -q '"status":"Captured","expireAt"' "$work/session.json" || { log "the sale did not finish"; exit 1; }

log "starting the ceiling"
dotnet bench/Ceiling/bin/Release/net10.0/Ceiling.dll --urls "http://127.0.0.1:$ceiling_port" \
  --session-body "$work/session.json" --intent-body "$work/intent.json" > "$work/ceiling.log" 2>&1 &
ceiling_pid=$!; pids+=("$ceiling_pid")
until curl -sf -o /dev/null "http://127.0.0.1:$ceiling_port/health"; do
  kill -0 "$ceiling_pid" 2>/dev/null || { log "the ceiling stopped before answering"; cat "$work/ceiling.log" >&2; exit 1; }
  sleep 0.01
done

# run_wrk NAME URL [extra wrk args...] -> "<requests/s> <p99 ms>"
# Each target first gets an unmeasured warm-up, so both are compared after the JIT has tiered up.
run_wrk() {
  local name=$1 url=$2; shift 2
  log "warm-up: $name ($warmup)"
  wrk -t2 -c"$connections" -d"$warmup" "$@" "$url" > /dev/null 2>&1
  log "load: $name ($duration, $connections connections)"
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" "$url" > "$work/$name.wrk" 2>&1
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/$name.wrk")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 } print v }' "$work/$name.wrk")
  local errors; errors=$(awk '/Non-2xx/ {print $NF}' "$work/$name.wrk")
  [ -n "$errors" ] && log "$name: $errors non-2xx responses"
  echo "$rps $p99"
}

hdr=(-H "Authorization: Basic $key" -H "version: 2025-09-10" -H "software-house-id: softwareHouse1")
read -r get_rps get_p99 < <(run_wrk server-get "$base/terminal-sessions/$session" "${hdr[@]}")
read -r ceil_get_rps ceil_get_p99 < <(run_wrk ceiling-get "http://127.0.0.1:$ceiling_port/terminal-sessions/$session" "${hdr[@]}")
# P1's memory goal is for serving reads: the peak so far, before the write load below grows the heap.
rss_mib=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
export PAC_KEY=$key
read -r post_rps post_p99 < <(run_wrk server-post "$base/payment-intents" -s bench/post-intent.lua)
ceil_post_rps="-"; ceil_post_p99="-"
if [ "$quick" = 0 ]; then
  read -r ceil_post_rps ceil_post_p99 < <(run_wrk ceiling-post "http://127.0.0.1:$ceiling_port/payment-intents" -s bench/post-intent.lua)
fi
post_rss_mib=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")

# P3 and P4 on a fresh server at real-time speed, so lag is measured against the real clock.
kill "$server_pid" 2>/dev/null || true
log "P3/P4: fresh server, $live_sessions live sessions then webhooks"
base2="http://127.0.0.1:$((server_port + 10))"
mapfile -t storage_args < <(storage live)
"$server_bin" --urls "$base2" \
  "${storage_args[@]}" --Sandbox:ApiKey="$key" --Sandbox:ClockSpeed=1 \
  --Logging:LogLevel:Default=Warning > "$work/server2.log" 2>&1 &
server2_pid=$!; pids+=("$server2_pid")
until curl -sf -o /dev/null -H "Authorization: Basic $key" "$base2/sandbox/clock"; do
  # A server that exits (its port taken, say) fails the run instead of leaving it waiting.
  kill -0 "$server2_pid" 2>/dev/null || { log "the server stopped before answering"; cat "$work/server2.log" >&2; exit 1; }
  sleep 0.05
done
driver=bench/LoadDriver/bin/Release/net10.0/LoadDriver.dll
dotnet "$driver" sessions --base "$base2" --key "$key" --count "$live_sessions" > "$work/p3.txt"
p3_rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server2_pid/status")
dotnet "$driver" webhooks --base "$base2" --key "$key" --burst "$webhook_burst" --rate 500 --seconds "$webhook_seconds" > "$work/p4.txt"
result() { awk -v k="$1" '$1 == "RESULT" && $2 == k {print $3}' "$work"/p3.txt "$work"/p4.txt; }
lag_p99=$(result lag_p99_ms); unfinished=$(result sessions_unfinished)
wh_rate=$(result webhook_deliveries_per_s); wh_p99=$(result webhook_p99_ms)

# Shown at one decimal; the verdicts compare the unrounded value (rounding once passed 24.8 % as 25 %).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }'; }
at_least() { awk -v a="$1" -v b="$2" -v goal="$3" 'BEGIN { print (b > 0 && 100 * a / b >= goal) ? 1 : 0 }'; }
verdict() { [ "$1" = 1 ] && echo PASS || echo FAIL; }
get_ratio=$(ratio "$get_rps" "$ceil_get_rps")
post_ratio=$(ratio "$post_rps" "$ceil_get_rps")
p1_ok=$(awk -v r="$(at_least "$get_rps" "$ceil_get_rps" 60)" -v p="$get_p99" -v m="$rss_mib" 'BEGIN { print (r == 1 && p <= 5 && m <= 200) ? 1 : 0 }')
p2_ok=$(at_least "$post_rps" "$ceil_get_rps" 25)
p5_ok=$(awk -v c="$cold_ms" 'BEGIN { print (c <= 1500) ? 1 : 0 }')
p3_ok=$(awk -v l="$lag_p99" -v m="$p3_rss" -v u="$unfinished" 'BEGIN { print (l <= 100 && m <= 500 && u == 0) ? 1 : 0 }')
p4_ok=$(awk -v r="$wh_rate" -v p="$wh_p99" 'BEGIN { print (r >= 2000 && p <= 50) ? 1 : 0 }')

body_bytes=$(wc -c < "$work/session.json")
report=$(cat <<REPORT
| measure | server | ceiling | ratio |
|---|---|---|---|
| GET /terminal-sessions/{id} ($body_bytes B), req/s | $get_rps | $ceil_get_rps | $get_ratio % |
| GET p99 latency, ms ($connections connections) | $get_p99 | $ceil_get_p99 | |
| POST /payment-intents (durable), req/s | $post_rps | $ceil_post_rps | $post_ratio % of ceiling GET |
| POST p99 latency, ms | $post_p99 | $ceil_post_p99 | |
| server peak RSS after the GET load, MiB | $rss_mib | | |
| server peak RSS after the POST load too, MiB | $post_rss_mib | | |
| cold start to first 200, ms (median of ${colds[*]}) | $cold_ms | | |
| $live_sessions live sessions: scheduler lag p99, ms | $lag_p99 | | |
| $live_sessions live sessions: peak RSS, MiB | $p3_rss | | |
| webhooks: deliveries/s (burst of $webhook_burst) | $wh_rate | | |
| webhooks: event→delivery p99 at 500/s, ms | $wh_p99 | | |

P1 GET finished session: $get_ratio % of ceiling (goal ≥ 60 %), p99 $get_p99 ms (≤ 5), RSS $rss_mib MiB (≤ 200): $(verdict "$p1_ok")
P2 POST payment intent: $post_ratio % of ceiling GET (goal ≥ 25 %): $(verdict "$p2_ok")
P3 $live_sessions live sessions: lag p99 $lag_p99 ms (goal ≤ 100), RSS $p3_rss MiB (≤ 500), unfinished $unfinished: $(verdict "$p3_ok")
P4 webhooks: $wh_rate deliveries/s (goal ≥ 2,000), p99 $wh_p99 ms at 500/s (≤ 50): $(verdict "$p4_ok")
P5 cold start $cold_ms ms (goal ≤ 1,500 ms): $([ "$quick" = 1 ] && echo "not judged (JIT build; the full run's ReadyToRun build is)" || verdict "$p5_ok")
REPORT
)
echo "$report"

mkdir -p bench/results
variant=$([ "$postgres" = 1 ] && echo -postgres || true)$([ "$quick" = 1 ] && echo -quick || true)
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)$variant
{
  echo "# Benchmark $stamp ($([ "$quick" = 1 ] && echo quick || echo full))"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version)."
  echo "Server: Release, $build_label, $storage_label. Load: wrk -t2 -c$connections -d$duration on loopback after a $warmup"
  echo "unmeasured warm-up of each target, sharing the cores with the server; compare ratios, not absolute numbers."
  echo "What each goal costs and what was tried: [bench/NOTES.md](../NOTES.md)."
  echo
  echo "$report"
} > "bench/results/$stamp.md"
# latest.md is the latest full run on SQLite, the one the README links; other variants keep their own.
latest=bench/results/latest$variant.md
cp "bench/results/$stamp.md" "$latest"
log "results written to bench/results/$stamp.md and $latest"
