// Static file server for www/ on 127.0.0.1 (loopback only), with the right MIME types
// (application/wasm for .wasm, which WebAssembly.instantiateStreaming requires).
//
//   node scripts/serve.mjs            -> http://127.0.0.1:8080/  (PORT=… to change, PORT=0 for any free port)
//   import { startServer } from './serve.mjs'   (used by the browser tests; port 0 by default)
//
// No dependencies. Every response carries a strict Content-Security-Policy (the pages use no inline
// script or style; WebAssembly needs 'wasm-unsafe-eval'), so a page that breaks it fails in tests.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
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

/** The policy the pages are served with (pages may add a stricter one in a meta tag). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

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
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
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
        res.writeHead(301, { Location: urlPath + '/' });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      if (!fs.existsSync(index)) return send(200, listing(urlPath, file), MIME['.html']);
      return sendFile(index);
    }
    return sendFile(file);

    function sendFile(f) {
      const size = fs.statSync(f).size;
      res.writeHead(200, { 'Content-Type': mimeType(f), 'Content-Length': size, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(f).on('error', () => res.destroy()).pipe(res);
    }
  };
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
