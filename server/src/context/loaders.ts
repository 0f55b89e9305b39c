import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../auth/viewer';

/**
 * Every DataLoader of a request, made fresh for each request by {@link createLoaders}: a loader
 * shared between requests would mix tenants through its cache. Loaders read through the request's
 * transaction (`db()`), so row-level security applies to them too. Modules add their loaders here.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

export function createLoaders(_db: () => EntityManager, _scope: TenantScope): Loaders {
  return {};
}
