#!/usr/bin/env bash
# Fuzzing (issue 7): runs every cargo-fuzz target in fuzz/ for SECONDS each (default 600), one after
# the other, at low priority. Not part of `npm test`; see docs/hardening.md.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 60 assess_json
#
# Installs cargo-fuzz when missing. Only the stable toolchain exists on our machines, so the build
# runs with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes nightly-only flags such as -Zsanitizer) and without
# a sanitizer (`--sanitizer none`): Rust code is memory-safe, and what we look for is panics, hangs
# (-timeout) and memory blow-ups (-rss_limit_mb, -malloc_limit_mb), which libFuzzer catches itself.
#
# The corpus grows in fuzz/corpus/<target>/ (ignored by git); the committed seeds are in
# fuzz/seeds/<target>/. A crash, hang or OOM lands in fuzz/artifacts/<target>/; the script then
# exits non-zero. Minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin --sanitizer none <target> fuzz/artifacts/<target>/<file>
# Environment: FUZZ_NICE (default 19).
set -uo pipefail
exec </dev/null

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export RUSTC_BOOTSTRAP=1

SECONDS_EACH="${1:-600}"
shift || true
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=(assess_json rules_file)
NICE="${FUZZ_NICE:-19}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz"
  cargo install cargo-fuzz --locked || { echo "fuzz.sh: cannot install cargo-fuzz" >&2; exit 1; }
fi

FUZZ_FLAGS=(--sanitizer none --release --debug-assertions)
nice -n "$NICE" cargo fuzz build "${FUZZ_FLAGS[@]}" || { echo "fuzz.sh: build failed" >&2; exit 1; }

# Per-target input limits: requests are small JSON documents (a 600-month ledger is about 100 kB,
# but the engine's limits are reached long before); a rules file is a TOML file of a few kB.
declare -A MAX_LEN=([assess_json]=16384 [rules_file]=16384)
LOG_DIR="$ROOT/fuzz/logs"
mkdir -p "$LOG_DIR"
failed=0
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  dict=()
  [ -f "fuzz/dicts/$t.dict" ] && dict=(-dict="fuzz/dicts/$t.dict")
  log="$LOG_DIR/$t.log"
  echo "==== fuzz $t for ${SECONDS_EACH}s (log: ${log#"$ROOT"/})"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb/-malloc_limit_mb: 2 GiB is an OOM.
  nice -n "$NICE" cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$SECONDS_EACH" -max_len="${MAX_LEN[$t]:-16384}" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 "${dict[@]}" 2>&1 | tee "$log" | grep -E '^#[0-9]+ .*(DONE|pulse)|ERROR|panicked|stat::|Done'
  rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    echo "==== fuzz $t: FAILED (exit $rc): see $log and fuzz/artifacts/$t/"
    failed=$((failed + 1))
  else
    echo "==== fuzz $t: no crash, hang or OOM in ${SECONDS_EACH}s"
  fi
done
[ "$failed" -eq 0 ]
