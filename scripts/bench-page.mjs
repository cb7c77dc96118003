// The page on a slow network (issue 16 items 5 and 8): time from navigation to the first answer, and
// the bytes that came over the wire for it, in headless Chromium through scripts/serve.mjs (brotli,
// revalidation headers), with Chromium's network emulation (CDP Network.emulateNetworkConditions:
// 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up: the ux test's "slow 3G-like" profile) and a cold
// cache: a first visit. A figure, not a timed test: the machine's load moves it.
//
//   node scripts/bench-page.mjs [--runs 3] [--no-throttle] [--www DIR]   (DIR: another copy of www/, to compare)
//
// Two visits per run: the default page (nothing filled in), timed to a working form (data-ready-ms, set
// by app.js when the engine is in: what a worker waits for before typing gives an answer), and a
// share link with income, timed to its first answer (data-first-result-ms). Prints, per run and as the
// median: those times (ms from navigation start), the first paint, and the bytes received (headers
// included) up to that point.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from './serve.mjs';
import { launchChromium } from '../tests/e2e/support.mjs';

export const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };

/** One cold visit: { answerMs, paintMs, bytes, requests } (answerMs null when no answer in 30 s);
 *  mark: the <html data-…> attribute that app.js sets at the moment timed. */
export async function visit(browser, url, conditions, mark = 'firstResultMs') {
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
    await page.waitForFunction((m) => document.documentElement.dataset[m], mark, { timeout: 30000, polling: 50 });
    answerMs = Number(await page.evaluate((m) => document.documentElement.dataset[m], mark));
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
  const wwwAt = process.argv.indexOf('--www');
  const srv = await startServer(wwwAt > 0 ? { root: path.resolve(process.argv[wwwAt + 1]) } : {});
  const browser = await launchChromium();
  // A Zhengzhou rider's link (region, this month's income and hours): the page opens on the answer.
  const month = new Date().toISOString().slice(0, 7);
  const link = { region: '410100', from: month, to: month, platforms: [{ name: '美团', sector: 'instant_delivery', hours: '260', income: '7000' }] };
  const visits = [
    ['working form', new URL('index.html', srv.url).href, 'readyMs'],
    ['first answer (share link)', new URL(`index.html#s=${Buffer.from(JSON.stringify(link)).toString('base64url')}`, srv.url).href, 'firstResultMs'],
  ];
  try {
    for (const [name, conditions] of profiles) {
      for (const [what, url, mark] of visits) {
        const results = [];
        for (let i = 0; i < runs; i++) {
          const r = await visit(browser, url, conditions, mark);
          results.push(r);
          console.log(`bench-page: ${name}: ${what}: run ${i + 1}: ${r.answerMs ?? 'none'} ms, first paint ${r.paintMs ?? '?'} ms, ${r.bytes.toLocaleString('en-US')} bytes in ${r.requests} responses`);
        }
        console.log(`bench-page: ${name}: ${what}: median ${median(results.map((r) => r.answerMs)) ?? 'none'} ms, first paint ${median(results.map((r) => r.paintMs)) ?? '?'} ms, ${median(results.map((r) => r.bytes)).toLocaleString('en-US')} bytes over the wire (cold cache, brotli)`);
      }
    }
  } finally {
    await browser.close();
    await srv.close();
  }
}
