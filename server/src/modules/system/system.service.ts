import type { RequestContext } from '../../context/context';
import type { SystemStatus } from './system.types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../package.json') as { version: string };
const startedAt = new Date();

/** Reads the server version, the newest applied migration and the PostgreSQL version. */
export async function systemStatus(ctx: RequestContext): Promise<SystemStatus> {
  const [row] = (await ctx.db.query(
    `SELECT current_setting('server_version') AS "databaseVersion",
            (SELECT name FROM migrations ORDER BY id DESC LIMIT 1) AS "latestMigration"`,
  )) as { databaseVersion: string; latestMigration: string | null }[];
  return {
    version,
    startedAt,
    databaseVersion: row?.databaseVersion ?? 'unknown',
    latestMigration: row?.latestMigration ?? undefined,
  };
}
