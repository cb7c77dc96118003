// The web security posture (issue 7, item 4) and the custom-rules control of index.html (item 3):
// - every page's Content-Security-Policy header equals its <meta> policy plus frame-ancestors, and
//   is strict; nosniff, no-referrer everywhere; CORS only on the files an embedding host loads;
// - Subresource Integrity: pkg/sri.json matches the files, embed.html shows it, a cross-origin host
//   page with the snippets works under a strict CSP, and a tampered module or .wasm is refused;
// - script-injection payloads typed into the platform name and the region box (index.html,
//   frame.html, the widget on csp-demo.html) stay text: no dialog, no element, no CSP violation;
// - nothing is stored: no cookie, empty localStorage, sessionStorage, IndexedDB and CacheStorage;
// - a local rules file through loadRules, its structured error, the results' notice, the way back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';
import { PAGE_POLICIES, isCorsFile } from '../../scripts/serve.mjs';
import { check as sriUpToDate, moduleGraph } from '../../scripts/sri.mjs';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const ROOT = path.resolve(WWW, '..');
const SHOTS = path.join(ROOT, 'target', 'screenshots');
let srv;
let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

const directives = (policy) => Object.fromEntries(policy.split(';').map((d) => d.trim()).filter(Boolean)
  .map((d) => { const [k, ...v] = d.split(/\s+/); return [k, v]; }));

/** A context that records dialogs, CSP violations and elements that only an injection would create. */
async function watchedContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
  const dialogs = [];
  const violations = [];
  const injected = [];
  await context.exposeBinding('__cspViolation', (_src, v) => violations.push(v));
  await context.exposeBinding('__injected', (_src, v) => injected.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`), true);
    // Elements and attributes no page of flexcalc creates: only a payload parsed as HTML would.
    // (The calculator's own output is inside .fc; the pages' markup has iframes and scripts.)
    const suspicious = (el) => (/^(IMG|SCRIPT|IFRAME|OBJECT|EMBED|TEXTAREA|B|I|svg)$/.test(el.tagName) && el.closest?.('.fc') && !el.closest?.('.fc-chart'))
      || [...(el.attributes ?? [])].some((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value));
    const observe = (root) => new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          for (const el of [n, ...n.querySelectorAll('*')]) {
            if (suspicious(el)) window.__injected(el.outerHTML.slice(0, 120));
          }
        }
      }
    }).observe(root, { childList: true, subtree: true, attributes: true });
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) { const r = attach.call(this, init); observe(r); return r; };
    observe(document);
  });
  context.on('page', (p) => p.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); }));
  return { context, dialogs, violations, injected };
}

/** What the page keeps: cookies and every kind of storage (in the page and each of its frames). */
async function stored(context, page) {
  const inFrame = (f) => f.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).map((d) => d.name),
    // The offline copy (www/sw.js: a cache named flexcalc-<version>, and its worker) keeps the site's
    // own files, nothing typed: any other cache or worker, or a kept URL with a query other than the
    // language or with a fragment, counts as stored.
    caches: typeof caches === 'undefined' ? [] : (await caches.keys()).filter((n) => !n.startsWith('flexcalc-')),
    kept: typeof caches === 'undefined' ? [] : (await Promise.all((await caches.keys()).filter((n) => n.startsWith('flexcalc-'))
      .map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url))))
      .flat().filter((u) => { const url = new URL(u); return url.hash || !['', '?lang=en'].includes(url.search); }),
    workers: (await navigator.serviceWorker?.getRegistrations() ?? [])
      .filter((r) => !/\/sw\.js\?v=[\w.%-]+$/.test(r.active?.scriptURL ?? r.installing?.scriptURL ?? r.waiting?.scriptURL ?? '')).length,
  }));
  return { cookies: await context.cookies(), frames: await Promise.all(page.frames().map(inFrame)) };
}

const NOTHING = { cookie: '', local: 0, session: 0, idb: [], caches: [], kept: [], workers: 0 };

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  'javascript:alert(1)',
  '</textarea><svg onload=alert(1)>',
  "'><a href=javascript:alert(1)>x</a><b>bold</b>",
  '\u202Egnp.exe\u202C <i>bidi</i>', // right-to-left override, pop
  'zero\u200Bwidth\u200C\u200D\u2060\uFEFFname', // zero-width space, non-joiner, joiner, word joiner, BOM
  '{{7*7}} ${7*7} %s %n',
];

test('every page: the CSP header is its meta policy plus frame-ancestors, and it is strict', async () => {
  for (const [page, policy] of Object.entries(PAGE_POLICIES)) {
    const res = await fetch(new URL(page, srv.url));
    assert.equal(res.status, 200, page);
    const header = res.headers.get('content-security-policy');
    const html = await res.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(meta, `${page}: a meta policy for hosts that send no header`);
    assert.equal(header, `${meta}; frame-ancestors ${policy.frameAncestors}`, page);
    const d = directives(header);
    assert.deepEqual(d['default-src'], ["'none'"], page);
    assert.deepEqual(d['script-src'], ["'self'", "'wasm-unsafe-eval'"], page);
    assert.deepEqual(d['style-src'], ["'self'"], page);
    assert.deepEqual(d['object-src'], ["'none'"], page);
    assert.deepEqual(d['base-uri'], ["'none'"], page);
    assert.deepEqual(d['require-trusted-types-for'], ["'script'"], page);
    assert.ok(!/unsafe-inline|'unsafe-eval'|unsafe-hashes|\bdata:|\bblob:|https?:/.test(header), `${page}: ${header}`);
    assert.ok(!/frame-ancestors/.test(meta), `${page}: frame-ancestors is ignored in a meta tag`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('access-control-allow-origin'), null, `${page}: pages are not CORS resources`);
    assert.match(html, /<meta name="referrer" content="no-referrer">/, page);
  }
  assert.equal(PAGE_POLICIES['frame.html'].frameAncestors, '*', 'any site may frame the iframe embed');
  // Every HTML file of www/ has a policy.
  for (const f of fs.readdirSync(WWW).filter((n) => n.endsWith('.html'))) assert.ok(PAGE_POLICIES[f], `${f} has no policy in serve.mjs`);
  // CORS on the files a host loads, and only there.
  const sri = JSON.parse(fs.readFileSync(path.join(WWW, 'pkg', 'sri.json'), 'utf8'));
  for (const f of Object.keys(sri.files)) {
    const res = await fetch(new URL(f, srv.url));
    assert.equal(res.headers.get('access-control-allow-origin'), '*', f);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', f);
    assert.ok(isCorsFile(f));
  }
  for (const f of ['app.js', 'frame.js', 'embed-snippets.js', 'embed.css']) {
    const res = await fetch(new URL(f, srv.url));
    assert.equal(res.headers.get('access-control-allow-origin'), null, f);
  }
  // Errors and listings are locked down too.
  const missing = await fetch(new URL('nope.html', srv.url));
  assert.match(missing.headers.get('content-security-policy'), /default-src 'none'/);
  assert.equal(missing.headers.get('x-frame-options'), 'DENY');
});

test('no HTML sink in the www code: innerHTML, outerHTML, insertAdjacentHTML, document.write', () => {
  const files = [...fs.readdirSync(WWW).filter((n) => /\.(js|mjs)$/.test(n)), 'pkg/flexcalc.js'];
  for (const f of files) {
    const text = fs.readFileSync(path.join(WWW, f), 'utf8');
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc/.test(text), f);
  }
});

test('SRI: pkg/sri.json matches the served files and covers the widget\'s whole module graph', async () => {
  assert.ok(sriUpToDate(), 'www/pkg/sri.json or integrity.js is stale: run node scripts/sri.mjs (npm run build does)');
  const sri = JSON.parse(fs.readFileSync(path.join(WWW, 'pkg', 'sri.json'), 'utf8'));
  const graph = moduleGraph();
  assert.deepEqual([sri.widget.script, ...sri.widget.modules], graph);
  for (const f of ['calculator.js', 'dom.js', 'i18n.js', 'pkg/flexcalc.js', 'pkg/integrity.js']) assert.ok(graph.includes(f), f);
  for (const [f, hash] of Object.entries(sri.files)) {
    const bytes = Buffer.from(await (await fetch(new URL(f, srv.url))).arrayBuffer());
    assert.equal(hash, `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`, f);
  }
  const integrity = fs.readFileSync(path.join(WWW, 'pkg', 'integrity.js'), 'utf8');
  assert.ok(integrity.includes(sri.files['pkg/flexcalc_bg.wasm']) && integrity.includes(sri.files['flexcalc.css']));
  // The tools module's .wasm (custom rules, the batch) is fetched with its hash too.
  assert.ok(integrity.includes(sri.files['pkg/tools/flexcalc_tools_bg.wasm']));

  // embed.html fills its snippets from it (text only).
  const { context, violations } = await watchedContext();
  const page = await context.newPage();
  await page.goto(new URL('embed.html', srv.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.sri === 'filled');
  const widget = await page.locator('code[data-snippet="widget"]').textContent();
  const map = /^<script type="importmap">([\s\S]*?)<\/script>\n/.exec(widget)?.[1];
  assert.ok(map, widget);
  const base = srv.url; // the snippets point at the copy the page is served from
  assert.deepEqual(JSON.parse(map), { integrity: Object.fromEntries(sri.widget.modules.map((f) => [`${base}${f}`, sri.files[f]])) });
  assert.ok(widget.includes(`<script type="module" src="${base}flexcalc-widget.js" integrity="${sri.files['flexcalc-widget.js']}" crossorigin="anonymous"></script>`));
  const policy = await page.locator('code[data-snippet="csp"]').textContent();
  assert.ok(policy.includes(`'sha256-${crypto.createHash('sha256').update(map).digest('base64')}'`), policy);
  assert.ok(policy.includes(`script-src ${new URL(base).origin} 'wasm-unsafe-eval'`), policy);
  const frame = await page.locator('code[data-snippet="iframe"]').textContent();
  assert.ok(frame.includes(`iframe-resize.js" integrity="${sri.files['iframe-resize.js']}" crossorigin="anonymous" defer></script>`));
  assert.match(frame, /sandbox="allow-scripts allow-same-origin[^"]*"/);
  assert.match(frame, /referrerpolicy="no-referrer"/);
  assert.match(frame, /loading="lazy"/);
  assert.match(frame, /title="[^"]+"/);
  // The live iframe example is sandboxed the same way.
  assert.match(await page.locator('iframe.demo-frame').getAttribute('sandbox'), /^allow-scripts allow-same-origin/);
  assert.deepEqual(violations, []);
  await context.close();
});

/** A host page on another origin with embed.html's snippets pointed at the test server. */
async function hostServer(sri, base) {
  const files = sri.files;
  const map = JSON.stringify({ integrity: Object.fromEntries(sri.widget.modules.map((f) => [`${base}${f}`, files[f]])) }, null, 2);
  const origin = new URL(base).origin;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An NGO's page</title>
<script type="importmap">${map}</script>
<script type="module" src="${base}${sri.widget.script}" integrity="${files[sri.widget.script]}" crossorigin="anonymous"></script>
<script src="${base}iframe-resize.js" integrity="${files['iframe-resize.js']}" crossorigin="anonymous" defer></script>
</head><body><h1>NGO</h1>
<flexcalc-widget region="320100" lang="zh" example></flexcalc-widget>
<iframe id="frame" data-flexcalc src="${base}frame.html?region=320100&amp;lang=en&amp;example=1" title="flexcalc" loading="lazy"
 referrerpolicy="no-referrer" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>
</body></html>`;
  const mapHash = `'sha256-${crypto.createHash('sha256').update(map).digest('base64')}'`;
  const csp = `default-src 'none'; script-src ${origin} 'wasm-unsafe-eval' ${mapHash}; style-src ${origin}; connect-src ${origin}; ` +
    `frame-src ${origin}; img-src ${origin}; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'`;
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
    res.end(req.url === '/' ? html : '');
  });
  await new Promise((r) => server.listen(0, 'localhost', r)); // localhost vs 127.0.0.1: another origin
  return { url: `http://localhost:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

test('a host on another origin: the SRI snippets work under the host\'s strict CSP (CORS, integrity, sandbox)', async () => {
  const sri = JSON.parse(fs.readFileSync(path.join(WWW, 'pkg', 'sri.json'), 'utf8'));
  const host = await hostServer(sri, srv.url);
  const { context, violations, dialogs } = await watchedContext({ viewport: { width: 400, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(host.url);
  const widget = page.locator('flexcalc-widget');
  await widget.locator('[data-testid="current_law-worker"]').waitFor();
  assert.equal(await widget.locator('[data-testid="current_law-worker"]').textContent(), '1,386.56 元');
  assert.equal(await widget.locator('.fc-card').first().evaluate((el) => getComputedStyle(el).borderTopStyle), 'solid', 'the stylesheet loaded (with integrity)');
  const frame = page.frameLocator('#frame');
  await frame.locator('[data-testid="current_law-worker"]').waitFor();
  // The sandboxed cross-origin frame computed (its own wasm fetch) and resized itself (postMessage).
  await page.waitForFunction(() => parseInt(document.getElementById('frame').style.height, 10) > 1000);
  // Enter in a field of the sandboxed frame computes without a (blocked) form submission.
  await frame.locator('[data-path="work[0].hours"]').press('Enter');
  await page.waitForTimeout(200);
  assert.deepEqual(errors, []);
  assert.deepEqual(violations, []);
  assert.deepEqual(dialogs, []);
  await context.close();
  await host.close();
});

test('SRI refuses a tampered module and a tampered .wasm', async () => {
  const sri = JSON.parse(fs.readFileSync(path.join(WWW, 'pkg', 'sri.json'), 'utf8'));
  const host = await hostServer(sri, srv.url);
  // A module of the graph (pinned by the import map) with code appended.
  {
    const { context } = await watchedContext();
    const page = await context.newPage();
    await page.route('**/dom.js', async (route) => {
      // A handler still running when the context closes must not fail the test (it was flaky).
      try {
        const response = await route.fetch();
        await route.fulfill({ response, body: `${await response.text()}\nwindow.__tampered = true;\n` });
      } catch {}
    });
    const messages = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.goto(host.url);
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => window.__tampered), undefined, 'the tampered module never ran');
    assert.equal(await page.evaluate(() => !!customElements.get('flexcalc-widget')), false, 'the widget did not load');
    assert.ok(messages.some((m) => /integrity/i.test(m)), messages.join('\n'));
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  }
  // The .wasm with one byte changed (checked against pkg/integrity.js before it is instantiated).
  {
    const { context } = await watchedContext();
    const page = await context.newPage();
    await page.route('**/flexcalc_bg.wasm', async (route) => {
      try {
        const response = await route.fetch();
        const body = Buffer.from(await response.body());
        body[body.length - 1] ^= 1;
        await route.fulfill({ response, body });
      } catch {}
    });
    await page.goto(host.url);
    const alert = page.locator('flexcalc-widget .fc-alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /计算引擎加载失败/);
    assert.equal(await page.locator('flexcalc-widget [data-testid="current_law-worker"]').count(), 0);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  }
  await host.close();
});

/** Fills a field, waits for the next result or error, and returns the text of the results. */
async function enter(page, scope, selector, value) {
  await scope.locator(selector).fill(value);
  await page.waitForTimeout(350); // the form's 250 ms debounce
  await scope.locator('.fc-results[aria-busy="false"]').waitFor();
}

for (const where of ['index.html', 'frame.html?region=320100&lang=en&example=1', 'csp-demo.html']) {
  test(`script-injection payloads stay text (${where.replace(/\?.*/, '')}): no dialog, no element, no CSP violation, nothing stored`, async () => {
    const { context, dialogs, violations, injected } = await watchedContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(new URL(where, srv.url).href);
    const scope = where.startsWith('csp-demo') ? page.locator('flexcalc-widget') : page.locator('body');
    if (where === 'index.html') await scope.locator('.fc-example').click(); // it opens blank
    await scope.locator('[data-testid="current_law-worker"]').waitFor();
    for (const [i, payload] of PAYLOADS.entries()) {
      // The first one typed key by key, the others filled.
      if (i === 0) {
        await scope.locator('[data-path="work[0].platform"]').fill('');
        await scope.locator('[data-path="work[0].platform"]').pressSequentially(payload);
        await page.waitForTimeout(350);
      } else {
        await enter(page, scope, '[data-path="work[0].platform"]', payload);
      }
      await page.waitForFunction(({ p, widget }) => {
        const root = widget ? document.querySelector('flexcalc-widget').shadowRoot : document;
        return root.querySelector('.fc-results')?.textContent.includes(p);
      }, { p: payload, widget: where.startsWith('csp-demo') });
      const cards = await scope.locator('.fc-card-lf').textContent();
      assert.ok(cards.includes(payload), `${JSON.stringify(payload)} shown as text in the results`);
      assert.equal(await scope.locator('[data-path="work[0].platform"]').inputValue(), payload);
    }
    // The region box: the engine's error names the input, as text, at the field (its first 40
    // characters and "…" for a longer one, as error::excerpt quotes it).
    for (const payload of PAYLOADS.slice(0, 5)) {
      await enter(page, scope, '[data-path="region"]', payload);
      const err = scope.locator('[id$="-region-err"]');
      await err.waitFor({ state: 'visible' });
      const chars = [...payload];
      const quoted = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : payload;
      assert.ok((await err.textContent()).includes(quoted), await err.textContent());
    }
    await enter(page, scope, '[data-path="region"]', '南京');
    await scope.locator('[data-testid="current_law-worker"]').waitFor();
    assert.deepEqual(dialogs, []);
    assert.deepEqual(injected, []);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    const s = await stored(context, page);
    assert.deepEqual(s.cookies, []);
    for (const f of s.frames) assert.deepEqual(f, NOTHING);
    await context.close();
  });
}

test('custom rules on index.html: a local file, its notice in the results, a broken file, back to the built-in rules', async () => {
  const { context, dialogs, violations, injected } = await watchedContext({ deviceScaleFactor: 2, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method() }));
  await page.goto(new URL('index.html', srv.url).href);
  await page.locator('.fc-example').click(); // it opens blank
  await page.locator('[data-testid="current_law-worker"]').waitFor();
  await page.locator('[data-path="months.from"]').fill('2026-03');
  await page.locator('[data-path="months.to"]').fill('2026-03');
  await page.waitForFunction(() => document.querySelector('[data-testid="region"]')?.textContent.includes('2026年3月'));
  const worker = page.locator('[data-testid="month-worker"]').first();
  assert.match(await worker.textContent(), /^1,386\.56.*养老 990\.40/);
  assert.match(await page.getByTestId('custom-rules-status').textContent(), /内置规则/);

  // A valid file: floor 5050 for Jiangsu in 2026 (pension 5050 × 20 % = 1010.00).
  await page.locator('details.fc-custom summary').click();
  const file = page.locator('input[type=file][data-path="custom_rules"]');
  await file.setInputFiles(path.join(FIXTURES, 'custom-rules-jiangsu-2026.toml'));
  await page.getByTestId('custom-rules').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="month-worker"]')?.textContent.startsWith('1,414.00'));
  assert.match(await worker.textContent(), /养老 1,010\.00/);
  assert.match(await page.getByTestId('custom-rules').textContent(), /使用了自定义规则：.*custom-rules-jiangsu-2026\.toml/);
  assert.match(await page.getByTestId('custom-rules-status').textContent(), /正在使用自定义规则：custom-rules-jiangsu-2026\.toml/);
  assert.equal(await page.locator('.fc-warnings li[data-code="custom_rules"]').count(), 1, 'the engine\'s custom_rules warning');
  assert.match(await page.locator('.fc-footer').textContent(), /custom-rules-jiangsu-2026\.toml/);
  // The file's new city is offered by the region box.
  await page.locator('[data-path="region"]').fill('suzhou');
  assert.match(await page.locator('[role=listbox]').textContent(), /苏州/);
  await page.locator('[data-path="region"]').fill('南京');
  await page.waitForFunction(() => document.querySelector('[data-testid="month-worker"]')?.textContent.startsWith('1,414.00'));
  // A 360 px screenshot of the control and the notice.
  await page.locator('details.fc-custom').screenshot({ path: path.join(SHOTS, 'custom-rules-360.png') });
  await page.getByTestId('custom-rules').screenshot({ path: path.join(SHOTS, 'custom-rules-notice-360.png') });

  // A broken file: the structured error (file:line and message) next to the control; the custom rules stay.
  await file.setInputFiles(path.join(FIXTURES, 'custom-rules-broken.toml'));
  const err = page.getByTestId('custom-rules-error');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.textContent(), /custom-rules-broken\.toml:\d+.*规则文件有误|规则文件有误.*custom-rules-broken\.toml:\d+/);
  assert.match(await err.textContent(), /needs a source/);
  assert.equal(await file.getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByTestId('custom-rules-status').textContent(), /custom-rules-jiangsu-2026\.toml/);
  assert.match(await worker.textContent(), /^1,414\.00/);
  await page.locator('details.fc-custom').screenshot({ path: path.join(SHOTS, 'custom-rules-error-360.png') });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no horizontal scrolling at 360 px');
  // In English.
  await page.locator('.fc-lang').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en'); // i18n-en.js loads on the first switch
  assert.match(await err.textContent(), /invalid rules file: custom-rules-broken\.toml:\d+/);
  assert.match(await page.getByTestId('custom-rules').textContent(), /Custom rules in use:/);
  await page.locator('.fc-lang').click();

  // A file name that is a payload is shown as text.
  await file.setInputFiles({ name: '<img src=x onerror=alert(1)>.toml', mimeType: 'text/plain', buffer: fs.readFileSync(path.join(FIXTURES, 'custom-rules-jiangsu-2026.toml')) });
  await page.waitForFunction(() => document.querySelector('[data-testid="custom-rules"]')?.textContent.includes('<img src=x onerror=alert(1)>.toml'));
  assert.equal(await err.isVisible(), false, 'a good file clears the error');

  // Back to the built-in rules.
  await page.getByRole('button', { name: '恢复内置规则' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="month-worker"]')?.textContent.startsWith('1,386.56'));
  assert.equal(await page.getByTestId('custom-rules').count(), 0);
  assert.equal(await page.locator('.fc-warnings li[data-code="custom_rules"]').count(), 0);
  assert.match(await page.getByTestId('custom-rules-status').textContent(), /内置规则/);
  assert.equal(await page.evaluate(() => document.activeElement?.type), 'file', 'focus goes back to the file control');

  // Nothing uploaded, nothing stored, nothing injected.
  const origin = new URL(srv.url).origin;
  assert.deepEqual(requests.filter((r) => r.method !== 'GET' || !r.url.startsWith(origin)), []);
  assert.ok(requests.every((r) => !/\.toml/.test(r.url)));
  const s = await stored(context, page);
  assert.deepEqual(s.cookies, []);
  for (const f of s.frames) assert.deepEqual(f, NOTHING);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(injected, []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});
