#!/usr/bin/env bash
# `npm test` (and CI through .ci/run): install what is missing, then run every suite, go on after
# a failure, print a summary table and a final `N passed, N failed[, N skipped]` line counting the
# suites, and exit non-zero when any suite failed. Each runner's own summary stays in the log above.
#
# Suites: rustfmt, clippy (native, all targets), clippy (wasm32 lib), cargo test (native), the
# scripts' node tests,
# wasm-bindgen tests in Node and in headless Chromium, the wasm build (www/pkg), the browser
# tests (node --test on tests/e2e/**/*.test.mjs and www/**/*.test.mjs), the cross-browser tests
# (e2e-browsers: tests/e2e-browsers/, the main flow and the golden cases in Chromium, Firefox ESR and
# WebKit through WebDriver; in CI a missing engine fails it, elsewhere it is skipped and the summary
# says which), the wasm size budget.
#
# Environment: SKIP_SETUP=1 skips scripts/setup.sh; ONLY="fmt clippy ..." runs only the named
# suites (names in the table at the end).
set -uo pipefail
exec </dev/null

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"

T_ALL=$SECONDS
NAMES=() STATUS=() DETAIL=() DUR=()

record() { NAMES+=("$1"); STATUS+=("$2"); DETAIL+=("$3"); DUR+=("$4"); }

# Sums the counts of the runners' own summary lines in a log:
#   cargo / wasm-bindgen-test-runner: "test result: ok. 3 passed; 0 failed; 1 ignored; ..."
#   node --test (spec reporter):      "ℹ pass 3" / "ℹ fail 0"  (TAP: "# pass 3"); skipped and todo tests
#   are counted as ignored/skipped
count_tests() {
  awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
    /^(ℹ|#) pass [0-9]+$/ { p += $3 } /^(ℹ|#) fail [0-9]+$/ { f += $3 } /^(ℹ|#) (skipped|todo) [0-9]+$/ { s += $3 }
    END { printf "%d %d %d\n", p, f, s }' "$1"
}

selected() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

# run_suite NAME KIND CMD...   KIND: check (exit code only) | tests (also count tests; none = skipped)
run_suite() {
  local name="$1" kind="$2"; shift 2
  selected "$name" || return 0
  local log="$LOG_DIR/$name.log" t0=$SECONDS rc
  printf '\n==== %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local dur=$((SECONDS - t0)) detail="exit $rc" status
  if [ "$kind" = tests ]; then
    read -r p f s < <(count_tests "$log")
    detail="$p passed, $f failed$([ "$s" -gt 0 ] && echo ", $s ignored/skipped"), exit $rc"
    if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
      record "$name" SKIP "no tests yet (exit 0)" "$dur"
      printf '==== %s: SKIPPED: it ran no test (%s s)\n' "$name" "$dur"
      return 0
    fi
  fi
  if [ "$rc" -eq 0 ]; then status=PASS; else status=FAIL; fi
  record "$name" "$status" "$detail" "$dur"
  printf '==== %s: %s (%s, %s s)\n' "$name" "$status" "$detail" "$dur"
}

skip_suite() { # skip_suite NAME WHY
  selected "$1" || return 0
  printf '\n==== %s: SKIPPED: %s\n' "$1" "$2"
  record "$1" SKIP "$2" 0
}

summary() {
  local passed=0 failed=0 skipped=0 i
  printf '\n==== Summary (logs in %s)\n' "${LOG_DIR#"$ROOT"/}"
  for i in "${!NAMES[@]}"; do
    printf '  %-4s  %-14s %5ss  %s\n' "${STATUS[$i]}" "${NAMES[$i]}" "${DUR[$i]}" "${DETAIL[$i]}"
    case "${STATUS[$i]}" in PASS) passed=$((passed + 1)) ;; FAIL) failed=$((failed + 1)) ;; *) skipped=$((skipped + 1)) ;; esac
  done
  printf '  total %s s\n' "$((SECONDS - T_ALL))"
  if [ "$skipped" -gt 0 ]; then
    printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  else
    printf '%d passed, %d failed\n' "$passed" "$failed"
  fi
  [ "$failed" -eq 0 ]
}

# ---------------------------------------------------------------------------------------------
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  # Outside the selection (ONLY=...) setup still runs, quietly: the other suites need its PATH and tools.
  selected setup || bash scripts/setup.sh >"$LOG_DIR/setup.log" 2>&1 || { echo "setup failed: see $LOG_DIR/setup.log"; exit 1; }
  run_suite setup check bash scripts/setup.sh
  if [ "${#STATUS[@]}" -gt 0 ] && [ "${STATUS[-1]}" = FAIL ]; then
    echo "setup failed: the other suites cannot run"
    summary
    exit 1
  fi
fi

run_suite fmt check cargo fmt --all --check
run_suite clippy check cargo clippy --all-targets -- -D warnings
# The wasm bindings (src/wasm.rs, cfg(target_arch = "wasm32")) are invisible to a native clippy.
# Both wasm configurations: the tools module (every feature) and the core module (--no-default-features).
run_suite clippy-wasm check bash -c 'cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings &&
  cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings'
run_suite test tests cargo test
# Node tests of the scripts themselves (the gazetteer generator: its output is up to date).
run_suite scripts tests node --test --test-reporter=spec scripts/*.test.mjs

# wasm-bindgen tests: #[wasm_bindgen_test] in the lib (src/) and in tests/wasm*.rs. Only those
# test files are built for wasm32: any integration test makes cargo build the CLI binary too,
# and the CLI's clap is a native-only dependency. Plain #[test]s do not run on wasm.
WASM_TEST_ARGS=(--lib)
for f in tests/wasm*.rs; do
  [ -e "$f" ] && WASM_TEST_ARGS+=(--test "$(basename "$f" .rs)")
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Node by default (files with wasm_bindgen_test_configure!(run_in_browser) still go to Chromium) ...
run_suite wasm-node tests cargo test --target wasm32-unknown-unknown "${WASM_TEST_ARGS[@]}"
# ... then every test again in headless Chromium through ChromeDriver.
run_suite wasm-chromium tests env WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --target wasm32-unknown-unknown "${WASM_TEST_ARGS[@]}"

# The browser tests compare the page's batch with the release CLI's output (tests/e2e/batch.test.mjs):
# built here, so that the build's minutes on a cold machine do not count against a test's timeout.
run_suite build check bash -c 'bash scripts/build-wasm.sh && cargo build --release --quiet --bin flexcalc'
BUILD_OK=1
for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = build ] && [ "${STATUS[$i]}" = FAIL ] && BUILD_OK=0; done

mapfile -t E2E < <(find tests/e2e www -type f \( -name '*.test.mjs' -o -name '*.test.js' -o -name '*.test.cjs' \) \
  -not -path 'www/pkg/*' -not -path '*/node_modules/*' 2>/dev/null | sort)
if [ "$BUILD_OK" = 0 ]; then
  skip_suite e2e "the wasm build failed"
  skip_suite e2e-browsers "the wasm build failed"
  skip_suite size "the wasm build failed"
else
  if [ "${#E2E[@]}" -eq 0 ]; then
    skip_suite e2e "no browser tests yet (no *.test.mjs under tests/e2e/ or www/)"
  else
    run_suite e2e tests node --test --test-reporter=spec --test-timeout=120000 "${E2E[@]}"
  fi
  # One engine after the other (--test-concurrency=1: three browsers at once on two cores would
  # only slow each other). An engine that is not installed: a failure in CI (CI=true), a skip
  # elsewhere, named in the summary.
  run_suite e2e-browsers tests node --test --test-reporter=spec --test-concurrency=1 --test-timeout=300000 tests/e2e-browsers/*.test.mjs
  if [ "${NAMES[-1]:-}" = e2e-browsers ]; then
    not_run="$(sed -n 's/^.*# \([a-z]*\) not installed here.*$/\1/p' "$LOG_DIR/e2e-browsers.log" | sort -u | paste -sd, -)"
    [ -n "$not_run" ] && DETAIL[-1]="${DETAIL[-1]}; NOT RUN (not installed here): $not_run"
  fi
  run_suite size check bash scripts/size.sh
fi

summary
