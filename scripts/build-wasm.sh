#!/usr/bin/env bash
# Build the two WebAssembly packages, then shrink each with wasm-opt from the npm `binaryen`
# package (node_modules/.bin):
# - the core module, www/pkg/ (flexcalc.js, flexcalc_bg.wasm, .d.ts): `--no-default-features`, i.e.
#   assess, compare, options, regions, rules, version, runJson/assessJson with the embedded rules;
#   no TOML parser, no CSV batch. Every page loads it (issue 5's 150 KiB gzip target is for it).
# - the tools module, www/pkg/tools/ (flexcalc_tools.js, flexcalc_tools_bg.wasm): every feature, i.e.
#   the core exports plus loadRules/resetRules (custom rules) and BatchCsv (the page's CSV batch);
#   the page loads it only when a rules file is chosen or a batch is run. Built for speed (opt-level 3,
#   wasm-opt -O3), the core module for size (opt-level z, -Os --converge): see below.
# Extra arguments go to both `cargo build`s (e.g. --features x).
# Needs the tools from scripts/setup.sh; `npm run build` runs that first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

OUT_DIR=www/pkg
TOOLS_DIR=www/pkg/tools

# Never Debian's /usr/bin/wasm-opt (v108 silently breaks wasm-bindgen's output).
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { echo "build-wasm: $WASM_OPT missing: run scripts/setup.sh (npm ci)" >&2; exit 1; }
command -v wasm-pack >/dev/null || { echo "build-wasm: wasm-pack missing: run scripts/setup.sh" >&2; exit 1; }

# The core module's wasm-opt passes: -Os repeated until nothing changes (--converge) leaves a module
# about 1 kB smaller gzipped than -Oz (which is smaller raw, but compresses worse), for two more seconds
# of build (measured 2026-11-29: core 151,668 against 152,789 bytes gzipped).
WASM_OPT_FLAGS="${WASM_OPT_FLAGS:--Os --converge}"

# Cargo.toml's release profile is opt-level 3 for the native CLI and benches; the core module is
# optimised for size instead (CARGO_PROFILE_RELEASE_OPT_LEVEL overrides it).
CORE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}"
# The tools module is optimised for speed: it has no size target (only a regression budget in
# scripts/size.sh) and is loaded only for a batch (in a Web Worker) or custom rules, where it then does
# all the work. Measured 2026-11-29 (scripts/bench-wasm.mjs, 3 interleaved runs each; docs/toolchain.md):
# opt-level 3 with wasm-opt -O3 against z with -Os --converge: the page's batch 74.6-77.1 against
# 155-162 µs per 12-month worker (both scenarios; current law alone 37.2-38.4 against 84.1-84.8), the
# 12-month assess 218-223 against 337-359 µs, for 327,325 against 286,167 bytes gzipped.
# TOOLS_OPT_LEVEL and TOOLS_WASM_OPT_FLAGS override them.
TOOLS_OPT_LEVEL="${TOOLS_OPT_LEVEL:-3}"
TOOLS_WASM_OPT_FLAGS="${TOOLS_WASM_OPT_FLAGS:--O3}"

# build OPT_LEVEL WASM_OPT_FLAGS OUT_DIR OUT_NAME [cargo args…]
# --mode no-install: never download wasm-bindgen/wasm-opt (fails fast on a version mismatch);
# --no-opt: we run the npm wasm-opt ourselves below. Only the lib is built (the CLI's clap is
# a native-only dependency).
build() {
  local level=$1 flags=$2 out=$3 name=$4
  shift 4
  local t0=$SECONDS
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level wasm-pack build --target web --release --mode no-install --no-opt --no-pack \
    --out-dir "$out" --out-name "$name" "$ROOT" "$@"
  local t1=$SECONDS wasm="$out/${name}_bg.wasm"
  local before after
  before=$(stat -c %s "$wasm")
  "$WASM_OPT" $flags --strip-producers "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  after=$(stat -c %s "$wasm")
  echo "build-wasm: opt-level $level, wasm-pack $((t1 - t0)) s, wasm-opt $flags $((SECONDS - t1)) s: $wasm $before -> $after bytes"
}

# The tools module first, so that target/wasm32-unknown-unknown/release/flexcalc.wasm (what twiggy
# reads) is the core module's afterwards.
rm -rf "$TOOLS_DIR"
build "$TOOLS_OPT_LEVEL" "$TOOLS_WASM_OPT_FLAGS" "$TOOLS_DIR" flexcalc_tools "$@"
build "$CORE_OPT_LEVEL" "$WASM_OPT_FLAGS" "$OUT_DIR" flexcalc --no-default-features "$@"

# Subresource Integrity: www/pkg/integrity.js (the .wasm and stylesheet hashes the code checks) and
# www/pkg/sri.json (the hashes embed.html puts into its snippets). Must run after every build.
node scripts/sri.mjs
