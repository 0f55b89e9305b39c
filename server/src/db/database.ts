import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded';

export const EMBEDDED_DATABASE = 'skills';

export interface DatabaseLocation {
  /** Owner URL: runs migrations and the importer at start-up. */
  ownerUrl: string;
  /** The embedded cluster when the server started one; stopped on shutdown. */
  embedded?: EmbeddedPostgresHandle;
}

/**
 * Where the data lives: `DATABASE_URL` when set, else an embedded PostgreSQL in `PG_DATA_DIR`.
 */
export async function locateDatabase(config: AppConfig, log: Logger): Promise<DatabaseLocation> {
  if (config.DATABASE_URL) return { ownerUrl: config.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.PG_DATA_DIR,
    port: config.PG_PORT,
    log,
    databases: [EMBEDDED_DATABASE],
  });
  return { ownerUrl: embedded.url(EMBEDDED_DATABASE), embedded };
}
