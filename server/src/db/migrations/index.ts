/**
 * Migrations in the order they run. `synchronize` is never used: a schema change is a new migration
 * file here (README: "Changing the database").
 */
export const migrations: Function[] = [];
