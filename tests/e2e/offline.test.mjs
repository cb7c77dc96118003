// Offline after the first visit (issue 16 items 5 and 8; ux-test-2026-12.md, item 15): the page is
// loaded once, the service worker (www/sw.js, registered after the first answer) keeps its files; then
// the network is cut (playwright's setOffline, and the server itself closed, so that nothing can come
// from it) and the page is reloaded: it must answer again, from the copy. The reload is screenshotted
// to target/screenshots/offline-reload.png. Also: the server compresses and sends revalidation
// headers as a host does (no `no-store`, which made the browser fetch everything again each time).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchChromium, WWW } from './support.mjs';

const SHOTS = path.join(WWW, '..', 'target', 'screenshots');
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

test('the server compresses and lets the browser revalidate (no no-store)', async () => {
  for (const f of ['index.html', 'app.js', 'pkg/flexcalc_bg.wasm', 'flexcalc.css']) {
    const res = await fetch(new URL(f, srv.url), { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.status, 200, f);
    assert.equal(res.headers.get('content-encoding'), 'br', f);
    assert.equal(res.headers.get('cache-control'), 'no-cache', f);
    const etag = res.headers.get('etag');
    assert.ok(etag, f);
    await res.arrayBuffer();
    const again = await fetch(new URL(f, srv.url), { headers: { 'accept-encoding': 'br, gzip', 'if-none-match': etag } });
    assert.equal(again.status, 304, f);
  }
  const gz = await fetch(new URL('pkg/flexcalc_bg.wasm', srv.url), { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  const plain = await fetch(new URL('pkg/flexcalc_bg.wasm', srv.url), { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(Number(plain.headers.get('content-length')), fs.statSync(path.join(WWW, 'pkg', 'flexcalc_bg.wasm')).size);
  // Errors are never kept.
  assert.equal((await fetch(new URL('nope.js', srv.url))).headers.get('cache-control'), 'no-store');
});

test('a reload with the network off answers from the service worker\'s copy', async () => {
  const own = await startServer();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(new URL('index.html', own.url).href);
  // The page opens with nothing filled in: the worked example gives an answer.
  await page.locator('.fc-example').click();
  await page.waitForSelector('[data-testid="current_law-worker"]');
  const figure = await page.getByTestId('current_law-worker').textContent();
  // The worker is registered after the first answer, with the engine's and the rules' versions, and
  // keeps the files of this first visit.
  const cached = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      const names = await caches.keys();
      const name = names.find((n) => n.startsWith('flexcalc-'));
      if (name) {
        const c = await caches.open(name);
        if (await c.match('pkg/flexcalc_bg.wasm') && await c.match('app.js') && await c.match('index.html')) {
          return { name, script: reg.active.scriptURL, files: (await c.keys()).length };
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  });
  assert.ok(cached, 'the service worker kept the page, its modules and the wasm');
  assert.match(cached.script, /\/sw\.js\?v=[^&]+-[^&]+$/, 'versioned by the engine and the rules');
  assert.match(cached.name, /^flexcalc-.+-.+$/);

  await context.setOffline(true);
  own.server.closeAllConnections?.();
  await own.close();
  await page.reload();
  await page.locator('.fc-example').click();
  await page.waitForSelector('[data-testid="current_law-worker"]', { timeout: 30000 });
  assert.equal(await page.getByTestId('current_law-worker').textContent(), figure, 'the same answer offline');
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'offline-reload.png'), fullPage: false });
  // Nothing was reachable: the answer came from the copy.
  const online = await page.evaluate(() => fetch('app.js?probe', { cache: 'no-store' }).then(() => true, () => false));
  assert.equal(online, false);
  await context.close();
});
