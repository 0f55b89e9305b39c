import type DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import { loaderById } from '../../db/scoped';
import { District } from './district.entity';

/** Loaders of the district module. Districts are shared reference data: no tenant filter. */
export interface DistrictLoaders {
  /** District by id (the district of a plan, an organisation, a matrix row). */
  districtById: DataLoader<string, District | null>;
}

export function createDistrictLoaders(db: () => EntityManager): DistrictLoaders {
  return {
    districtById: loaderById((ids) =>
      db()
        .getRepository(District)
        .createQueryBuilder('d')
        .comment(PREPARED)
        .where('d.id = ANY(:ids)', { ids })
        .getMany(),
    ),
  };
}
