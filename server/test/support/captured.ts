import { vi } from 'vitest';

/** Runs a CLI in-process (create-admin, import) with its console and stdout output captured. */
export async function captured(
  run: () => Promise<number>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    out += `${parts.join(' ')}\n`;
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    err += `${parts.join(' ')}\n`;
  });
  try {
    return { code: await run(), out, err };
  } finally {
    log.mockRestore();
    write.mockRestore();
    error.mockRestore();
  }
}
