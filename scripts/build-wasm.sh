#!/usr/bin/env bash
# Build the WebAssembly package into www/pkg/ (flexcalc.js, flexcalc_bg.wasm, .d.ts),
# then shrink it with wasm-opt -Oz from the npm `binaryen` package (node_modules/.bin).
# Extra arguments go to `cargo build` (e.g. --features x).
# Needs the tools from scripts/setup.sh; `npm run build` runs that first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

OUT_DIR=www/pkg
WASM="$OUT_DIR/flexcalc_bg.wasm"

# Never Debian's /usr/bin/wasm-opt (v108 silently breaks wasm-bindgen's output).
WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { echo "build-wasm: $WASM_OPT missing: run scripts/setup.sh (npm ci)" >&2; exit 1; }
command -v wasm-pack >/dev/null || { echo "build-wasm: wasm-pack missing: run scripts/setup.sh" >&2; exit 1; }

t0=$SECONDS
# Cargo.toml's release profile is opt-level 3 for the native CLI and benches; the wasm module is
# optimised for size instead.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}"
# --mode no-install: never download wasm-bindgen/wasm-opt (fails fast on a version mismatch);
# --no-opt: we run the npm wasm-opt ourselves below. Only the lib is built (the CLI's clap is
# a native-only dependency).
wasm-pack build --target web --release --mode no-install --no-opt --no-pack \
  --out-dir "$OUT_DIR" --out-name flexcalc "$ROOT" "$@"
t1=$SECONDS

before=$(stat -c %s "$WASM")
"$WASM_OPT" -Oz --strip-producers "$WASM" -o "$WASM.opt"
mv "$WASM.opt" "$WASM"
after=$(stat -c %s "$WASM")
echo "build-wasm: opt-level $CARGO_PROFILE_RELEASE_OPT_LEVEL, wasm-pack $((t1 - t0)) s, wasm-opt -Oz $((SECONDS - t1)) s: $WASM $before -> $after bytes"

# Subresource Integrity: www/pkg/integrity.js (the .wasm and stylesheet hashes the code checks) and
# www/pkg/sri.json (the hashes embed.html puts into its snippets). Must run after every build.
node scripts/sri.mjs
