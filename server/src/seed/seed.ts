import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';

/**
 * On the first start against an empty database, loads the shipped source documents through the
 * importer (and, outside production, the demo accounts). Later starts keep the data as users left it.
 */
export async function seedOnFirstStart(
  _dataSource: DataSource,
  _config: AppConfig,
  log: Logger,
): Promise<void> {
  log.debug('seed: nothing to load yet');
}
