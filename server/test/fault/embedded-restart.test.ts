import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, REPO_ROOT } from '../../src/config/env';
import { passwordFileOf } from '../../src/db/embedded';
import pino from 'pino';
import { startServer, type RunningServer } from '../../src/server';
import { freePort } from '../support/free-port';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fault test (issue 9): the embedded PostgreSQL is killed with SIGKILL under a steady load. During
 * the outage requests answer the coded, retryable SERVICE_UNAVAILABLE (never INTERNAL_SERVER_ERROR)
 * and /healthz 503; the server restarts PostgreSQL by itself and requests succeed again within
 * 10 s; what was committed before the kill is still there.
 */
describe('embedded PostgreSQL killed under load', () => {
  const dataDir = path.join(REPO_ROOT, '.data', `fault-${process.pid}`);
  let server: RunningServer;
  const lines: string[] = [];

  beforeAll(async () => {
    // A logger that keeps its JSON lines, to find the watchdog's error.
    const testLog = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      PG_PORT: String(await freePort()),
      PG_DATA_DIR: dataDir,
      SEED_ON_START: 'false',
      CLIENT_DIST: path.join(dataDir, 'no-client'),
    });
    server = await startServer(config, testLog);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the superuser password out of the defaults: random, in a 0600 file of the data folder', () => {
    const file = passwordFileOf(dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const password = fs.readFileSync(file, 'utf8').trim();
    expect(password).not.toBe('postgres');
    expect(password.length).toBeGreaterThanOrEqual(24);
  });

  it('answers SERVICE_UNAVAILABLE and 503 during the outage, restarts PostgreSQL, loses nothing', async () => {
    const health = async () => (await fetch(`${server.url}/healthz`)).status;
    const ask = async () => {
      try {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          // A bearer token makes every request read the database (the session lookup): a signed-out
          // `{ __typename }` touches no table and would answer through the outage.
          headers: { 'content-type': 'application/json', authorization: `Bearer ${'f'.repeat(43)}` },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        const body = (await response.json()) as {
          data?: unknown;
          errors?: { extensions?: Record<string, unknown> }[];
        };
        return { status: response.status, code: body.errors?.[0]?.extensions?.code ?? 'OK', body };
      } catch (error) {
        return { status: 0, code: `FETCH ${(error as Error).message}`, body: null };
      }
    };
    expect(await health()).toBe(200);
    expect((await ask()).code).toBe('OK');
    await server.dataSource.query(
      `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ('999999', '测试区', '测试区', 'DISTRICT', 999)`,
    );

    // Steady load while PostgreSQL dies.
    const answers: { at: number; status: number; code: unknown; body: unknown }[] = [];
    let loading = true;
    const load = (async () => {
      while (loading) {
        const answer = await ask();
        answers.push({ at: Date.now(), ...answer });
        await sleep(50);
      }
    })();
    await sleep(300);
    const pid = server.embedded?.pid();
    expect(pid).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(pid!, 'SIGKILL');

    // During the outage: /healthz 503 (seen at least once) and coded retryable answers.
    let sawUnhealthy = false;
    let back = false;
    while (Date.now() - killedAt < 20_000) {
      const status = await health();
      if (status === 503) sawUnhealthy = true;
      if (sawUnhealthy && status === 200) {
        const answer = await ask();
        if (answer.code === 'OK') {
          back = true;
          break;
        }
      }
      await sleep(100);
    }
    const backAt = Date.now();
    loading = false;
    await load;
    const restartedAt = lines
      .map((l) => JSON.parse(l) as { time: number; msg: string })
      .find((l) => l.msg === 'embedded PostgreSQL restarted')?.time;
    console.log(
      `PostgreSQL killed: restarted after ${restartedAt! - killedAt} ms, requests answered again ` +
        `after ${backAt - killedAt} ms; ${answers.length} requests under load`,
    );

    expect(sawUnhealthy).toBe(true);
    expect(back).toBe(true);
    // The bound: requests succeed again within 10 s of the kill. Measured on the shared
    // 2-core machine: requests answered again 0.9–1.4 s after the kill (5 runs alone), 2.5 s while
    // other test files ran beside it; PostgreSQL's restart (crash recovery included) is most of it.
    // 10 s leaves a margin of 4× over the worst seen. A bound, not a timing measurement: the
    // figures are printed above.
    expect(restartedAt).toBeDefined();
    expect(restartedAt! - killedAt).toBeLessThan(10_000);
    expect(backAt - killedAt).toBeLessThan(10_000);
    const failed = answers.filter((a) => a.at > killedAt && a.code !== 'OK');
    expect(failed.length).toBeGreaterThan(0);
    for (const answer of failed) {
      expect(answer.code, JSON.stringify(answer.body)).toBe('SERVICE_UNAVAILABLE');
      // 503 whether the request failed as a whole or the connection broke at COMMIT
      // (graphql/transaction-plugin.ts answers a failed COMMIT itself, never a bare 500).
      expect(answer.status).toBe(503);
      expect(
        (answer.body as { errors: { extensions: { retryable?: boolean } }[] }).errors[0]!.extensions
          .retryable,
      ).toBe(true);
    }
    // The load's last request may have been sent before the recovery was seen: ask once more.
    expect((await ask()).code).toBe('OK');

    // Logged at error level by the watchdog; restarted once; committed data kept.
    expect(lines.some((l) => /"level":50/.test(l) && /exited unexpectedly/.test(l))).toBe(true);
    expect(server.embedded?.restarts()).toBe(1);
    expect(server.embedded?.state()).toBe('running');
    const rows = (await server.dataSource.query(
      `SELECT name FROM district WHERE code = '999999'`,
    )) as unknown[];
    expect(rows).toEqual([{ name: '测试区' }]);
  });
});
