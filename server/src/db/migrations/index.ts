import { DomainModel1795300000000 } from './1795300000000-domain-model';
import { AssigneeCategory1795300000100 } from './1795300000100-assignee-category';
import { Auth1795300000200 } from './1795300000200-auth';
import { RowLevelSecurity1795300000300 } from './1795300000300-row-level-security';
import { HoistedRowLevelSecurity1795300000400 } from './1795300000400-hoisted-row-level-security';
import { SessionViewer1795300000410 } from './1795300000410-session-viewer';
import { WorkFoundation1795300001000 } from './1795300001000-work-foundation';
import { Reporting1795300001100 } from './1795300001100-reporting';
import { DutyUpkeep1795300001200 } from './1795300001200-duty-upkeep';
import { Monitoring1795300001300 } from './1795300001300-monitoring';
import { Institutions1795300001400 } from './1795300001400-institutions';
import { SessionAccount1795300001500 } from './1795300001500-session-account';
import { ReportFigures1795300001600 } from './1795300001600-report-figures';
import { ReportFigureDueDates1795300001700 } from './1795300001700-report-figure-due-dates';

/**
 * Migrations in the order they run (sorted by timestamp). `synchronize` is never used: a schema
 * change is a new migration file here (README: "Adding a module").
 */
export const migrations: Function[] = [
  DomainModel1795300000000,
  AssigneeCategory1795300000100,
  Auth1795300000200,
  RowLevelSecurity1795300000300,
  HoistedRowLevelSecurity1795300000400,
  SessionViewer1795300000410,
  WorkFoundation1795300001000,
  Reporting1795300001100,
  DutyUpkeep1795300001200,
  Monitoring1795300001300,
  Institutions1795300001400,
  SessionAccount1795300001500,
  ReportFigures1795300001600,
  ReportFigureDueDates1795300001700,
];
