import DataLoader from 'dataloader';
import { PREPARED } from '../../db/prepared';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../../auth/viewer';
import { batchOptions, isUuid, whereInScope } from '../../db/scoped';
import { EvidenceFile } from './evidence.entity';

export interface EvidenceLoaders {
  /**
   * The files of owners, keyed `OWNER_TYPE:ownerId`, one statement per batch, oldest first. The
   * caller has already checked that the viewer reads the owner (a report's field, say).
   */
  evidenceOfOwner: DataLoader<string, EvidenceFile[]>;
}

export function createEvidenceLoaders(db: () => EntityManager, scope: TenantScope): EvidenceLoaders {
  return {
    evidenceOfOwner: new DataLoader<string, EvidenceFile[]>(async (keys) => {
      const pairs = keys.map((k) => {
        const at = k.indexOf(':');
        return { type: k.slice(0, at), id: k.slice(at + 1) };
      });
      const valid = pairs.filter((p) => isUuid(p.id));
      const groups = new Map<string, EvidenceFile[]>();
      if (valid.length) {
        const qb = db()
          .getRepository(EvidenceFile)
          .createQueryBuilder('f')
          .comment(PREPARED)
          .where(
            `(f.owner_type, f.owner_id) IN (SELECT * FROM unnest(CAST(:types AS text[]), CAST(:ids AS uuid[])))`,
            { types: valid.map((p) => p.type), ids: valid.map((p) => p.id) },
          )
          .orderBy('f.uploadedAt', 'ASC')
          .addOrderBy('f.id', 'ASC');
        whereInScope(qb, 'f.districtId', scope);
        for (const file of await qb.getMany()) {
          const key = `${file.ownerType}:${file.ownerId}`;
          groups.set(key, [...(groups.get(key) ?? []), file]);
        }
      }
      return keys.map((k) => groups.get(k) ?? []);
    }, batchOptions),
  };
}
