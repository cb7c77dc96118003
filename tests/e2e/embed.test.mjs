// Embedding: the <flexcalc-widget> web component and the self-resizing iframe inside a host page
// with a strict Content-Security-Policy (www/csp-demo.html: default-src 'none'), and the embedding
// guide (www/embed.html).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';

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

test('the web component and the iframe work under a strict CSP, with no violation', async () => {
  const context = await browser.newContext({ viewport: { width: 400, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const violations = [];
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(new URL('csp-demo.html', srv.url).href);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);

  // The web component: shadow root, figures, theme from the host's custom properties.
  const widget = page.locator('flexcalc-widget');
  await widget.locator('[data-testid="current_law-worker"]').waitFor();
  assert.equal(await widget.locator('[data-testid="current_law-worker"]').textContent(), '1,386.56 元');
  assert.ok(await page.evaluate(() => !!document.querySelector('flexcalc-widget').shadowRoot));
  const accent = await widget.locator('.fc-card-now').evaluate((el) => getComputedStyle(el).borderTopColor);
  assert.equal(accent, 'rgb(0, 105, 92)', 'themed by --fc-accent on the host');
  // It stays interactive inside the shadow root.
  await widget.locator('[data-path="work[0].hours"]').fill('abc');
  await widget.locator('[id$="work-0-hours-err"]').waitFor({ state: 'visible' });
  await widget.locator('[data-path="work[0].hours"]').fill('150');
  await widget.locator('[id$="work-0-hours-err"]').waitFor({ state: 'hidden' });

  // The iframe: its own figures, in English, and it resized itself.
  const frame = page.frameLocator('#frame');
  await frame.locator('[data-testid="current_law-worker"]').waitFor();
  assert.equal(await frame.locator('[data-testid="current_law-worker"]').textContent(), '1,386.56 yuan');
  await page.waitForFunction(() => {
    const f = document.getElementById('frame');
    return f.style.height && Math.abs(parseInt(f.style.height, 10) - f.contentDocument.documentElement.scrollHeight) <= 2;
  });
  const origin = new URL(srv.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the embedding guide has the snippets and its live examples work', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(new URL('embed.html', srv.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.sri === 'filled'); // hashes from pkg/sri.json
  const text = await page.locator('main').textContent();
  assert.match(text, /<flexcalc-widget region="320100" lang="zh"><\/flexcalc-widget>/);
  assert.match(text, /<script type="module" src="[^"]*flexcalc-widget\.js" integrity="sha384-[A-Za-z0-9+/]{64}" crossorigin="anonymous"><\/script>/);
  assert.match(text, /'wasm-unsafe-eval'/);
  assert.match(text, /iframe-resize\.js/);
  await page.locator('flexcalc-widget [data-testid="current_law-worker"]').waitFor();
  await page.frameLocator('iframe[data-flexcalc]').locator('[data-testid="current_law-worker"]').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('no page has an inline script or inline style attribute', async () => {
  const fs = await import('node:fs');
  for (const f of fs.readdirSync(WWW).filter((n) => n.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(WWW, f), 'utf8');
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]) || m[2].trim());
    assert.deepEqual(inline.map((m) => m[0].slice(0, 60)), [], `${f}: inline script`);
    assert.ok(!/<[a-z][^>]*\sstyle=/i.test(html.replace(/<pre>[\s\S]*?<\/pre>/g, '')), `${f}: inline style attribute`);
    assert.ok(!/\son[a-z]+=/i.test(html.replace(/<pre>[\s\S]*?<\/pre>/g, '')), `${f}: inline event handler`);
  }
  for (const f of fs.readdirSync(WWW).filter((n) => n.endsWith('.js'))) {
    const js = fs.readFileSync(path.join(WWW, f), 'utf8');
    assert.ok(!/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/.test(js), `${f} writes HTML or evaluates code`);
  }
});
