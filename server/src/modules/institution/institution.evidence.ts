import type { RequestContext } from '../../context/context';
import { isUuid } from '../../db/scoped';
import { registerEvidenceOwner } from '../evidence/evidence.registry';
import { accessTo, canRead } from './institution.access';

/**
 * Evidence files of qualification filings (licence scans, filing certificates) and of training
 * classes (rosters, completion records), in the shared evidence store (modules/evidence).
 * Readable by whoever reads the row; attachable by the institution's own admin while the row can
 * still change (a pending filing; a class not yet settled), and for a class also by its district
 * admin (supervision records).
 */
async function ownerRow(ctx: RequestContext, table: 'qualification_filing' | 'training_class', id: string) {
  if (!isUuid(id)) return null;
  const state = table === 'qualification_filing' ? 'status' : 'stage';
  const [row] = (await ctx.db.query(
    `SELECT district_id AS "districtId", organisation_id AS "organisationId", ${state} AS state FROM ${table} WHERE id = $1`,
    [id],
  )) as { districtId: string; organisationId: string; state: string }[];
  return row ? { ...row, access: accessTo(ctx, row.organisationId, row.districtId) } : null;
}

registerEvidenceOwner('QUALIFICATION_FILING', {
  async canRead(ctx, id) {
    const row = await ownerRow(ctx, 'qualification_filing', id);
    return row !== null && canRead(row.access);
  },
  async canAttach(ctx, id) {
    const row = await ownerRow(ctx, 'qualification_filing', id);
    // Only the filing institution adds evidence, and only while the district has not decided.
    if (!row || row.access !== 'OWN' || row.state !== 'PENDING') return null;
    return { districtId: row.districtId, organisationId: row.organisationId };
  },
});

registerEvidenceOwner('TRAINING_CLASS', {
  async canRead(ctx, id) {
    const row = await ownerRow(ctx, 'training_class', id);
    return row !== null && canRead(row.access);
  },
  async canAttach(ctx, id) {
    const row = await ownerRow(ctx, 'training_class', id);
    if (!row || row.state === 'SETTLED') return null;
    if (row.access !== 'OWN' && row.access !== 'DISTRICT_ADMIN') return null;
    return { districtId: row.districtId, organisationId: row.organisationId };
  },
});
