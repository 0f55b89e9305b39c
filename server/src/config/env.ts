import path from 'node:path';
import { z } from 'zod';

/** The repository root (server/dist/config or server/src/config → ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a port number' })
    .int('expected a whole number')
    .min(1, 'expected a port between 1 and 65535')
    .max(65535, 'expected a port between 1 and 65535')
    .default(fallback);

const postgresUrl = z
  .string()
  .url('expected a URL such as postgres://user:pass@host:5432/db')
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'expected a postgres:// or postgresql:// URL');

/**
 * Every setting the server reads, validated once at start-up. README.md lists them.
 * A bad value stops the server with a message naming the variable (see {@link loadConfig}).
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** External PostgreSQL (owner role: runs migrations). Unset: the embedded server is started. */
  DATABASE_URL: postgresUrl.optional(),
  /** Role the API connects as (neither superuser nor owner). Unset: derived, see db/roles.ts. */
  DATABASE_APP_URL: postgresUrl.optional(),
  /** Data folder of the embedded PostgreSQL. */
  PG_DATA_DIR: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, '.data', 'postgres')),
  /** Port of the embedded PostgreSQL. */
  PG_PORT: port(54329),
  /** Load the source documents on first start (empty database). */
  SEED_ON_START: bool.default(true),
  /** Create the demo accounts listed in README (never in production). */
  DEMO_ACCOUNTS: bool.optional(),
  /** Hours a sign-in session lives. */
  SESSION_TTL_HOURS: z.coerce
    .number({ message: 'expected a number of hours' })
    .positive()
    .max(24 * 30)
    .default(12),
  /** Folder of the built admin client; served at / when it exists. */
  CLIENT_DIST: z.string().default(path.join(REPO_ROOT, 'client', 'dist')),
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  COOKIE_SECURE: bool.optional(),
});

export type AppConfig = z.infer<typeof envSchema> & { demoAccounts: boolean; cookieSecure: boolean };

/** A configuration problem: printed as one line, then the process exits non-zero. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment. Throws {@link ConfigError} whose message names every bad variable,
 * e.g. `PORT: expected a whole number (got "abc")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${key}: ${issue.message} (got ${JSON.stringify(input[key])})`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  return {
    ...config,
    demoAccounts: config.DEMO_ACCOUNTS ?? config.NODE_ENV !== 'production',
    cookieSecure: config.COOKIE_SECURE ?? config.NODE_ENV === 'production',
  };
}
