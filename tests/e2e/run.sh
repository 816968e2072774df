#!/usr/bin/env bash
# End-to-end tests against the built app (dist/) in Debian's Chromium via playwright-core.
# Needs: dist/ (scripts/build-web), the CLI (target/debug/shenbao), chromium. Installs the
# npm packages idempotently. Prints a cargo-style closing line for scripts/test's summary.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --silent
fi
start=$(date +%s.%N)
set +e
node --test --test-concurrency=1 --test-reporter=spec *.test.mjs 2>&1 | tee /tmp/shenbao-e2e.log
rc=${PIPESTATUS[0]}
set -e
pass=$(grep -E '^ℹ pass ' /tmp/shenbao-e2e.log | awk '{print $3}')
fail=$(grep -E '^ℹ fail ' /tmp/shenbao-e2e.log | awk '{print $3}')
secs=$(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }")
if [ "$rc" = 0 ]; then word=ok; else word=FAILED; fi
echo "test result: $word. ${pass:-0} passed; ${fail:-0} failed; 0 ignored; 0 measured; 0 filtered out; finished in ${secs}s"
exit "$rc"
