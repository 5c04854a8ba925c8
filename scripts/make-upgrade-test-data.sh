#!/usr/bin/env bash
# Makes the databases the upgrade tests open: a SQLite file and a PostgreSQL dump written by the server as it was
# before versioned migrations (commit 9ddd89d), full of one of every kind of row. Run once, on that commit's build;
# kept for the record of how tests/PayAtCounter.Server.Tests/TestData/schema-v0 was made.
#   scripts/make-upgrade-test-data.sh PATH_TO_PAC
set -euo pipefail
pac=$(realpath "$1")
scripts=$(realpath "$(dirname "$0")")
out=$(realpath "$scripts/../tests/PayAtCounter.Server.Tests/TestData/schema-v0")
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export PAC_CONFIG_DIR=$work/config
# The sandbox key the tests use on these databases (UpgradeTests.Key).
key=sk_sandbox_schema_v0_0123456789abcdef
export PAC_KEY=$key

fill() { # $1: folder the server runs in
  local here=$1
  cd "$here"
  "$pac" sale -t APP1 -a 12.50 --gratuity 1.00 --reference "v0 sale" >/dev/null
  "$pac" sale -t DIP0 -a 3.00 --reference "v0 declined" >/dev/null || true
  "$pac" sale -t SIP0 -a 40.00 --signature reject --reference "v0 signature" >/dev/null || true
  local held; held=$("$pac" sale -t APP1 -a 100.00 --manual --json --reference "v0 pre-auth" | jq -r .details.sale.paymentIntentId)
  "$pac" capture "$held" --amount 80.00 >/dev/null
  local paid; paid=$("$pac" sale -t APP1 -a 20.00 --json --reference "v0 refunded" | jq -r .details.sale.paymentIntentId)
  "$pac" refund "$paid" --amount 5.00 --reason "v0 partial" --idempotency-key v0-refund-1 >/dev/null
  "$pac" refund --terminal APP1 --intent "$paid" --amount 2.00 >/dev/null
  "$pac" refund --terminal APP1 --amount 7.50 >/dev/null
  "$pac" terminal add --tid V0BAR01 --name "v0 bar" >/dev/null
  "$pac" fault add --path /payment-intents/*/reversal --action Status --status 503 --count 5 >/dev/null
  "$pac" readiness start "v0 run" --pos-version 0.9 >/dev/null
  "$pac" sale -t APP1 -a 1.00 --reference "v0 in run" >/dev/null
  "$pac" snapshot take v0-snapshot >/dev/null
  # A subscription whose receiver is never there: its deliveries stay pending, retried later.
  curl -s -H "Authorization: Basic $key" -H "version: 2025-09-10" -H "Content-Type: application/json" \
    "$(cat .payatcounter/server-url)/webhooks" -d '{"events":["payment_intent.status_updated"],"url":"https://127.0.0.1:9/v0"}' >/dev/null
  "$pac" sale -t APP1 -a 2.00 --reference "v0 delivered" >/dev/null
}

wait_up() { for _ in $(seq 100); do [ -f "$1/.payatcounter/server-url" ] && return 0; sleep 0.2; done; echo "server did not start" >&2; return 1; }

# SQLite
mkdir -p "$work/sqlite"
(cd "$work/sqlite" && exec "$pac" serve --port 0 --clock-speed 20 --seed 1 "--Sandbox:ApiKey=$key" >"$work/sqlite.log" 2>&1) &
server=$!
wait_up "$work/sqlite"
fill "$work/sqlite"
kill -TERM $server; wait $server || true
cp "$work/sqlite/.payatcounter/payatcounter.db" "$out/payatcounter.db"
[ ! -s "$work/sqlite/.payatcounter/payatcounter.db-wal" ] || { echo "the WAL was not checkpointed" >&2; exit 1; }

# PostgreSQL
source "$scripts/throwaway-postgres.sh"
pg_throwaway_start 55499
trap 'kill $(jobs -p) 2>/dev/null || true; pg_throwaway_stop; rm -rf "$work"' EXIT
mkdir -p "$work/postgres"
(cd "$work/postgres" && exec "$pac" serve --port 0 --clock-speed 20 --seed 1 "--Sandbox:ApiKey=$key" --provider postgres --connection "Host=127.0.0.1;Port=55499;Username=postgres;Database=pac_v0" >"$work/postgres.log" 2>&1) &
server=$!
wait_up "$work/postgres"
fill "$work/postgres"
kill -TERM $server; wait $server || true
"$(pg_throwaway_bin)/pg_dump" -h 127.0.0.1 -p 55499 -U postgres --no-owner --no-privileges pac_v0 > "$out/payatcounter.pgdump.sql"
echo "wrote $out"
