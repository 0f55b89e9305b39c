import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { loaderById, whereInScope } from '../../db/scoped';
import { CatalogueEntry } from './catalogue.entity';

/** Loaders of the catalogue module, within the request's district scope. */
export interface CatalogueLoaders {
  /** Catalogue occupation by id (the approved occupation of a qualification). */
  catalogueEntryById: DataLoader<string, CatalogueEntry | null>;
}

export function createCatalogueLoaders(db: () => EntityManager, scope: TenantScope): CatalogueLoaders {
  return {
    catalogueEntryById: loaderById((ids) =>
      whereInScope(
        db()
          .getRepository(CatalogueEntry)
          .createQueryBuilder('c')
          .comment(PREPARED)
          .where('c.id = ANY(:ids)', { ids }),
        'c.districtId',
        scope,
      ).getMany(),
    ),
  };
}
