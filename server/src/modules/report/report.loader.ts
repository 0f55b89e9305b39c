import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { loaderById, loaderOfChildren, whereInScope } from '../../db/scoped';
import { ReportingPeriod } from './period.entity';
import { ProgressReport, ProgressReportEvent, ProgressReportItem } from './report.entity';

/**
 * Loaders of the report module, within the request's district scope. Which reports an organisation
 * may read is decided where reports are found (report.service.ts, report.query.ts); these loaders
 * serve rows hanging off a report already read.
 */
export interface ReportLoaders {
  periodById: DataLoader<string, ReportingPeriod | null>;
  /** Reports by id, WITHOUT the organisation check: only for ids the caller already may read. */
  reportById: DataLoader<string, ProgressReport | null>;
  itemsOfReport: DataLoader<string, ProgressReportItem[]>;
  /** History of a report, by version. */
  eventsOfReport: DataLoader<string, ProgressReportEvent[]>;
}

export function createReportLoaders(db: () => EntityManager, scope: TenantScope): ReportLoaders {
  const scoped = <T extends ObjectLiteral>(entity: new () => T, alias: string) =>
    whereInScope(
      db().getRepository(entity).createQueryBuilder(alias).comment(PREPARED),
      `${alias}.districtId`,
      scope,
    );
  return {
    periodById: loaderById((ids) =>
      scoped(ReportingPeriod, 'p').andWhere('p.id = ANY(:ids)', { ids }).getMany(),
    ),
    reportById: loaderById((ids) =>
      scoped(ProgressReport, 'r').andWhere('r.id = ANY(:ids)', { ids }).getMany(),
    ),
    itemsOfReport: loaderOfChildren(
      (reportIds) =>
        scoped(ProgressReportItem, 'i').andWhere('i.reportId = ANY(:reportIds)', { reportIds }).getMany(),
      (item) => item.reportId,
    ),
    eventsOfReport: loaderOfChildren(
      (reportIds) =>
        scoped(ProgressReportEvent, 'e')
          .andWhere('e.reportId = ANY(:reportIds)', { reportIds })
          .orderBy('e.version')
          .getMany(),
      (event) => event.reportId,
    ),
  };
}
