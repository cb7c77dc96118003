#!/usr/bin/env bash
# flexcalc against a peer engine, side by side in one run: the same current-law contribution rules as an
# OpenFisca model (bench/peer/, Python, openfisca-core and pandas from PyPI, in bench/peer/.venv), both
# run on the same synthetic CSV; checks that they agree on every figure and prints the speed ratios.
# Not part of the test suite. Usage: scripts/bench-peer.sh [workers, default 20000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORKERS="${1:-20000}"
VENV=bench/peer/.venv
OUT=target/bench-peer
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import openfisca_core, pandas' 2>/dev/null; then
  echo "bench-peer: installing openfisca-core and pandas into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q openfisca-core pandas
fi
cargo build --release --quiet --bin flexcalc
BIN=target/release/flexcalc
"$BIN" synth --workers "$WORKERS" --seed 1 --output "$OUT/pop.csv"
"$VENV/bin/python" bench/peer/params.py "$BIN" "$OUT/pop.csv" "$OUT/params.json"

now() { date +%s.%N; }
# The peer computes current law only; flexcalc is timed on the same work (--scenarios current_law), and
# once more with both scenarios (its default) for reference.
t0=$(now)
"$BIN" batch --input "$OUT/pop.csv" --output "$OUT/flexcalc.csv" --quiet --scenarios current_law
t1=$(now)
"$BIN" batch --input "$OUT/pop.csv" --output "$OUT/flexcalc1.csv" --quiet --scenarios current_law --threads 1
t2=$(now)
peer_log=$("$VENV/bin/python" bench/peer/flexcalc_peer.py "$OUT/pop.csv" "$OUT/peer.csv" "$OUT/params.json")
t3=$(now)
"$BIN" batch --input "$OUT/pop.csv" --output "$OUT/flexcalc-both.csv" --quiet
t4=$(now)
echo "$peer_log"
"$VENV/bin/python" bench/peer/check.py "$OUT/flexcalc.csv" "$OUT/peer.csv"
"$VENV/bin/python" bench/peer/check.py "$OUT/flexcalc-both.csv" "$OUT/peer.csv"

python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$peer_log" <<'PY'
import json, sys
t0, t1, t2, t3, t4 = map(float, sys.argv[1:6])
peer = json.loads(sys.argv[6].split("PEER_RESULT ", 1)[1])
wm = peer["worker_months"]
flex2, flex1, peer_wall, both = t1 - t0, t2 - t1, t3 - t2, t4 - t3
print(f"load average {open('/proc/loadavg').read().split()[:3]} (other work on the machine slows both sides)")
print(f"flexcalc batch, current law, all cores: {flex2:.2f} s end to end ({wm / flex2:,.0f} worker-months/s)")
print(f"flexcalc batch, current law, one core:  {flex1:.2f} s end to end ({wm / flex1:,.0f} worker-months/s)")
print(f"flexcalc batch, both scenarios:         {both:.2f} s end to end ({wm / both:,.0f} worker-months/s)")
print(f"OpenFisca + pandas, current law:        {peer_wall:.2f} s end to end incl. Python start ({peer['total_s']:.2f} s "
      f"in the script: read {peer['read_s']:.2f} s, simulations {peer['compute_s']:.2f} s)")
print(f"RATIO end to end, same work (OpenFisca / flexcalc all cores): {peer_wall / flex2:.1f}x  (target >= 3x)")
print(f"ratio end to end, one core each:                              {peer_wall / flex1:.1f}x")
print(f"ratio end to end, flexcalc doing both scenarios:              {peer_wall / both:.1f}x")
print(f"per assessment (worker-month): OpenFisca {peer['compute_s'] / wm * 1e6:.2f} us in its vectorised simulations; "
      f"flexcalc {flex1 / wm * 1e6:.2f} us end to end on one core (parse, assess, write)")
PY
