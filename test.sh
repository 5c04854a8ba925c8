#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed[, N skipped]".
# Installs what the tests need when it is missing, so it works on a fresh machine and in CI.
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '==> %s\n' "$*"; }

# Debian packages the tests need beyond the .NET SDK: PostgreSQL for the server suite's second pass; curl and
# jq for the README's walkthrough, which a test runs as a user would; chromium for the dashboard's browser tests
# (Playwright drives Debian's /usr/bin/chromium; it never downloads a browser).
packages=(postgresql curl jq chromium)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is required and was not found on PATH" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building"
if ! dotnet build PayAtCounter.slnx -c Debug -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

output=$(mktemp)
log "running tests (on SQLite, the default storage)"
dotnet test PayAtCounter.slnx --no-build -nologo --filter "Category!=Postgres" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}

# The server suite again on a throwaway PostgreSQL on loopback: every test gets its own database there,
# and the tests of instances sharing one database run too.
source scripts/throwaway-postgres.sh
trap pg_throwaway_stop EXIT
# PostgreSQL cannot be given port 0, so the port is bound by trying: a port another process holds (or takes
# between two runs) makes that start fail, and the next port is tried.
started=0
for port in $(seq 55432 55451); do
  log "starting a throwaway PostgreSQL on 127.0.0.1:$port"
  if pg_throwaway_start "$port"; then started=1; break; fi
  pg_throwaway_stop
done
if [ "$started" = 1 ]; then
  log "running the server tests on PostgreSQL"
  PAC_TEST_POSTGRES=$PG_THROWAWAY_URL dotnet test tests/PayAtCounter.Server.Tests --no-build -nologo 2>&1 | tee -a "$output"
  [ "${PIPESTATUS[0]}" -ne 0 ] && status=1
else
  echo "PostgreSQL could not be started; its tests count as one failure"
  echo "Failed!  - Failed: 1, Passed: 0, Skipped: 0, Total: 1 - PostgreSQL" >> "$output"
  status=1
fi

# One summary line per test project, e.g. "Passed!  - Failed:  0, Passed: 18, Skipped: 0, Total: 18".
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { print p + 0, f + 0, s + 0 }' "$output")
rm -f "$output"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without reporting a failed test (a crashed test host?)"
  failed=1
fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
