// The three browser engines of the cross-browser tests (issue 16 item 5), each driven through its own
// WebDriver server by one client, selenium-webdriver from the npm registry:
//   - Chromium: Debian's chromium + chromium-driver (/usr/bin/chromedriver);
//   - Firefox: Debian's firefox-esr + geckodriver built from crates.io (`cargo install geckodriver`);
//   - WebKit: Debian's webkit2gtk-driver (WebKitWebDriver) running WebKitGTK's MiniBrowser, on a
//     virtual display (Xvfb): the engine of every iPhone browser and of WeChat on iOS.
// All installed by scripts/setup.sh. The client is given each server's URL (WebDriver.createSession on
// an HTTP executor): selenium-webdriver's Builder and its selenium-manager, which would look for or
// download drivers and browsers, are never used, so nothing is fetched at run time.
//
// Each server and the browser it starts run in their own process group, which stop() ends by its id.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import selenium from 'selenium-webdriver';
import http from 'selenium-webdriver/http/index.js';

const { WebDriver, Capabilities } = selenium;

const MINIBROWSER = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser']
  .find((p) => fs.existsSync(p)) ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A program on PATH (or an absolute path that exists), else null. */
function which(name) {
  if (path.isAbsolute(name)) return fs.existsSync(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

// Chromium's flags as in tests/e2e/support.mjs (root in CI, a closed network).
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// Firefox would otherwise call home (updates, telemetry, safe browsing lists, remote settings, captive
// portal detection) on a network that refuses it: each refusal is harmless but slows the start.
const FIREFOX_PREFS = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'extensions.update.enabled': false,
  'intl.accept_languages': 'zh-CN, zh, en',
  'toolkit.legacyUserProfileCustomizations.stylesheets': true, // reads the profile's userChrome.css
};

/**
 * name: the engine; needs: the programs it takes, with the Debian package (or cargo crate) each comes
 * from; server(port): the WebDriver server's command line; capabilities: the new-session request.
 */
export const ENGINES = [
  {
    name: 'chromium',
    needs: [['/usr/bin/chromium', 'apt chromium'], ['/usr/bin/chromedriver', 'apt chromium-driver']],
    server: (port) => ['/usr/bin/chromedriver', [`--port=${port}`]],
    capabilities: { browserName: 'chrome', 'goog:chromeOptions': { binary: '/usr/bin/chromium', args: CHROMIUM_ARGS } },
  },
  {
    name: 'firefox',
    // Firefox keeps its windows at least 500 px wide (--window-min-width in its own browser.css),
    // wider than a phone: a fresh profile for each run, whose userChrome.css lifts that minimum.
    profile: { 'chrome/userChrome.css': ':root { --window-min-width: 0px !important; min-width: 0 !important; }\n' },
    needs: [['/usr/bin/firefox-esr', 'apt firefox-esr'], [process.env.GECKODRIVER || 'geckodriver', 'cargo install geckodriver']],
    server: (port) => [which(process.env.GECKODRIVER || 'geckodriver'), ['--port', String(port), '--host', '127.0.0.1']],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: '/usr/bin/firefox-esr', args: ['-headless'], prefs: FIREFOX_PREFS },
    },
  },
  {
    name: 'webkit',
    needs: [['/usr/bin/WebKitWebDriver', 'apt webkit2gtk-driver'], [MINIBROWSER, 'apt webkit2gtk-driver'], ['/usr/bin/Xvfb', 'apt xvfb']],
    display: true,
    // --full-screen: no toolbar. MiniBrowser's toolbar keeps its window at least 447 px wide, wider
    // than a phone; without it the window can be set to 360 px like the others.
    server: (port) => ['/usr/bin/WebKitWebDriver', [`--port=${port}`]],
    capabilities: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', '--full-screen'] } },
  },
];

/** What the engine lacks on this machine ("apt firefox-esr", …), empty when it can run. */
export function missing(engine) {
  return engine.needs.filter(([p]) => !which(p)).map(([, from]) => from);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts a process in its own group; its output is kept (the last 20 kB) for a failure's message. */
function start(cmd, args, env) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.log = '';
  const keep = (d) => { child.log = (child.log + d).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return child;
}

/** Ends a process group started by start(), by its id: first politely, then for good. */
async function stopGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const gone = await Promise.race([child.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
  if (!gone) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** A virtual X display (Xvfb picks a free number and writes it on its stdout: -displayfd 1). */
async function startDisplay() {
  const xvfb = start('/usr/bin/Xvfb', ['-displayfd', '1', '-screen', '0', process.env.XVFB_SCREEN || '1280x900x24', '-nolisten', 'tcp']);
  const display = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display in 10 s: ${xvfb.log}`)), 10_000);
    xvfb.stdout.on('data', () => {
      const m = /^(\d+)\n/.exec(xvfb.log);
      if (m) { clearTimeout(timer); resolve(`:${m[1]}`); }
    });
    xvfb.exited.then((e) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${JSON.stringify(e)}): ${xvfb.log}`)); });
  });
  return { xvfb, display };
}

async function waitReady(url, server, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the WebDriver server exited (${server.exitCode}): ${server.log}`);
    try {
      const r = await fetch(new URL('status', url));
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the WebDriver server at ${url} did not answer in ${ms} ms: ${server.log}`);
}

/**
 * Starts the engine's WebDriver server (and display) and a session. Returns { driver, stop, version }.
 * stop() quits the session and ends the processes started here.
 */
export async function launch(engine) {
  let xvfb;
  let server;
  let profile;
  const stop = async () => {
    await stopGroup(server);
    await stopGroup(xvfb);
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  };
  try {
    const env = {};
    const capabilities = structuredClone(engine.capabilities);
    if (engine.profile) {
      profile = fs.mkdtempSync(path.join(os.tmpdir(), `flexcalc-${engine.name}-`));
      for (const [f, text] of Object.entries(engine.profile)) {
        fs.mkdirSync(path.dirname(path.join(profile, f)), { recursive: true });
        fs.writeFileSync(path.join(profile, f), text);
      }
      capabilities['moz:firefoxOptions'].args.push('-profile', profile);
    }
    if (engine.display) ({ xvfb, display: env.DISPLAY } = await startDisplay());
    const port = await freePort();
    const [cmd, args] = engine.server(port);
    server = start(cmd, args, env);
    const url = `http://127.0.0.1:${port}/`;
    await waitReady(url, server);
    const driver = await WebDriver.createSession(new http.Executor(new http.HttpClient(url)), new Capabilities(capabilities));
    const caps = await driver.getCapabilities();
    const version = `${caps.get('browserName')} ${caps.get('browserVersion') ?? ''}`.trim();
    return {
      driver,
      version,
      log: () => server.log,
      stop: async () => {
        await driver.quit().catch(() => {});
        await stop();
      },
    };
  } catch (e) {
    const log = server?.log ?? '';
    await stop();
    e.message += log ? `\n--- WebDriver server output:\n${log.slice(-4000)}` : '';
    throw e;
  }
}

/** The version lines of the engine's programs, for the log. */
export function versions(engine) {
  const of = (cmd, ...args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
    return (r.stdout || r.stderr || '').split('\n')[0].trim();
  };
  if (engine.name === 'webkit') return `webkit2gtk-driver ${of('dpkg-query', '-W', '-f', '${Version}', 'webkit2gtk-driver')}`;
  const [cmd] = engine.server(0);
  return [of(cmd, '--version'), engine.name === 'firefox' ? of('/usr/bin/firefox-esr', '--version') : ''].filter(Boolean).join(', ');
}
