import type { DataSource } from 'typeorm';

/**
 * Every DataLoader of a request, made fresh for each request by {@link createLoaders}: a loader
 * shared between requests would mix tenants through its cache. Modules add their loaders here.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

export function createLoaders(_dataSource: DataSource): Loaders {
  return {};
}
