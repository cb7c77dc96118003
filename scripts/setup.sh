#!/usr/bin/env bash
# Install what a fresh Debian 12 machine lacks to build and test flexcalc.
# Idempotent: each step checks first and is skipped when its tool is already there
# (about 1 s when everything is present). Downloads only from crates.io, the npm
# registry and Debian's apt repositories: never a prebuilt binary or a browser build.
#
# Sourcing it (`. scripts/setup.sh`) also leaves PATH set for the caller.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_PACK_VERSION=0.15.1
# geckodriver (Firefox's WebDriver server) from crates.io: about 1.5 min to build on 2 cores.
GECKODRIVER_VERSION=0.37.1
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$ROOT/node_modules/.bin:$CARGO_BIN:$PATH"

say()  { printf '[setup] %s\n' "$*"; }
step() { # step "what" cmd...   runs and times an install step
  local what="$1"; shift
  local t0=$SECONDS
  say "$what ..."
  "$@"
  say "$what: done in $((SECONDS - t0)) s"
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root for: $*"; return 1
  fi
}

T_START=$SECONDS

# --- base tools the machine must already have -----------------------------------
for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null 2>&1 || { say "ERROR: $tool not found on PATH ($PATH)"; exit 1; }
done

# --- Rust: wasm target, rustfmt, clippy -----------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi
components="$(rustup component list --installed)"
for c in rustfmt clippy; do
  if ! grep -q "^$c" <<<"$components"; then
    step "rustup component add $c" rustup component add "$c"
  fi
done

# --- Chromium + ChromeDriver (Debian's; same version, used by wasm-bindgen-test
#     and Playwright). Never Debian's binaryen: its wasm-opt 108 breaks the output.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  }
  step "apt-get install chromium chromium-driver" apt_install
fi

# --- The other two engines of the cross-browser tests (tests/e2e-browsers/, issue 16 item 5):
#     Firefox ESR, WebKitGTK's WebDriver server (WebKitWebDriver, which runs WebKitGTK's MiniBrowser:
#     the engine of every iPhone browser and of WeChat on iOS) and the virtual display it needs (Xvfb).
#     Debian's packages, like Chromium's. About 2.5 min on a fresh machine (some 150 MB).
browser_pkgs=()
[ -x /usr/bin/firefox-esr ] || browser_pkgs+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || browser_pkgs+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || browser_pkgs+=(xvfb)
if [ "${#browser_pkgs[@]}" -gt 0 ]; then
  browsers_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${browser_pkgs[@]}" ||
    { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${browser_pkgs[@]}"; }
  }
  step "apt-get install ${browser_pkgs[*]}" browsers_install
fi

# --- A CJK font, so that headless Chromium's screenshots of the Chinese page show characters rather
#     than empty boxes (phones have one). Small (1.6 MB); a failure here does not stop the setup.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  font_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei ||
    { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei; }
  }
  step "apt-get install fonts-wqy-microhei" font_install || say "WARNING: no CJK font: Chinese screenshots will show boxes"
fi

# --- wasm-bindgen CLI: exactly the version of the wasm-bindgen crate in Cargo.lock
[ -f Cargo.lock ] || step "cargo generate-lockfile" cargo generate-lockfile
WBG_VERSION="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p' | head -n1)"
if [ -z "$WBG_VERSION" ]; then
  say "ERROR: no wasm-bindgen entry in Cargo.lock"; exit 1
fi
have_wbg="$(wasm-bindgen --version 2>/dev/null || true)"
if [ "$have_wbg" != "wasm-bindgen $WBG_VERSION" ] || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  say "wasm-bindgen CLI: have '${have_wbg:-none}', need $WBG_VERSION"
  # No --locked: the CLI's own lockfile wants a webpki-roots the registry mirror lacks.
  step "cargo install wasm-bindgen-cli $WBG_VERSION" \
    cargo install --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

# --- wasm-pack (from crates.io; the npm wasm-pack package downloads from GitHub) --
have_wp="$(wasm-pack --version 2>/dev/null || true)"
if [ "$have_wp" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "wasm-pack: have '${have_wp:-none}', need $WASM_PACK_VERSION"
  step "cargo install wasm-pack $WASM_PACK_VERSION" \
    cargo install --force wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# --- geckodriver, Firefox's WebDriver server: crates.io (Mozilla's prebuilt binaries are on GitHub,
#     which this machine cannot reach). --locked: its own lockfile's versions, all on the mirror.
have_gd="$(geckodriver --version 2>/dev/null | head -n1 || true)"
if [[ "$have_gd" != "geckodriver $GECKODRIVER_VERSION"* ]]; then
  say "geckodriver: have '${have_gd:-none}', need $GECKODRIVER_VERSION"
  step "cargo install geckodriver $GECKODRIVER_VERSION" \
    cargo install --force geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

# --- npm devDependencies (binaryen's wasm-opt, playwright-core, axe-core, selenium-webdriver) --
# node_modules/.package-lock.json is npm's record of what it installed: redo when
# it is missing or older than package.json / package-lock.json.
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package.json -nt "$marker" ] || [ package-lock.json -nt "$marker" ] \
   || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/selenium-webdriver ]; then
  if [ -f package-lock.json ]; then
    step "npm ci" npm ci --no-audit --no-fund
  else
    step "npm install" npm install --no-audit --no-fund
  fi
fi

say "ready in $((SECONDS - T_START)) s: $(rustc --version | cut -d' ' -f1-2), $(wasm-bindgen --version), $(wasm-pack --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null | head -n1), $(/usr/bin/firefox-esr --version 2>/dev/null | head -n1), $(geckodriver --version 2>/dev/null | head -n1), WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null), node $(node --version)"
