#!/usr/bin/env bash
# Every tier, in order: type check, unit, LSP, oracle (real servers and browsers), end-to-end (VS Code).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh || exit 1
npm run --silent typecheck || { echo "type check failed"; exit 1; }
npm run --silent build || { echo "build failed"; exit 1; }

passed=0; failed=0; status=0
log=$(mktemp)
for tier in unit lsp oracle e2e; do
  echo "== $tier tests"
  npm run --silent "test:$tier" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  p=$(grep -Eo '^ *[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '^ *[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ]; then
    status=1
    [ "$f" -eq 0 ] && failed=$((failed + 1)) && echo "tier $tier exited $rc"
  fi
done
rm -f "$log"
echo "all tiers: $passed passed, $failed failed"
exit $status
