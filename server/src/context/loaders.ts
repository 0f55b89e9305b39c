import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../auth/viewer';
import { createCatalogueLoaders, type CatalogueLoaders } from '../modules/catalogue/catalogue.loader';
import { createDistrictLoaders, type DistrictLoaders } from '../modules/district/district.loader';
import { createDutyLoaders, type DutyLoaders } from '../modules/duty/duty.loader';
import {
  createOrganisationLoaders,
  type OrganisationLoaders,
} from '../modules/organisation/organisation.loader';
import { createPlanLoaders, type PlanLoaders } from '../modules/plan/plan.loader';
import {
  createQualificationLoaders,
  type QualificationLoaders,
} from '../modules/qualification/qualification.loader';
import { createEvidenceLoaders, type EvidenceLoaders } from '../modules/evidence/evidence.loader';

/**
 * Every DataLoader of a request, made fresh for each request by {@link createLoaders}: a loader
 * shared between requests would mix tenants through its cache. Loaders read through the request's
 * transaction (`db()`), so row-level security applies to them too. Modules add their loaders here.
 */
export interface Loaders
  extends
    DistrictLoaders,
    OrganisationLoaders,
    PlanLoaders,
    DutyLoaders,
    QualificationLoaders,
    CatalogueLoaders,
    EvidenceLoaders {}

export function createLoaders(db: () => EntityManager, scope: TenantScope): Loaders {
  return {
    ...createDistrictLoaders(db),
    ...createOrganisationLoaders(db, scope),
    ...createPlanLoaders(db, scope),
    ...createDutyLoaders(db, scope),
    ...createQualificationLoaders(db, scope),
    ...createCatalogueLoaders(db, scope),
    ...createEvidenceLoaders(db, scope),
  };
}
