import path from 'node:path';
import { REPO_ROOT } from './pg.ts';

export const TARGETS = ['server', 'floor-owner', 'floor-app', 'postgraphile', 'postgraphile-rls'] as const;
export type Target = (typeof TARGETS)[number];

export interface Options {
  /** Data ×N: 1 = the seeded documents; N copies the plans N−1 times (scale.ts). */
  scale: number;
  /** Measurement rounds; every round runs every (operation, concurrency, target) once, interleaved. */
  rounds: number;
  /** Time budget of one (operation, concurrency, target) cell per round. */
  durationMs: number;
  /** Request cap of one cell per round. */
  maxRequests: number;
  /** Requests of one cell per round however long they take (so that slow operations get a p95). */
  minRequests: number;
  concurrency: number[];
  targets: Target[];
  /** Operation names (operations.ts); empty = all. */
  operations: string[];
  /** Sequential requests per (target, operation) when counting SQL statements. */
  statementSamples: number;
  /** NODE_ENV of this server and PostGraphile. */
  nodeEnv: string;
  /** PostGraphile version installed into the cache folder. */
  postgraphileVersion: string;
  outDir: string;
  keepData: boolean;
  /** Fixed ports (0 = any free port). */
  port: number;
  pgPort: number;
  postgraphilePort: number;
}

const HELP = `Usage: pnpm bench [options]   (every option also reads an environment variable)

  --scale N            data ×N: 1 (seed), 10, 100…                 BENCH_SCALE        (1)
  --rounds N           measurement rounds, interleaved             BENCH_ROUNDS       (3)
  --duration MS        time per cell (operation × concurrency ×    BENCH_DURATION_MS  (500)
                       target) and round
  --max-requests N     request cap per cell and round              BENCH_MAX_REQUESTS (400)
  --min-requests N     requests per cell and round however long    BENCH_MIN_REQUESTS (20)
                       they take (p95 of slow operations)
  --concurrency LIST   e.g. 1,10                                   BENCH_CONCURRENCY  (1,10)
  --targets LIST       ${TARGETS.join(',')}
                                                                   BENCH_TARGETS      (all)
  --operations LIST    operation names (test/bench/operations.ts)  BENCH_OPERATIONS   (all)
  --statement-samples N                                            BENCH_STATEMENT_SAMPLES (5)
  --node-env ENV       NODE_ENV of the servers                     BENCH_NODE_ENV     (production)
  --postgraphile V     PostGraphile version                        BENCH_POSTGRAPHILE (5.1.5)
  --out DIR            results folder                              BENCH_OUT          (test/bench/results)
  --port / --pg-port / --postgraphile-port N   fixed loopback ports (default: free ports)
                                                                   BENCH_PORT, BENCH_PG_PORT, BENCH_POSTGRAPHILE_PORT
  --keep-data          keep the data folder (test/.data/bench-*)   BENCH_KEEP_DATA
`;

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name}: expected a whole number, got ${JSON.stringify(value)}`);
  return n;
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg} (see --help)`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (key === 'keep-data') {
      flags.set(key, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    flags.set(key, value);
  }
  const get = (flag: string, variable: string, fallback: string) =>
    flags.get(flag) ?? env[variable] ?? fallback;
  const known = [
    'scale',
    'rounds',
    'duration',
    'max-requests',
    'min-requests',
    'concurrency',
    'targets',
    'operations',
    'statement-samples',
    'node-env',
    'postgraphile',
    'out',
    'keep-data',
    'port',
    'pg-port',
    'postgraphile-port',
  ];
  for (const key of flags.keys())
    if (!known.includes(key)) throw new Error(`unknown option --${key} (see --help)`);

  const targets = list(get('targets', 'BENCH_TARGETS', TARGETS.join(',')));
  for (const t of targets) {
    if (!(TARGETS as readonly string[]).includes(t)) throw new Error(`--targets: unknown target ${t}`);
  }
  if (!targets.includes('server')) targets.unshift('server'); // the ratios are against it
  const scale = positive('--scale', get('scale', 'BENCH_SCALE', '1'));
  if (scale < 1) throw new Error('--scale: at least 1');
  const concurrency = list(get('concurrency', 'BENCH_CONCURRENCY', '1,10')).map((c) =>
    positive('--concurrency', c),
  );
  if (!concurrency.length || concurrency.some((c) => c < 1)) throw new Error('--concurrency: e.g. 1,10');
  return {
    scale,
    rounds: Math.max(1, positive('--rounds', get('rounds', 'BENCH_ROUNDS', '3'))),
    durationMs: Math.max(50, positive('--duration', get('duration', 'BENCH_DURATION_MS', '500'))),
    maxRequests: Math.max(1, positive('--max-requests', get('max-requests', 'BENCH_MAX_REQUESTS', '400'))),
    minRequests: positive('--min-requests', get('min-requests', 'BENCH_MIN_REQUESTS', '20')),
    concurrency,
    targets: targets as Target[],
    operations: list(get('operations', 'BENCH_OPERATIONS', '')),
    statementSamples: Math.max(
      1,
      positive('--statement-samples', get('statement-samples', 'BENCH_STATEMENT_SAMPLES', '5')),
    ),
    nodeEnv: get('node-env', 'BENCH_NODE_ENV', 'production'),
    postgraphileVersion: get('postgraphile', 'BENCH_POSTGRAPHILE', '5.1.5'),
    outDir: path.resolve(REPO_ROOT, get('out', 'BENCH_OUT', 'test/bench/results')),
    keepData: ['1', 'true', 'yes'].includes(get('keep-data', 'BENCH_KEEP_DATA', 'false')),
    port: positive('--port', get('port', 'BENCH_PORT', '0')),
    pgPort: positive('--pg-port', get('pg-port', 'BENCH_PG_PORT', '0')),
    postgraphilePort: positive(
      '--postgraphile-port',
      get('postgraphile-port', 'BENCH_POSTGRAPHILE_PORT', '0'),
    ),
  };
}
