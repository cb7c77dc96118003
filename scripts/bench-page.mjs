// The page on a slow network (issue 16 items 5 and 8): time from navigation to the first answer, and
// the bytes that came over the wire for it, in headless Chromium through scripts/serve.mjs (brotli,
// revalidation headers), with Chromium's network emulation (CDP Network.emulateNetworkConditions:
// 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up: the ux test's "slow 3G-like" profile) and a cold
// cache: a first visit. A figure, not a timed test: the machine's load moves it.
//
//   node scripts/bench-page.mjs [--runs 3] [--no-throttle]
//
// Prints, per run and as the median: the first answer (data-first-result-ms, set by app.js: ms from
// navigation start), the first paint, and the bytes received (headers included) up to the first answer.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from './serve.mjs';
import { launchChromium } from '../tests/e2e/support.mjs';

export const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };

/** One cold visit: { answerMs, paintMs, bytes, requests } (answerMs null when no answer in 30 s). */
export async function visit(browser, url, conditions) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
  let bytes = 0;
  let requests = 0;
  let counting = true;
  cdp.on('Network.loadingFinished', (e) => {
    if (!counting) return;
    bytes += e.encodedDataLength;
    requests += 1;
  });
  await page.goto(url, { waitUntil: 'commit' });
  let answerMs = null;
  try {
    await page.waitForFunction(() => document.documentElement.dataset.firstResultMs, null, { timeout: 30000, polling: 50 });
    answerMs = Number(await page.evaluate(() => document.documentElement.dataset.firstResultMs));
  } catch {
    // No answer on the default page (a form that asks for input first): reported as such.
  }
  counting = false;
  const paintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  await context.close();
  return { answerMs, paintMs: paintMs == null ? null : Math.round(paintMs), bytes, requests };
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--runs');
  const runs = at > 0 ? Number(process.argv[at + 1]) : 3;
  const profiles = process.argv.includes('--no-throttle') ? [['unthrottled', null]] : [['150 ms, 1.6 Mbit/s', SLOW], ['unthrottled', null]];
  const srv = await startServer();
  const browser = await launchChromium();
  const url = new URL('index.html', srv.url).href;
  try {
    for (const [name, conditions] of profiles) {
      const results = [];
      for (let i = 0; i < runs; i++) {
        const r = await visit(browser, url, conditions);
        results.push(r);
        console.log(`bench-page: ${name}: run ${i + 1}: first answer ${r.answerMs ?? 'none'} ms, first paint ${r.paintMs ?? '?'} ms, ${r.bytes.toLocaleString('en-US')} bytes in ${r.requests} responses`);
      }
      console.log(`bench-page: ${name}: median first answer ${median(results.map((r) => r.answerMs)) ?? 'none'} ms, first paint ${median(results.map((r) => r.paintMs)) ?? '?'} ms, ${median(results.map((r) => r.bytes)).toLocaleString('en-US')} bytes over the wire (cold cache, brotli)`);
    }
  } finally {
    await browser.close();
    await srv.close();
  }
}
