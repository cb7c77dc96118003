#!/usr/bin/env bash
# `npm start`: install what is missing, build www/pkg/, then serve www/ on 127.0.0.1:${PORT:-8080}.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build-wasm.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if [ ! -f www/index.html ] && [ -f examples/nanjing-rider.json ]; then
  echo "start: www/index.html does not exist yet; the CLI on examples/nanjing-rider.json instead (npm run example):"
  cargo run --quiet --bin flexcalc -- assess examples/nanjing-rider.json || echo "start: (the example failed, exit $?)"
fi
exec node scripts/serve.mjs
