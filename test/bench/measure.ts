import { performance } from 'node:perf_hooks';
import type { Send } from './clients.ts';

export interface CellRun {
  latencies: number[];
  errors: number;
  firstError: string | null;
  wallMs: number;
}

/**
 * Runs `send` from `concurrency` callers until `maxRequests` were issued or `durationMs` passed
 * (requests in flight then finish), but not before `minRequests` were issued: a slow operation
 * (the city dashboard at ×100, about 130 ms) would otherwise have its p95 taken from four samples
 * a round. Bounded in count; in time by `durationMs` or `minRequests` requests.
 */
export async function runCell(
  send: Send,
  concurrency: number,
  maxRequests: number,
  durationMs: number,
  minRequests = 1,
): Promise<CellRun> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let issued = 0;
  const start = performance.now();
  const caller = async () => {
    while (issued < maxRequests && (issued < minRequests || performance.now() - start < durationMs)) {
      issued++;
      const t0 = performance.now();
      try {
        await send();
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { latencies, errors, firstError, wallMs: performance.now() - start };
}

/** Nearest-rank percentile (p in 0–100) of unsorted samples; null for none. */
export function percentile(samples: number[], p: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
