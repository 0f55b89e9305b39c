import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Every process the benchmark starts, and the embedded PostgreSQL data folders it owns: stopped on
 * normal exit, on error and on Ctrl-C (see {@link installCleanup}).
 */
const children = new Set<ManagedProcess>();
const dataDirs = new Map<string, { remove: boolean }>();

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Sends `signal` (SIGINT: the server drains and stops its PostgreSQL), SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

export function start(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): ManagedProcess {
  if (cleaning) throw new Error(`not starting ${name}: the benchmark is stopping`);
  let output = '';
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const managed: ManagedProcess = {
    name,
    child,
    pid: child.pid,
    output: () => output,
    stop: async (signal = 'SIGINT', graceMs = 20_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        children.delete(managed);
        return code;
      }
      children.delete(managed);
      return child.exitCode;
    },
  };
  children.add(managed);
  void exited.then(() => children.delete(managed));
  return managed;
}

/** Polls `probe` until it resolves true; fails when the process exits or after `timeoutMs`. */
export async function waitUntil(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) {
      throw new Error(`${proc.name} exited with ${proc.child.exitCode}:\n${proc.output().slice(-4000)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${proc.name} did not answer within ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Registers an embedded PostgreSQL data folder whose postmaster must not outlive the benchmark;
 * `remove`: delete the folder once it is stopped.
 */
export function ownDataDir(dir: string, remove: boolean): void {
  dataDirs.set(dir, { remove });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The postmaster pid of a data folder, if one runs. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

let cleaning: Promise<void> | null = null;

/** Whether the benchmark is stopping (after Ctrl-C, an error or the end). */
export const stopping = () => cleaning !== null;

/** Stops every started process (SIGINT, then SIGKILL) and any postmaster left on our data folders. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((p) => p.stop('SIGINT', 15_000).catch(() => null)));
    for (const [dir, { remove }] of dataDirs) {
      const pid = postmasterPid(dir);
      if (pid !== null) {
        process.kill(pid, 'SIGINT'); // fast shutdown
        for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
      if (remove) fs.rmSync(dir, { recursive: true, force: true });
    }
  })();
  return cleaning;
}

/** Ctrl-C, SIGTERM and uncaught errors stop everything we started before exiting. */
export function installCleanup(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}: stopping the processes it started…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.on('uncaughtException', (error) => {
    if (cleaning) return; // connections dropped by the shutdown under way
    console.error('bench: uncaught error:', error);
    void cleanup().finally(() => process.exit(1));
  });
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) of one process, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), 1-based: 14 utime, 15 stime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident set size (MB) of one process. */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** CPU time (ms) of a postmaster and each of its backends, by pid. */
export function postgresCpu(postmaster: number | null): Map<number, number> {
  const byPid = new Map<number, number>();
  if (postmaster === null) return byPid;
  byPid.set(postmaster, cpuMs(postmaster));
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === postmaster) byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      /* ended */
    }
  }
  return byPid;
}

/**
 * CPU (ms) PostgreSQL spent between two snapshots: backends alive at the end, from their CPU at
 * the start (0 when they started since). Backends that exited in between are not counted (pools
 * close idle connections), which is why it is not a plain difference of sums.
 */
export function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
