import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { batchOptions, isUuid } from '../../db/scoped';

export interface AuditLoaders {
  /**
   * Display names of users by id (the actors of audit events and target changes), one statement per
   * batch. Only the name: an actor's account and grants are read through the user module's rules.
   */
  userDisplayName: DataLoader<string, string | null>;
}

export function createAuditLoaders(db: () => EntityManager): AuditLoaders {
  return {
    userDisplayName: new DataLoader<string, string | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length
        ? ((await db().query(`SELECT id, display_name FROM app_user WHERE id = ANY ($1::uuid[])`, [
            valid,
          ])) as {
            id: string;
            display_name: string;
          }[])
        : [];
      const byId = new Map(rows.map((r) => [r.id, r.display_name]));
      return ids.map((id) => byId.get(id) ?? null);
    }, batchOptions),
  };
}
