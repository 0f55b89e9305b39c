/**
 * The repository's benchmark (README "## Benchmark"): starts the built product on its own embedded
 * PostgreSQL in a fresh data folder, scales the data, and measures the admin client's operations
 * against this server, a raw-SQL floor (as the owner and as the application role in a scoped
 * transaction) and PostGraphile v5 (as the owner, and as the application role under our RLS
 * policies), interleaved in one run. Writes results/latest.json and results/latest.md.
 *
 * Run through `pnpm bench` (test/bench/bench.sh: builds the server, runs this file on Node ≥ 22).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FloorClient, GraphQLClient, type Send } from './clients.ts';
import { percentile, round2, runCell } from './measure.ts';
import { OPERATIONS, type Ids, type Operation } from './operations.ts';
import { parseOptions, type Options, type Target } from './options.ts';
import { pg, REPO_ROOT, type PgClient } from './pg.ts';
import { freePort } from '../support/free-port.ts';
import {
  cleanup,
  cpuMs,
  installCleanup,
  ownDataDir,
  postgresCpu,
  postgresCpuSince,
  postmasterPid,
  rssMb,
  start,
  stopping,
  waitUntil,
  type ManagedProcess,
} from './processes.ts';
import { writeReports, type Results } from './report.ts';
import { scaleData, tableCounts } from './scale.ts';

const BENCH_DIR = import.meta.dirname;
const CACHE_DIR = path.join(BENCH_DIR, '.cache');
const SERVER_MAIN = path.join(REPO_ROOT, 'server', 'dist', 'main.js');
const DATABASE = 'skills';
/** The embedded cluster's superuser (server/src/db/embedded.ts); it owns the tables. */
/**
 * The embedded cluster's superuser. Its password is generated on the first start and kept in the
 * data folder (server/src/db/embedded.ts, passwordFileOf): read once the server has started.
 */
const OWNER = { user: 'postgres', password: '' };
/** The application role the server connects as (server/src/db/roles.ts). */
const APP = { user: 'skills_app', password: 'skills_app' };

/** The city admin's scope as the server applies it (server/src/db/tenant.ts applyScope). */
const cityScope = (userId: string) => ({
  'app.user_id': userId,
  'app.reads_all': 'on',
  'app.writes_city': 'on',
  'app.read_districts': '{}',
  'app.write_districts': '{}',
  'app.organisations': '{}',
});

const log = (message: string) => console.log(`bench: ${message}`);

const pgUrl = (role: { user: string; password: string }, port: number) =>
  `postgres://${role.user}:${role.password}@127.0.0.1:${port}/${DATABASE}`;

/** Installs PostGraphile into test/bench/.cache (ignored by git) unless the wanted version is there. */
function ensurePostGraphile(version: string): void {
  const installed = path.join(CACHE_DIR, 'node_modules', 'postgraphile', 'package.json');
  try {
    if ((JSON.parse(fs.readFileSync(installed, 'utf8')) as { version: string }).version === version) return;
  } catch {
    /* not installed */
  }
  log(`installing postgraphile@${version} into ${path.relative(REPO_ROOT, CACHE_DIR)} (first run only)`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  if (!fs.existsSync(path.join(CACHE_DIR, 'package.json'))) {
    fs.writeFileSync(path.join(CACHE_DIR, 'package.json'), '{ "private": true }\n');
  }
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      CACHE_DIR,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `postgraphile@${version}`,
      'pg@^8.16.0',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

function startServer(options: Options, dataDir: string, port: number, pgPort: number): ManagedProcess {
  const node = process.env.BENCH_SERVER_NODE || process.execPath;
  // BENCH_SERVER_FLAGS: extra Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return start('server', node, [...flags, SERVER_MAIN], {
    NODE_ENV: options.nodeEnv,
    HOST: '127.0.0.1',
    PORT: String(port),
    PG_PORT: String(pgPort),
    PG_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'true',
    DEMO_ACCOUNTS: 'false',
  });
}

async function healthy(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok;
}

async function startPostGraphile(
  options: Options,
  name: string,
  port: number,
  url: string,
  settings: Record<string, string> | null,
): Promise<ManagedProcess> {
  const proc = start(
    name,
    process.execPath,
    ['--disable-warning=ExperimentalWarning', path.join(BENCH_DIR, 'postgraphile', 'server.ts')],
    {
      NODE_ENV: options.nodeEnv,
      PGL_CACHE: CACHE_DIR,
      PGL_PORT: String(port),
      PGL_DATABASE_URL: url,
      PGL_SETTINGS: settings ? JSON.stringify(settings) : '',
    },
  );
  const probe = new GraphQLClient(`http://127.0.0.1:${port}/graphql`, null, 1);
  await waitUntil(
    proc,
    () => probe.request({ query: '{ __typename }', signedIn: false }).then(() => true),
    120_000,
  );
  probe.close();
  return proc;
}

/** A city admin with a session, written directly as the owner (demo accounts are off in production). */
async function createBenchUser(db: PgClient): Promise<{ userId: string; token: string; tokenHash: Buffer }> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = createHash('sha256').update(token, 'utf8').digest();
  const { rows } = await db.query<{ id: string }>(
    // Not the hash of any password: the account cannot sign in, only its session works.
    `INSERT INTO app_user (username, display_name, password_hash)
     VALUES ('bench-city', '基准测试（市级）', '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hiZW5jaA$bm90LWEtcGFzc3dvcmQtaGFzaA')
     RETURNING id`,
  );
  const userId = rows[0]!.id;
  await db.query(`INSERT INTO user_grant (user_id, role) VALUES ($1, 'CITY_ADMIN')`, [userId]);
  await db.query(
    `INSERT INTO user_session (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '2 days')`,
    [userId, tokenHash],
  );
  return { userId, token, tokenHash };
}

async function lookupIds(
  db: PgClient,
  user: { userId: string; token: string; tokenHash: Buffer },
): Promise<Ids> {
  const { rows } = await db.query<{ city: string; wulong: string; hr: string }>(
    `SELECT (SELECT id FROM plan WHERE code = 'CQ-2021-GUIDANCE') AS city,
            (SELECT id FROM plan WHERE code = 'WULONG-2019') AS wulong,
            (SELECT o.id FROM organisation o JOIN district d ON d.id = o.district_id
              WHERE d.name = '武隆区' AND o.name = '区人力社保局') AS hr`,
  );
  const row = rows[0];
  if (!row?.city || !row.wulong || !row.hr)
    throw new Error('the seeded plans are missing (did the seed run?)');
  return { cityPlanId: row.city, wulongPlanId: row.wulong, wulongHrId: row.hr, ...user };
}

function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
  } catch {
    /* not a git checkout */
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    commit,
  };
}

/**
 * The machine's speed at the moment: milliseconds of a fixed integer loop on one core. This machine
 * is shared: the same loop took from 440 to 790 ms within one hour, and every figure of a run moves
 * with it, so each run records it at its start and end (compare runs only at a similar speed).
 */
function cpuCalibrationMs(): number {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 300_000_000; i++) x += i % 7;
  if (x < 0) throw new Error('unreachable');
  return Math.round(performance.now() - t0);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  installCleanup();
  const began = performance.now();
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const calibrationAtStart = cpuCalibrationMs();
  const operations = options.operations.length
    ? OPERATIONS.filter((op) => options.operations.includes(op.name))
    : OPERATIONS;
  if (!operations.length)
    throw new Error(`--operations: none of ${OPERATIONS.map((o) => o.name).join(', ')}`);
  if (!fs.existsSync(SERVER_MAIN))
    throw new Error(`${SERVER_MAIN} is missing: build the server first (pnpm bench does)`);
  const wantsPgl = options.targets.some((t) => t.startsWith('postgraphile'));
  if (wantsPgl) ensurePostGraphile(options.postgraphileVersion);

  const dataDir = path.join(REPO_ROOT, 'test', '.data', `bench-${randomBytes(4).toString('hex')}`);
  ownDataDir(dataDir, !options.keepData); // removed at the end, after an error or Ctrl-C too
  const port = options.port || (await freePort());
  const pgPort = options.pgPort || (await freePort());
  const serverUrl = `http://127.0.0.1:${port}`;
  log(
    `scale ×${options.scale}, ${options.rounds} rounds × ${options.durationMs} ms per cell, concurrency ${options.concurrency.join(',')}`,
  );
  log(
    `data folder ${path.relative(REPO_ROOT, dataDir)}; server ${serverUrl}; PostgreSQL 127.0.0.1:${pgPort}`,
  );

  // 1. First start: initdb, migrations, seed of the source documents.
  let t0 = performance.now();
  let server = startServer(options, dataDir, port, pgPort);
  await waitUntil(server, () => healthy(`${serverUrl}/healthz`), 180_000);
  const firstStartMs = performance.now() - t0;
  log(`first start (initdb, migrations, seed) ${Math.round(firstStartMs)} ms`);
  OWNER.password = fs.readFileSync(path.join(dataDir, 'skills-superuser-password'), 'utf8').trim();

  // 2. As the owner: pg_stat_statements for the next start, scale, ANALYZE, the bench user.
  const owner = new pg.Client({ connectionString: pgUrl(OWNER, pgPort) });
  owner.on('error', () => undefined); // a shutdown under way; the query in flight rejects
  await owner.connect();
  await owner.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await owner.query(`ALTER SYSTEM SET pg_stat_statements.track = 'top'`);
  t0 = performance.now();
  const inserted = await scaleData(owner, options.scale);
  const scaleMs = performance.now() - t0;
  log(`sample and scale ×${options.scale} in ${Math.round(scaleMs)} ms: ${JSON.stringify(inserted)}`);
  const user = await createBenchUser(owner);
  await owner.query('ANALYZE');
  const counts = await tableCounts(owner);
  log(`rows: ${JSON.stringify(counts)}`);
  await owner.end();

  // 3. Restart (loads pg_stat_statements); measures a warm start.
  await server.stop('SIGINT');
  t0 = performance.now();
  server = startServer(options, dataDir, port, pgPort);
  await waitUntil(server, () => healthy(`${serverUrl}/healthz`), 180_000);
  const warmStartMs = performance.now() - t0;
  log(`warm start ${Math.round(warmStartMs)} ms`);
  const admin = new pg.Client({ connectionString: pgUrl(OWNER, pgPort) });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const ids = await lookupIds(admin, user);
  const postmaster = postmasterPid(dataDir);
  const rssAfterStart: Partial<Record<Target, number>> = { server: rssMb(server.pid) };

  // 4. PostGraphile as the owner (no RLS: superuser) and as the application role under the policies.
  const processes: Partial<Record<Target, ManagedProcess>> = { server };
  const urls: Partial<Record<Target, string>> = { server: `${serverUrl}/graphql` };
  if (options.targets.includes('postgraphile')) {
    const p = options.postgraphilePort || (await freePort());
    processes.postgraphile = await startPostGraphile(options, 'postgraphile', p, pgUrl(OWNER, pgPort), null);
    urls.postgraphile = `http://127.0.0.1:${p}/graphql`;
  }
  if (options.targets.includes('postgraphile-rls')) {
    const p = await freePort();
    processes['postgraphile-rls'] = await startPostGraphile(
      options,
      'postgraphile-rls',
      p,
      pgUrl(APP, pgPort),
      cityScope(ids.userId),
    );
    urls['postgraphile-rls'] = `http://127.0.0.1:${p}/graphql`;
  }
  for (const t of ['postgraphile', 'postgraphile-rls'] as const) {
    if (processes[t]) rssAfterStart[t] = rssMb(processes[t].pid);
  }
  log(`targets: ${options.targets.join(', ')}`);

  const maxConcurrency = Math.max(...options.concurrency);
  const graphql: Partial<Record<Target, GraphQLClient>> = {};
  for (const t of ['server', 'postgraphile', 'postgraphile-rls'] as const) {
    if (urls[t]) graphql[t] = new GraphQLClient(urls[t], ids.token, maxConcurrency);
  }
  const floors: Partial<Record<Target, FloorClient>> = {};
  if (options.targets.includes('floor-owner'))
    floors['floor-owner'] = new FloorClient(pgUrl(OWNER, pgPort), null, maxConcurrency);
  if (options.targets.includes('floor-app')) {
    floors['floor-app'] = new FloorClient(pgUrl(APP, pgPort), cityScope(ids.userId), maxConcurrency);
  }
  for (const f of Object.values(floors)) await f.warm(maxConcurrency);

  /** How a target runs an operation, and what it counts in the answer (null: no equivalent). */
  const sender = (target: Target, op: Operation): { send: Send; count: () => Promise<number> } | null => {
    const client = graphql[target];
    if (client) {
      const build = target === 'server' ? op.server : op.postgraphile;
      const counter = target === 'server' ? op.count.server : op.count.postgraphile;
      if (!build || !counter) return null;
      const request = build(ids);
      return {
        send: () => client.request(request),
        count: async () => counter((await client.request(request)).data),
      };
    }
    const floor = floors[target];
    if (!floor) return null;
    const request = op.floor(ids);
    return {
      send: () => floor.request(request),
      count: async () => op.count.floor(await floor.request(request)),
    };
  };

  // 5. Warm-up and checks: every (target, operation) answers without errors; its answer's size.
  const answerCounts: Record<string, Record<string, number | string>> = {};
  const runnable = new Map<string, Send>();
  for (const target of options.targets) {
    answerCounts[target] = {};
    for (const op of operations) {
      const s = sender(target, op);
      if (!s) continue;
      try {
        for (let i = 0; i < 3; i++) await s.send();
        answerCounts[target][op.name] = await s.count();
        runnable.set(`${target}/${op.name}`, s.send);
      } catch (error) {
        answerCounts[target][op.name] = `error: ${(error as Error).message.slice(0, 300)}`;
        log(`${target} ${op.name} fails, left out: ${(error as Error).message.slice(0, 300)}`);
      }
    }
  }

  // 6. SQL statements per request (pg_stat_statements, top-level statements of the database).
  const statements: Record<string, Record<string, number>> = {};
  for (const target of options.targets) {
    statements[target] = {};
    for (const op of operations) {
      const send = runnable.get(`${target}/${op.name}`);
      if (!send) continue;
      await admin.query('SELECT pg_stat_statements_reset()');
      for (let i = 0; i < options.statementSamples; i++) await send();
      const { rows } = await admin.query<{ calls: string }>(
        `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT ILIKE '%pg_stat_statements%'`,
      );
      statements[target][op.name] = Number(rows[0]?.calls ?? 0) / options.statementSamples;
    }
  }
  log('statements per request counted');

  // 7. Measurement rounds, interleaved: round → operation → concurrency → target (rotated per round).
  interface Acc {
    latencies: number[];
    roundP50: number[];
    requests: number;
    errors: number;
    firstError: string | null;
    wallMs: number;
    cpuMs: number;
    dbCpuMs: number;
  }
  const acc = new Map<string, Acc>();
  const peakRss: Partial<Record<Target, number>> = { ...rssAfterStart };
  const cpuOf = (target: Target) => {
    const proc = processes[target];
    if (proc) return cpuMs(proc.pid);
    const usage = process.cpuUsage(); // the floor runs in this process: pg's client-side work
    return (usage.user + usage.system) / 1000;
  };
  for (let round = 0; round < options.rounds; round++) {
    const roundStart = performance.now();
    for (const op of operations) {
      for (const concurrency of options.concurrency) {
        const order = options.targets.map((_, i) => options.targets[(i + round) % options.targets.length]!);
        for (const target of order) {
          const send = runnable.get(`${target}/${op.name}`);
          if (!send) continue;
          graphql[target]?.resetConnections();
          const cpu0 = cpuOf(target);
          const db0 = postgresCpu(postmaster);
          const run = await runCell(
            send,
            concurrency,
            options.maxRequests,
            options.durationMs,
            options.minRequests,
          );
          const key = `${target}/${op.name}/${concurrency}`;
          const a = acc.get(key) ?? {
            latencies: [],
            roundP50: [],
            requests: 0,
            errors: 0,
            firstError: null,
            wallMs: 0,
            cpuMs: 0,
            dbCpuMs: 0,
          };
          a.latencies.push(...run.latencies);
          const p50 = percentile(run.latencies, 50);
          if (p50 !== null) a.roundP50.push(p50);
          a.requests += run.latencies.length;
          a.errors += run.errors;
          a.firstError ??= run.firstError;
          a.wallMs += run.wallMs;
          a.cpuMs += cpuOf(target) - cpu0;
          a.dbCpuMs += postgresCpuSince(db0, postgresCpu(postmaster));
          acc.set(key, a);
          const proc = processes[target];
          if (proc) peakRss[target] = Math.max(peakRss[target] ?? 0, rssMb(proc.pid));
        }
      }
    }
    log(
      `round ${round + 1}/${options.rounds} done in ${Math.round((performance.now() - roundStart) / 1000)} s`,
    );
  }

  const cells = [...acc.entries()].map(([key, a]) => {
    const [target, operation, concurrency] = key.split('/') as [Target, string, string];
    return {
      target,
      operation,
      concurrency: Number(concurrency),
      requests: a.requests,
      errors: a.errors,
      firstError: a.firstError,
      p50: round2(percentile(a.latencies, 50)),
      p95: round2(percentile(a.latencies, 95)),
      p99: round2(percentile(a.latencies, 99)),
      roundP50: a.roundP50.map((v) => round2(v)!),
      requestsPerSecond: round2(a.requests / (a.wallMs / 1000)),
      cpuMsPerRequest: a.requests ? round2(a.cpuMs / a.requests) : null,
      dbCpuMsPerRequest: a.requests ? round2(a.dbCpuMs / a.requests) : null,
    };
  });
  for (const t of Object.keys(processes) as Target[]) peakRss[t] = round2(peakRss[t] ?? 0)!;
  for (const t of Object.keys(rssAfterStart) as Target[]) rssAfterStart[t] = round2(rssAfterStart[t] ?? 0)!;

  for (const client of Object.values(graphql)) client.close();
  for (const floor of Object.values(floors)) await floor.close();
  await admin.end();

  const results: Results = {
    generatedAt: new Date().toISOString(),
    options: {
      scale: options.scale,
      rounds: options.rounds,
      durationMs: options.durationMs,
      maxRequests: options.maxRequests,
      minRequests: options.minRequests,
      concurrency: options.concurrency,
      statementSamples: options.statementSamples,
      nodeEnv: options.nodeEnv,
      postgraphile: options.postgraphileVersion,
    },
    machine: {
      ...machine(),
      loadAverageAtStart: loadAtStart,
      calibrationMs: [calibrationAtStart, cpuCalibrationMs()],
      serverNode: execFileSync(process.env.BENCH_SERVER_NODE || process.execPath, ['--version'])
        .toString()
        .trim(),
      benchNode: process.version,
    },
    data: { rows: counts, inserted, scaleMs: Math.round(scaleMs) },
    startup: { firstStartMs: Math.round(firstStartMs), warmStartMs: Math.round(warmStartMs) },
    operations: operations.map((o) => ({ name: o.name, description: o.description })),
    targets: options.targets,
    answerCounts,
    statements,
    rssMb: { afterStart: rssAfterStart, peak: peakRss },
    cells,
    totalSeconds: 0,
  };
  results.totalSeconds = Math.round((performance.now() - began) / 1000);
  const { markdown, worstLine } = writeReports(results, options.outDir);
  console.log(`\n${markdown.trimEnd().split('\n').slice(0, -1).join('\n').trimEnd()}\n`);
  await cleanup();
  console.log(worstLine);
}

main().catch(async (error: unknown) => {
  if (stopping()) return; // Ctrl-C: the signal handler cleans up and exits
  console.error(`bench: ${(error as Error).stack ?? String(error)}`);
  await cleanup();
  process.exit(1);
});
