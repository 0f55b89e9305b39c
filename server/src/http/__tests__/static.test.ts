import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, clientStatic } from '../static';

/** A client build as `vite build` leaves it: hashed assets with .br/.gz siblings and a source map. */
function writeBuild(dir: string): { js: string } {
  const js = 'console.log("职业技能提升行动");'.repeat(200);
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>平台</title><div id="root"></div>');
  fs.writeFileSync(
    path.join(dir, 'index.html.gz'),
    zlib.gzipSync('<!doctype html><title>平台</title><div id="root"></div>'),
  );
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), js);
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js.br'), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js.map'), '{"version":3}');
  fs.writeFileSync(path.join(dir, 'assets', 'logo-Xy9.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  return { js };
}

describe('client static files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-dist-'));
  const { js } = writeBuild(dir);
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(clientStatic(dir));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A raw GET (node:http does not decompress, so the body is what went over the wire). */
  function get(
    p: string,
    acceptEncoding?: string,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        `${url}${p}`,
        { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
    });
  }

  it('sends the brotli file to a browser that accepts br (Chromium lists gzip first), immutable for a year', async () => {
    const res = await get('/assets/index-AbC123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(js);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(js) / 5);
  });

  it('sends gzip when only gzip is accepted, and the plain file when nothing is', async () => {
    const gz = await get('/assets/index-AbC123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(js);

    const refused = await get('/assets/index-AbC123.js', 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(js);

    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString()).toBe(js);
  });

  it('serves index.html (and any app route) as no-cache, compressed when a sibling exists', async () => {
    for (const p of ['/', '/index.html', '/plans/some-id']) {
      const res = await get(p, 'gzip, br');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(res.body).toString()).toContain('<div id="root">');
    }
  });

  it('never serves source maps, compressed siblings by name, missing assets or files outside the build', async () => {
    expect((await get('/assets/index-AbC123.js.map')).status).toBe(404);
    expect((await get('/assets/index-AbC123.js.br')).status).toBe(404);
    expect((await get('/assets/missing-123.js')).status).toBe(404);
    // `..` cannot leave the build folder: the path resolves inside it (here to the SPA's index.html).
    const escape = await get('/%2e%2e/%2e%2e/etc/passwd');
    expect(escape.body.toString()).not.toContain('root:');
    expect(escape.body.toString()).toContain('<div id="root">');
    const png = await get('/assets/logo-Xy9.png', 'br, gzip');
    expect(png.status).toBe(200);
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('chooses by q-value, brotli first on a tie, and honours *', () => {
    const available = [{ name: 'br' }, { name: 'gzip' }];
    expect(chooseEncoding('gzip, deflate, br', available)?.name).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip', available)?.name).toBe('gzip');
    expect(chooseEncoding('*', available)?.name).toBe('br');
    expect(chooseEncoding('identity', available)).toBeUndefined();
    expect(chooseEncoding(undefined, available)).toBeUndefined();
  });
});
