// Static file server for www/ on 127.0.0.1 (loopback only), with the right MIME types
// (application/wasm for .wasm, which WebAssembly.instantiateStreaming requires).
//
//   node scripts/serve.mjs            -> http://127.0.0.1:8080/  (PORT=… to change, PORT=0 for any free port)
//   import { startServer } from './serve.mjs'   (used by the browser tests; port 0 by default)
//
// No dependencies. Every response carries a strict Content-Security-Policy (the pages use no inline
// script or style; WebAssembly needs 'wasm-unsafe-eval'), so a page that breaks it fails in tests,
// plus nosniff, no-referrer, and CORS for the files an embedding host loads (see below).
//
// As a real static host does: text and wasm compressed (brotli when the browser accepts it, else
// gzip; the .wasm is a third of its size in gzip), and cache headers that let a browser keep the
// files but ask each time whether they changed (`Cache-Control: no-cache` with an ETag: a 304 costs
// a few hundred bytes). The file names carry no hash, so nothing may be kept without asking. The
// service worker (www/sw.js) keeps its own copy for offline use.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const WWW = path.resolve(HERE, '..', 'www');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// ---- Security headers ------------------------------------------------------------------------
// Each page carries the same policy in a <meta http-equiv="Content-Security-Policy"> (so that a
// static host without headers is still protected); the header adds what a meta tag cannot carry:
// frame-ancestors (who may frame the page). tests/e2e/security.test.mjs checks that the two agree.
// Trusted Types ('require-trusted-types-for' with no policy allowed) make every HTML-parsing sink
// (innerHTML, insertAdjacentHTML, document.write, …) throw: user text can only go in as text.

/** The policy of a page of the calculator (index.html, frame.html): the meta tag's. */
export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";
/** Pages with an iframe of frame.html (embed.html, csp-demo.html) also need frame-src. */
export const CSP_WITH_FRAME = CSP.replace("connect-src 'self';", "connect-src 'self'; frame-src 'self';");
/**
 * index.html also runs the batch in a Web Worker (batch.js): worker-src 'self', and one Trusted Types
 * policy, `flexcalc-batch`, which lets exactly www/batch-worker.js through `new Worker()` (a
 * script-URL sink that `trusted-types 'none'` would close).
 */
export const CSP_BATCH = CSP.replace("form-action 'none';", "form-action 'none'; worker-src 'self';")
  .replace("trusted-types 'none'", 'trusted-types flexcalc-batch');
/**
 * A dedicated worker's policy comes from its script's response, not from the page: the batch worker
 * imports the wasm package, fetches the .wasm and compiles it, and nothing else.
 */
export const CSP_WORKER = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'";
export const WORKER_SCRIPTS = new Set(['batch-worker.js', 'sw.js']);

/** The meta policy of each page, and the frame-ancestors its header adds. */
export const PAGE_POLICIES = {
  'index.html': { meta: CSP_BATCH, frameAncestors: "'none'" },
  // The iframe embed: any site may frame it (that is its purpose).
  'frame.html': { meta: CSP, frameAncestors: '*' },
  'embed.html': { meta: CSP_WITH_FRAME, frameAncestors: "'none'" },
  'csp-demo.html': { meta: CSP_WITH_FRAME, frameAncestors: "'none'" },
  // The batch's help pages (static: no script).
  'batch-help.html': { meta: CSP, frameAncestors: "'none'" },
  'batch-help.en.html': { meta: CSP, frameAncestors: "'none'" },
  'accessibility.html': { meta: CSP, frameAncestors: "'none'" },
  'accessibility.en.html': { meta: CSP, frameAncestors: "'none'" },
};
/** Any other response (scripts, styles, data, directory listings, errors): nothing may run or frame it. */
export const CSP_OTHER = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The Content-Security-Policy header for a file of www/ (a path relative to www/, with '/'). */
export function cspHeader(rel) {
  const p = PAGE_POLICIES[rel];
  if (WORKER_SCRIPTS.has(rel)) return CSP_WORKER;
  return p ? `${p.meta}; frame-ancestors ${p.frameAncestors}` : CSP_OTHER;
}

/**
 * The files an embedding host loads from another origin: the widget's module graph (module scripts
 * are always fetched with CORS), its stylesheet and the .wasm (fetched with CORS, and with
 * integrity, which needs CORS), and iframe-resize.js (loaded with crossorigin for its integrity).
 * They get `Access-Control-Allow-Origin: *`: they are public, static and fetched without
 * credentials, so any origin may read them. The pages themselves do not.
 */
export const CORS_FILES = new Set(['flexcalc-widget.js', 'calculator.js', 'engine-fetch.js', 'dom.js', 'i18n.js', 'i18n-zh.js', 'i18n-en.js', 'flexcalc.css', 'iframe-resize.js',
  'state.js', 'format.js', 'view-form.js', 'view-region.js', 'view-answer.js', 'view-details.js', 'i18n-decisions.js', 'view-explain.js', 'view-print.js', 'view-share.js', 'plain.js']);
export const isCorsFile = (rel) => CORS_FILES.has(rel) || rel.startsWith('pkg/');

export function securityHeaders(rel) {
  const headers = {
    'Content-Security-Policy': cspHeader(rel),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  // For browsers without frame-ancestors (only those): the same rule.
  if (PAGE_POLICIES[rel]?.frameAncestors === "'none'" || !PAGE_POLICIES[rel]) headers['X-Frame-Options'] = 'DENY';
  if (rel && isCorsFile(rel)) headers['Access-Control-Allow-Origin'] = '*';
  return headers;
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function listing(urlPath, dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true })
    .map((e) => e.name + (e.isDirectory() ? '/' : ''))
    .sort();
  const items = entries.map((n) => `<li><a href="${encodeURI(n)}">${escapeHtml(n)}</a></li>`).join('\n');
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(urlPath)}</title>` +
    `<h1>${escapeHtml(urlPath)}</h1><p>No index.html here yet.</p><ul>\n${items}\n</ul>\n`;
}

export function handler(root = WWW) {
  return (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...securityHeaders('') });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(405, 'method not allowed\n');
    }
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    const file = path.resolve(root, '.' + path.posix.normalize(urlPath));
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden\n');
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return send(404, `not found: ${urlPath}\n`);
    }
    if (stat.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { Location: urlPath + '/', ...securityHeaders('') });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      if (!fs.existsSync(index)) return send(200, listing(urlPath, file), MIME['.html']);
      return sendFile(index);
    }
    return sendFile(file);

    function sendFile(f) {
      const st = fs.statSync(f);
      const rel = path.relative(root, f).split(path.sep).join('/');
      const type = mimeType(f);
      const encoding = COMPRESSIBLE.test(type) ? pickEncoding(req.headers['accept-encoding']) : null;
      const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
      const headers = {
        'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag, 'Last-Modified': st.mtime.toUTCString(),
        ...(COMPRESSIBLE.test(type) ? { Vary: 'Accept-Encoding' } : {}), ...securityHeaders(rel),
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        return res.end();
      }
      let body;
      try {
        body = encoding ? compressed(f, st, encoding) : fs.readFileSync(f);
      } catch {
        return send(500, 'cannot read the file\n');
      }
      if (encoding) headers['Content-Encoding'] = encoding;
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    }
  };
}

/** What is worth compressing: text of any kind, and WebAssembly. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm|manifest\+json)|image\/svg)/;

/** brotli when the browser accepts it, else gzip, else none (q=0 refuses an encoding). */
export function pickEncoding(accept = '') {
  const ok = (name) => new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q=(?!0(\\.0*)?\\s*(,|$))[\\d.]+)?\\s*(,|$)`).test(accept);
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Compressed files, kept until the file changes: a real host compresses once, at deploy time, at the
 * highest levels (brotli 11 takes seconds on the tools wasm). Kept in memory and in target/serve-cache
 * (so that each test's server does not compress again).
 */
const packed = new Map();
const DISK_CACHE = path.resolve(HERE, '..', 'target', 'serve-cache');
function compressed(file, st, encoding) {
  const key = `${encoding}:${file}:${st.size}:${st.mtimeMs}`;
  const hit = packed.get(key);
  if (hit) return hit;
  const disk = path.join(DISK_CACHE, `${crypto.createHash('sha1').update(key).digest('hex')}.${encoding}`);
  let body;
  try {
    body = fs.readFileSync(disk);
  } catch {
    body = compress(fs.readFileSync(file), encoding);
    try {
      fs.mkdirSync(DISK_CACHE, { recursive: true });
      fs.writeFileSync(`${disk}.${process.pid}`, body);
      fs.renameSync(`${disk}.${process.pid}`, disk);
    } catch {
      // A read-only checkout: memory only.
    }
  }
  packed.set(key, body);
  return body;
}

/** The bytes as a host sends them: brotli at quality 11, or gzip at level 9. */
export function compress(raw, encoding) {
  return encoding === 'br'
    ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : zlib.gzipSync(raw, { level: 9 });
}

/** Starts the server; resolves to { server, url, close() }. */
export function startServer({ root = WWW, host = '127.0.0.1', port = 0 } = {}) {
  const server = http.createServer(handler(path.resolve(root)));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://${host}:${p}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8080);
  const host = '127.0.0.1';
  try {
    const { url } = await startServer({ host, port });
    const hasIndex = fs.existsSync(path.join(WWW, 'index.html'));
    console.log(`Serving ${path.relative(process.cwd(), WWW) || WWW}/ at ${url}${hasIndex ? '' : ' (no index.html yet: directory listing)'}`);
    console.log('Press Ctrl+C to stop.');
  } catch (e) {
    if (e.code === 'EADDRINUSE') console.error(`serve: ${host}:${port} is in use; try PORT=8081 npm start`);
    else console.error(`serve: ${e.message}`);
    process.exit(1);
  }
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}
