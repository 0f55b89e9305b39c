import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { loaderOfChildren, whereInScope } from '../../db/scoped';
import { Qualification } from './qualification.entity';

/** Loaders of the qualification module, within the request's district scope. */
export interface QualificationLoaders {
  /** Qualifications of an organisation: by kind, then newest validity first. */
  qualificationsOfOrganisation: DataLoader<string, Qualification[]>;
}

export function createQualificationLoaders(
  db: () => EntityManager,
  scope: TenantScope,
): QualificationLoaders {
  return {
    qualificationsOfOrganisation: loaderOfChildren(
      (organisationIds) =>
        whereInScope(
          db()
            .getRepository(Qualification)
            .createQueryBuilder('q')
            .comment(PREPARED)
            .where('q.organisationId = ANY(:organisationIds)', { organisationIds }),
          'q.districtId',
          scope,
        )
          .orderBy('q.kind')
          .addOrderBy('q.validTo', 'DESC', 'NULLS LAST')
          .addOrderBy('q.id')
          .getMany(),
      (qualification) => qualification.organisationId,
    ),
  };
}
