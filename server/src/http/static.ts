import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/** Cache policy of content-hashed build output (`/assets/name-<hash>.js`): it never changes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache policy of everything else (index.html above all): revalidate on every use. */
export const REVALIDATE = 'no-cache';

/** Precompressed siblings the client build writes (`x.js.br`, `x.js.gz`), in order of preference. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Whether `file` is a regular file (not a folder, not missing). */
function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The encoding to send: the one of `available` (in our order of preference, brotli first) with the
 * highest q-value the Accept-Encoding header gives it (`*` covers the unnamed); none when the header
 * is absent or refuses them all. (A plain q-sort would pick gzip for Chromium's "gzip, deflate, br".)
 */
export function chooseEncoding<E extends { name: string }>(
  header: string | undefined,
  available: readonly E[],
): E | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  let best: E | undefined;
  let bestQ = 0;
  for (const e of available) {
    const value = q.get(e.name) ?? q.get('*') ?? 0;
    if (value > bestQ) {
      best = e;
      bestQ = value;
    }
  }
  return best;
}

/**
 * Serves the built admin client from `root`:
 * - the precompressed `.br`/`.gz` file the build wrote beside each asset when the request's
 *   Accept-Encoding allows it (with `Content-Encoding` and `Vary: Accept-Encoding`), else the file;
 * - `/assets/*` (content-hashed names) as `public, max-age=31536000, immutable`, everything else
 *   (index.html) as `no-cache`;
 * - never source maps or the compressed files themselves under their own names (404);
 * - index.html for any other GET that is not a file and not under `/assets/` (the SPA's routes).
 */
export function clientStatic(root: string) {
  const base = path.resolve(root);
  const indexHtml = path.join(base, 'index.html');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      res.status(400).end();
      return;
    }
    const hidden = /\.(map|br|gz)$/i.test(relative);
    const asset = relative.startsWith('/assets/');
    let file = path.join(base, path.normalize(relative));
    // Outside the build folder (`..`), a source map, a compressed sibling: not served.
    if (!file.startsWith(base + path.sep) && file !== base) {
      res.status(404).end();
      return;
    }
    if (hidden || !isFile(file)) {
      if (hidden || asset || relative.startsWith('/graphql')) {
        res.status(404).type('text/plain').send('Not Found');
        return;
      }
      file = indexHtml;
    }
    const ext = path.extname(file).toLowerCase();
    res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
    res.setHeader(
      'Cache-Control',
      file.startsWith(path.join(base, 'assets') + path.sep) ? IMMUTABLE : REVALIDATE,
    );
    let sent = file;
    const available = ENCODINGS.filter((e) => isFile(file + e.ext));
    if (available.length > 0) {
      res.setHeader('Vary', 'Accept-Encoding');
      const encoding = chooseEncoding(req.headers['accept-encoding'], available);
      if (encoding) {
        sent = file + encoding.ext;
        res.setHeader('Content-Encoding', encoding.name);
      }
    }
    res.sendFile(sent, { cacheControl: false, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}
