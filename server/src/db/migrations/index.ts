import { DomainModel1795300000000 } from './1795300000000-domain-model';

/**
 * Migrations in the order they run. `synchronize` is never used: a schema change is a new migration
 * file here (README: "Adding a module").
 */
export const migrations: Function[] = [DomainModel1795300000000];
