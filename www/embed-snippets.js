// Fills the embed snippets of embed.html with the Subresource Integrity hashes of this build
// (pkg/sri.json, written by scripts/sri.mjs at the end of every wasm build). Text only: the
// snippets are set with textContent, never parsed as HTML. Without the JSON (not built yet, or
// JavaScript off) the page keeps its placeholder snippets ("sha384-…") and says so.
// The snippets point at this copy (where this page is served from), so that the import map and
// its CSP hash are ready to paste; opened from a file, at a placeholder.
const BASE = /^https?:$/.test(location.protocol) ? new URL('.', location.href).href : 'https://YOUR-COPY.example.org/';

/**
 * The import map that pins every module the widget imports: static imports cannot carry
 * integrity, and the browser checks a module against the import map's "integrity" entry for its
 * URL (Chromium 127, Safari 18, Firefox 138; older browsers ignore it). Its exact text is what the
 * host's CSP hash covers.
 */
export function importMap(sri) {
  const integrity = Object.fromEntries(sri.widget.modules.map((f) => [`${BASE}${f}`, sri.files[f]]));
  return JSON.stringify({ integrity }, null, 2);
}

export function widgetSnippet(sri) {
  const f = sri.widget.script;
  return [
    `<script type="importmap">${importMap(sri)}</script>`,
    `<script type="module" src="${BASE}${f}" integrity="${sri.files[f]}" crossorigin="anonymous"></script>`,
    '<flexcalc-widget region="320100" lang="zh"></flexcalc-widget>',
  ].join('\n');
}

/** The host's policy: this copy's origin, wasm, and the hash of the inline import map. */
export async function hostPolicy(sri) {
  const origin = new URL(BASE).origin;
  let hash = "'sha256-(the base64 sha256 of the import map's text)'";
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(importMap(sri)));
    hash = `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
  }
  return `Content-Security-Policy: default-src 'none'; script-src ${origin} 'wasm-unsafe-eval' ${hash}; ` +
    `style-src ${origin}; connect-src ${origin}; img-src ${origin}; frame-src ${origin}; object-src 'none'; ` +
    "base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
}

export function iframeSnippet(sri) {
  const f = sri.iframe.script;
  return [
    `<iframe data-flexcalc src="${BASE}frame.html?region=440100&amp;lang=zh"`,
    '        title="灵活就业社保计算器" loading="lazy" referrerpolicy="no-referrer"',
    '        sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"',
    '        style="width:100%;height:900px;border:0"></iframe>',
    `<script src="${BASE}${f}" integrity="${sri.files[f]}" crossorigin="anonymous" defer></script>`,
  ].join('\n');
}

const status = document.querySelector('[data-sri-status]');
fetch(new URL('pkg/sri.json', document.baseURI), { cache: 'no-store', credentials: 'omit' })
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
  .then(async (sri) => {
    const text = { widget: widgetSnippet(sri), iframe: iframeSnippet(sri), csp: await hostPolicy(sri) };
    for (const el of document.querySelectorAll('code[data-snippet]')) el.textContent = text[el.dataset.snippet] ?? el.textContent;
    document.documentElement.dataset.sri = 'filled';
  })
  .catch((e) => {
    if (status) {
      status.textContent = `完整性哈希不可用（请先构建：npm run build）· Integrity hashes unavailable (build first: npm run build): ${e.message}`;
      status.hidden = false;
    }
    document.documentElement.dataset.sri = 'missing';
  });
