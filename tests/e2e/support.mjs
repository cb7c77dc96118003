// Shared helpers for the browser tests (node --test tests/e2e/*.test.mjs, run by `npm test`).
// playwright-core drives Debian's /usr/bin/chromium: Playwright's own browser downloads are not
// reachable here, so never use `npx playwright install` or a launch without executablePath.
import { chromium } from 'playwright-core';

export { startServer, WWW } from '../../scripts/serve.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// --no-sandbox: CI runs as root. The background-networking flags keep Chromium from
// calling out to Google services, which this machine's closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, ...options });
}

/**
 * Collects console errors, uncaught page errors and failed requests (status >= 400, with their
 * URL), to assert that a page ran clean. The browser's own request for /favicon.ico is ignored,
 * and so is Chromium's URL-less "Failed to load resource" console line (the response is reported).
 */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  return errors;
}
