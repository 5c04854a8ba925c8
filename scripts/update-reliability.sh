#!/usr/bin/env bash
# Writes the README's "Reliability" section from the figures the reliability tests left in artifacts/reliability/
# (the fuzzer, the isolation tests, the crash loops). Run it after ./test.sh, or after a long profile:
#   FUZZ_REQUESTS=1000000 dotnet test tests/PayAtCounter.Fuzz.Tests --filter FullyQualifiedName~FuzzTests
#   CRASH_KILLS=200 dotnet test tests/PayAtCounter.Server.Tests --filter FullyQualifiedName~CrashLoopTests
#   scripts/update-reliability.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 1; }
figures=artifacts/reliability
[ -d "$figures" ] || { echo "no figures in $figures: run the tests first" >&2; exit 1; }

row() { # file -> one Markdown table row
  jq -r '
    def n: tostring | [scan("\\d{1,3}(?=(?:\\d{3})*$)")] | join(",");
    if .test == "fuzz" then
      "| Fuzzer (`tests/PayAtCounter.Fuzz.Tests`) | \(.profile) | \(.storage // "SQLite") | \(.requests|n) requests from seed \(.seed) over every Dojo and sandbox operation (\(.accepted|n) accepted, \(.rejected|n) refused) and \(.races|n) races of conflicting calls | every answer within 10 s on a live connection, no 5xx, every error body in its path’s shape, nothing stored by a refused request: \(.failures) failures | \(.finishedAt) |"
    elif .test == "isolation" then
      "| Isolation (`Access/IsolationTests`) | \(.profile) | \(.storage // "SQLite") | \(.calls|n) calls with account B’s key on \(.objects) objects of account A, and guessed ids | every one 404 and A’s world unchanged: \(.failures) failures | \(.finishedAt) |"
    elif .test == "crash-loop" then
      "| Crash loop (`Storage/CrashLoopTests`) | \(.profile) | \(.storage // "SQLite") | \(.kills) SIGKILLs at random moments under load: \(.intents|n) intents, \(.sessions|n) sessions, \(.refunds|n) refunds answered | no answered write lost, every session final as its terminal dictates with each status once, \(.eventsDelivered|n) events delivered under stable ids: \(.failures) failures | \(.finishedAt) |"
    elif .test == "instance-crash" then
      "| Two instances, one killed (`Storage/InstanceCrashTests`, PostgreSQL) | \(.profile) | \(.storage // "SQLite") | \(.intents|n) intents, \(.sessions|n) sessions, \(.refunds|n) refunds across both | the survivor finished every session and delivery; \(.eventsDelivered|n) events delivered, \(.eventsRepeated) sent again after the kill (in flight when it died, same id and body): \(.failures) failures | \(.finishedAt) |"
    else empty end' "$1"
}

section=$(mktemp)
{
  echo "<!-- reliability:begin (written by scripts/update-reliability.sh from the tests' own figures) -->"
  echo "| Test | Profile | Storage | What it sent | What it survived | Run (UTC) |"
  echo "|---|---|---|---|---|---|"
  for file in $(ls "$figures"/*.json | sort); do row "$file"; done
  echo "<!-- reliability:end -->"
} > "$section"

awk -v section="$section" '
  /<!-- reliability:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
  /<!-- reliability:end -->/ { skip = 0; next }
  !skip { print }' README.md > README.md.new
mv README.md.new README.md
rm -f "$section"
echo "README.md: Reliability section updated from $(ls "$figures"/*.json | wc -l) result files"
