import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutRouter } from '../direct';

/**
 * http/direct.ts runs POST /graphql's middleware without express's router. The same handlers,
 * mounted on an express app and run directly, must answer alike: express's request and response
 * API, errors skipping to the error handler, rejected promises, and the final handler.
 */
const stamp: RequestHandler = (req, res, next) => {
  res.setHeader('x-path', req.path);
  next();
};
const answer: RequestHandler = async (req, res, next) => {
  const body = req.body as { fail?: string };
  if (body.fail === 'throw') throw new Error('boom');
  if (body.fail === 'reject') return Promise.reject(new Error('rejected'));
  if (body.fail === 'next') {
    res.setHeader('x-fell-through', '1');
    next(); // nothing after answers: the final handler's 404
    return undefined;
  }
  res
    .status(201)
    .cookie('seen', 'yes')
    .json({ ip: req.ip, cookie: (req.cookies as Record<string, string>).c ?? null, url: req.originalUrl });
  return undefined;
};
const caught: ErrorRequestHandler = (error: Error, _req, res, next) => {
  if (error.message === 'rejected') return res.status(409).json({ caught: error.message });
  next(error);
};

let server: http.Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.set('env', 'production'); // the final handler's page without a stack trace, as the product runs
  const chain = [stamp, cookieParser(), express.json(), answer, caught];
  app.use('/direct', ...chain);
  const direct = withoutRouter(app, chain, pino({ level: 'silent' }));
  server = http.createServer((req, res) => (req.url === '/graphql' ? direct(req, res) : app(req, res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'c=1', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('withoutRouter', () => {
  it('gives the handlers express’s request and response', async () => {
    const r = await post('/graphql', {});
    expect(r.status).toBe(201);
    expect(r.headers.get('x-path')).toBe('/graphql');
    expect(r.headers.get('set-cookie')).toMatch(/^seen=yes/);
    expect(await r.json()).toEqual({ ip: '127.0.0.1', cookie: '1', url: '/graphql' });
  });

  it('answers errors as the router does', async () => {
    for (const fail of ['throw', 'reject', 'next']) {
      const viaRouter = await post('/direct', { fail });
      const direct = await post('/graphql', { fail });
      const routed = (await viaRouter.text()).replace('/direct', '/graphql'); // 404: "Cannot POST <path>"
      expect([direct.status, await direct.text()], fail).toEqual([viaRouter.status, routed]);
    }
    expect((await post('/graphql', { fail: 'reject' })).status).toBe(409);
    expect((await post('/graphql', { fail: 'throw' })).status).toBe(500);
    expect((await post('/graphql', { fail: 'next' })).status).toBe(404);
    // A body-parser refusal (not JSON) reaches the final handler with its status.
    expect((await post('/graphql', '{nope')).status).toBe(400);
  });
});
