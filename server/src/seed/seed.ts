import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { ensureDemoAccounts, type DemoAccount } from './demo-accounts';
import { loadSourceDocuments } from './source-documents';
import { ensureAllPlanPeriods } from '../modules/report/period.service';

/**
 * First start: loads the shipped source documents through the importer when the database has no
 * districts yet; later starts keep the data as users left it. Outside production it then makes sure
 * the demo accounts of README exist (idempotent) and returns them, so the start-up can say how to
 * sign in. Runs as the owner role.
 */
export async function seedOnFirstStart(
  dataSource: DataSource,
  config: AppConfig,
  log: Logger,
): Promise<DemoAccount[]> {
  const rows = (await dataSource.query(`SELECT count(*)::int AS count FROM district`)) as { count: number }[];
  const count = rows[0]?.count ?? 0;
  if (count === 0) {
    log.info('first start: loading the source documents');
    await loadSourceDocuments(dataSource, log);
    // The planner's statistics of the data just loaded: the tables are too small for autovacuum to
    // analyse them soon, and without statistics the policies' district filters are planned blind.
    await dataSource.query('ANALYZE');
  } else {
    log.debug({ districts: count }, 'data present: source documents not loaded again');
  }
  // Every district plan has its reporting periods (idempotent; docs/reporting.md).
  const created = await ensureAllPlanPeriods(dataSource.manager);
  if (created) log.info({ created }, 'reporting periods created');
  return config.demoAccounts ? ensureDemoAccounts(dataSource, log, config) : [];
}
