// The core wasm module's bytes (www/pkg/flexcalc_bg.wasm, most of the first answer's weight), asked
// for as soon as this module runs: index.html loads it as its first script, so that the download
// starts a round trip after the page rather than after the whole module graph of the calculator
// (on 150 ms / 1.6 Mbit/s, what stood between the page and a working form: scripts/bench-page.mjs).
// The widget and the frame reach it through calculator.js's import, a little later.
//
// Fetched with the sha384 that scripts/sri.mjs wrote into pkg/integrity.js: the browser refuses bytes
// that do not match (fetch integrity needs no secure context, unlike crypto.subtle).
import { INTEGRITY } from './pkg/integrity.js';

const fetchWasm = () => fetch(new URL('./pkg/flexcalc_bg.wasm', import.meta.url), { integrity: INTEGRITY['pkg/flexcalc_bg.wasm'] });

let early = fetchWasm();
early.catch(() => {}); // a failure is reported by whoever takes the response (loadEngine)

/** The wasm module's response: the early one the first time (a body is read once), a new fetch after. */
export function wasmResponse() {
  const r = early ?? fetchWasm();
  early = null;
  return r;
}
