import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const SERVER_MAIN = path.join(REPO_ROOT, 'server', 'dist', 'main.js');

export interface Product {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A fresh data folder for one product instance (removed by the caller). */
export function newDataDir(): string {
  const dir = path.join(REPO_ROOT, 'test', '.data', `pg-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  return dir;
}

/**
 * Runs the built server as `pnpm start` does (node server/dist/main.js), on free ports, and waits
 * until it answers /healthz.
 */
export async function startProduct(env: Record<string, string>, timeoutMs = 150_000): Promise<Product> {
  const port = await freePort();
  const pgPort = await freePort();
  let output = '';
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: String(port), PG_PORT: String(pgPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server expecting it to fail at start-up; resolves with its exit code and output. */
export async function runFailingStart(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** Whether any process still runs PostgreSQL on `dataDir`. */
export function postgresRunningOn(dataDir: string): boolean {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('postgres') && cmd.includes(dataDir)) return true;
    } catch {
      /* process ended */
    }
  }
  return false;
}

export interface HttpGraphQLResult<T> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

export async function graphql<T>(
  url: string,
  query: string,
  variables?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpGraphQLResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as HttpGraphQLResult<T>['body'],
  };
}
