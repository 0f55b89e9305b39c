import fs from 'node:fs';
import path from 'node:path';
import type { Target } from './options.ts';

export interface Cell {
  target: Target;
  operation: string;
  concurrency: number;
  requests: number;
  errors: number;
  firstError: string | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  roundP50: number[];
  requestsPerSecond: number | null;
  cpuMsPerRequest: number | null;
  dbCpuMsPerRequest: number | null;
}

export interface Results {
  generatedAt: string;
  options: Record<string, unknown>;
  machine: Record<string, unknown>;
  data: { rows: Record<string, number>; inserted: Record<string, number>; scaleMs: number };
  startup: { firstStartMs: number; warmStartMs: number };
  operations: { name: string; description: string }[];
  targets: Target[];
  answerCounts: Record<string, Record<string, number | string>>;
  statements: Record<string, Record<string, number>>;
  rssMb: { afterStart: Partial<Record<Target, number>>; peak: Partial<Record<Target, number>> };
  cells: Cell[];
  /** this server's p50 over the other's (concurrency 1) and its requests/s over the other's (highest concurrency). */
  ratios?: Record<string, Record<string, { latency: number | null; throughput: number | null }>>;
  worst?: Record<string, { ratio: number; operation: string } | null>;
  totalSeconds: number;
}

/** The comparisons of the closing line: name in the line → target. */
const WORST: [string, Target][] = [
  ['floor', 'floor-app'],
  ['postgraphile-rls', 'postgraphile-rls'],
  ['postgraphile', 'postgraphile'],
];

const f = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined
    ? '–'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function writeReports(results: Results, outDir: string): { markdown: string; worstLine: string } {
  const concurrencies = [...new Set(results.cells.map((c) => c.concurrency))].sort((a, b) => a - b);
  const low = concurrencies[0] ?? 1;
  const high = concurrencies[concurrencies.length - 1] ?? low;
  const cell = (target: Target, op: string, c: number) =>
    results.cells.find((x) => x.target === target && x.operation === op && x.concurrency === c);

  const ratios: NonNullable<Results['ratios']> = {};
  for (const other of results.targets.filter((t) => t !== 'server')) {
    ratios[other] = {};
    for (const { name } of results.operations) {
      const s1 = cell('server', name, low);
      const o1 = cell(other, name, low);
      const sH = cell('server', name, high);
      const oH = cell(other, name, high);
      ratios[other][name] = {
        latency: s1?.p50 && o1?.p50 ? Math.round((s1.p50 / o1.p50) * 100) / 100 : null,
        throughput:
          sH?.requestsPerSecond && oH?.requestsPerSecond
            ? Math.round((sH.requestsPerSecond / oH.requestsPerSecond) * 100) / 100
            : null,
      };
    }
  }
  const worst: NonNullable<Results['worst']> = {};
  for (const [label, target] of WORST) {
    let w: { ratio: number; operation: string } | null = null;
    for (const [operation, r] of Object.entries(ratios[target] ?? {})) {
      if (r.latency !== null && (!w || r.latency > w.ratio)) w = { ratio: r.latency, operation };
    }
    worst[label] = w;
  }
  results.ratios = ratios;
  results.worst = worst;

  const has = (t: Target) => results.targets.includes(t);
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `Scale ×${String(results.options.scale)} (${Object.entries(results.data.rows)
      .map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`)
      .join(
        ', ',
      )}); ${String(results.options.rounds)} rounds × ${String(results.options.durationMs)} ms per cell ` +
      `(at least ${String(results.options.minRequests ?? 1)} requests); ` +
      `NODE_ENV=${String(results.options.nodeEnv)}; ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${String(m.commit)}.`,
    `Machine: ${String(m.cpus)} cores (${String(m.cpuModel)}), ${String(m.memoryGb)} GB, ${String(m.os)}, ` +
      `load average (1/5/15 min) ${(m.loadAverageAtStart as number[]).join(' / ')} at the start, ` +
      `${(m.loadAverage as number[]).join(' / ')} at the end (other work on the machine inflates the figures); ` +
      (m.calibrationMs
        ? `a fixed loop took ${(m.calibrationMs as number[]).join(' ms at the start and ')} ms at the end (the machine's speed: compare runs of a similar one); `
        : '') +
      `server on Node ${String(m.serverNode)}, ` +
      `PostGraphile ${String(results.options.postgraphile)} on Node ${String(m.benchNode)}.`,
    '',
    `**Latency at concurrency ${low}** (ms; ×: this server's p50 over the other's p50):`,
    '',
  );
  const cols: [string, (op: string) => string][] = [
    ['operation', (op) => `\`${op}\``],
    ['SQL stmts', (op) => f(results.statements.server?.[op], 0)],
    ['server p50', (op) => f(cell('server', op, low)?.p50, 2)],
    ['p95', (op) => f(cell('server', op, low)?.p95, 2)],
    ['p99', (op) => f(cell('server', op, low)?.p99, 2)],
    ['CPU ms/req', (op) => f(cell('server', op, low)?.cpuMsPerRequest, 2)],
    ['DB CPU ms/req', (op) => f(cell('server', op, low)?.dbCpuMsPerRequest, 2)],
  ];
  for (const [target, label] of [
    ['floor-owner', 'floor owner'],
    ['floor-app', 'floor app'],
    ['postgraphile', 'PostGraphile'],
    ['postgraphile-rls', 'PostGraphile RLS'],
  ] as [Target, string][]) {
    if (!has(target)) continue;
    cols.push([`${label} p50`, (op) => f(cell(target, op, low)?.p50, 2)]);
  }
  for (const [target, label] of [
    ['floor-app', '× floor app'],
    ['postgraphile-rls', '× PG RLS'],
    ['postgraphile', '× PG'],
  ] as [Target, string][]) {
    if (!has(target)) continue;
    cols.push([label, (op) => f(ratios[target]?.[op]?.latency, 2)]);
  }
  const table = (columns: [string, (op: string) => string][]) => {
    lines.push(`| ${columns.map((c) => c[0]).join(' | ')} |`);
    lines.push(`| ${columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
    for (const { name } of results.operations)
      lines.push(`| ${columns.map((c) => c[1](name)).join(' | ')} |`);
  };
  table(cols);

  if (high !== low) {
    lines.push(
      '',
      `**Throughput at concurrency ${high}** (requests/s; ×: this server's over the other's):`,
      '',
    );
    const tcols: [string, (op: string) => string][] = [
      ['operation', (op) => `\`${op}\``],
      ['server req/s', (op) => f(cell('server', op, high)?.requestsPerSecond, 0)],
      ['p95 ms', (op) => f(cell('server', op, high)?.p95, 1)],
      ['CPU ms/req', (op) => f(cell('server', op, high)?.cpuMsPerRequest, 2)],
    ];
    for (const [target, label] of [
      ['floor-owner', 'floor owner'],
      ['floor-app', 'floor app'],
      ['postgraphile', 'PostGraphile'],
      ['postgraphile-rls', 'PostGraphile RLS'],
    ] as [Target, string][]) {
      if (!has(target)) continue;
      tcols.push([label, (op) => f(cell(target, op, high)?.requestsPerSecond, 0)]);
    }
    for (const [target, label] of [
      ['postgraphile-rls', '× PG RLS'],
      ['postgraphile', '× PG'],
    ] as [Target, string][]) {
      if (!has(target)) continue;
      tcols.push([label, (op) => f(ratios[target]?.[op]?.throughput, 2)]);
    }
    table(tcols);
  }

  lines.push(
    '',
    '**SQL statements per request** (pg_stat_statements, top level, including BEGIN/COMMIT):',
    '',
  );
  table([
    ['operation', (op) => `\`${op}\``],
    ...results.targets.map((t): [string, (op: string) => string] => [
      t,
      (op) => f(results.statements[t]?.[op], 1),
    ]),
  ]);
  lines.push(
    '',
    `RSS (MB) after start / peak: ${Object.keys(results.rssMb.peak)
      .map(
        (t) =>
          `${t} ${f(results.rssMb.afterStart[t as Target], 0)} / ${f(results.rssMb.peak[t as Target], 0)}`,
      )
      .join(
        '; ',
      )}. First start ${results.startup.firstStartMs.toLocaleString('en-US')} ms, warm start ${results.startup.warmStartMs.toLocaleString('en-US')} ms; whole run ${results.totalSeconds} s.`,
  );
  const errors = results.cells.filter((c) => c.errors > 0);
  if (errors.length) {
    lines.push(
      '',
      `Errors: ${errors.map((c) => `${c.target} ${c.operation} ×${c.concurrency}: ${c.errors} (${c.firstError ?? ''})`).join('; ')}`,
    );
  }
  const mismatches = results.operations.flatMap(({ name }) => {
    const values = results.targets.map((t) => results.answerCounts[t]?.[name]).filter((v) => v !== undefined);
    return new Set(values.map(String)).size > 1
      ? [
          `\`${name}\` ${results.targets.map((t) => `${t} ${String(results.answerCounts[t]?.[name] ?? '–')}`).join(', ')}`,
        ]
      : [];
  });
  if (mismatches.length)
    lines.push(
      '',
      `Answers that differ (the check of each operation in operations.ts): ${mismatches.join('; ')}.`,
    );

  const worstLine = `worst ratio: ${WORST.map(([label]) => {
    const w = worst[label];
    return `${label} ${w ? `${w.ratio.toFixed(2)} (${w.operation})` : 'n/a'}`;
  }).join(', ')}`;
  lines.push('', worstLine);
  const markdown = lines.join('\n') + '\n';

  fs.mkdirSync(outDir, { recursive: true });
  const base = results.options.scale === 1 ? 'latest' : `latest-x${String(results.options.scale)}`;
  fs.writeFileSync(path.join(outDir, `${base}.json`), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, `${base}.md`), markdown);
  return { markdown, worstLine };
}
