import { DomainModel1795300000000 } from './1795300000000-domain-model';
import { AssigneeCategory1795300000100 } from './1795300000100-assignee-category';
import { Auth1795300000200 } from './1795300000200-auth';
import { RowLevelSecurity1795300000300 } from './1795300000300-row-level-security';
import { WorkFoundation1795300001000 } from './1795300001000-work-foundation';
import { Institutions1795300001400 } from './1795300001400-institutions';

/**
 * Migrations in the order they run (sorted by timestamp). `synchronize` is never used: a schema
 * change is a new migration file here (README: "Adding a module").
 */
export const migrations: Function[] = [
  DomainModel1795300000000,
  AssigneeCategory1795300000100,
  Auth1795300000200,
  RowLevelSecurity1795300000300,
  WorkFoundation1795300001000,
  Institutions1795300001400,
];
