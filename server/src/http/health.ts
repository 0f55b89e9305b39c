import type { Express } from 'express';
import type { DataSource } from 'typeorm';

/** What the health answers know about the embedded PostgreSQL (db/embedded.ts), when there is one. */
export interface DatabaseWatch {
  /** 'running', 'restarting' (died, being started again) or 'stopped' (shut down). */
  state(): string;
  restarts(): number;
}

/** How long the readiness check waits for `SELECT 1`. */
const READY_TIMEOUT_MS = 2000;

async function databaseAnswers(dataSource: DataSource): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      dataSource.query('SELECT 1').then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Health endpoints for process managers and load balancers (docs/operations.md):
 * - `GET /livez`: liveness, 200 `{"ok":true}` while the process answers at all;
 * - `GET /healthz` and `GET /readyz`: readiness, 200 `{"ok":true,"database":"up"}` when PostgreSQL
 *   answers `SELECT 1` within 2 s, else 503 `{"ok":false,"database":"down"}`; with the embedded
 *   PostgreSQL also its state (`running`, `restarting`) and how often it was restarted.
 */
export function mountHealth(app: Express, dataSource: DataSource, watch?: DatabaseWatch): void {
  app.get('/livez', (_req, res) => {
    res.set('cache-control', 'no-store').json({ ok: true });
  });
  const ready = async (_req: unknown, res: import('express').Response) => {
    const up = await databaseAnswers(dataSource);
    res
      .status(up ? 200 : 503)
      .set('cache-control', 'no-store')
      .json({
        ok: up,
        database: up ? 'up' : 'down',
        ...(watch ? { embedded: watch.state(), restarts: watch.restarts() } : {}),
      });
  };
  app.get('/healthz', ready);
  app.get('/readyz', ready);
}

/** Paths the request log leaves out (probes every few seconds would drown it). */
export const HEALTH_PATHS = new Set(['/livez', '/healthz', '/readyz']);
