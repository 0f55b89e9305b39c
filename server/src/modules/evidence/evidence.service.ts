import type { RequestContext } from '../../context/context';
import { isUuid, whereInScope } from '../../db/scoped';
import { BadInputError, NotFoundError } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { checkEvidence } from './evidence.content';
import { EvidenceFile } from './evidence.entity';
import { evidenceOwner, evidenceOwnerTypes, type EvidenceOwnerRule } from './evidence.registry';
import type { UploadEvidenceInput } from './evidence.types';

function ruleOf(ownerType: string): EvidenceOwnerRule {
  const rule = evidenceOwner(ownerType);
  if (!rule) {
    throw new BadInputError(`未知的材料归属类型 ${ownerType}（可用：${evidenceOwnerTypes().join('、')}）`, {
      field: 'ownerType',
    });
  }
  return rule;
}

/** The audit view of a file: everything but the content. */
function auditView(file: EvidenceFile) {
  const { content: _content, ...rest } = file;
  return rest;
}

/**
 * Stores an uploaded file for an owner the viewer may attach files to. The type is decided from the
 * content (evidence.content.ts); the tenant is the OWNER's (from its rule), never an argument.
 */
export async function uploadEvidence(ctx: RequestContext, input: UploadEvidenceInput): Promise<EvidenceFile> {
  const rule = ruleOf(input.ownerType);
  if (!isUuid(input.ownerId)) throw new NotFoundError();
  const owner = await rule.canAttach(ctx, input.ownerId);
  if (!owner) throw new NotFoundError();
  const checked = checkEvidence(input.fileName, input.contentBase64);
  const repo = ctx.db.getRepository(EvidenceFile);
  const saved = await repo.save(
    repo.create({
      districtId: owner.districtId,
      organisationId: owner.organisationId,
      ownerType: input.ownerType,
      ownerId: input.ownerId,
      fileName: checked.fileName,
      contentType: checked.contentType,
      byteSize: checked.content.length,
      sha256: checked.sha256,
      content: checked.content,
      uploadedBy: ctx.viewer?.userId ?? null,
      uploadedAt: ctx.clock.now(),
    }),
  );
  await recordAudit(ctx, {
    entityType: 'EVIDENCE_FILE',
    entityId: saved.id,
    action: 'UPLOAD',
    districtId: saved.districtId,
    organisationId: saved.organisationId,
    after: auditView(saved),
  });
  return saved;
}

/** The files of an owner the viewer may read (NOT_FOUND otherwise), oldest first. */
export async function listEvidence(
  ctx: RequestContext,
  ownerType: string,
  ownerId: string,
): Promise<EvidenceFile[]> {
  const rule = ruleOf(ownerType);
  if (!isUuid(ownerId) || !(await rule.canRead(ctx, ownerId))) throw new NotFoundError();
  return ctx.loaders.evidenceOfOwner.load(`${ownerType}:${ownerId}`);
}

/**
 * Removes a file from an owner the viewer may still attach files to (a report being written; not an
 * approved one). The audit event keeps its name, size and checksum.
 */
export async function deleteEvidence(ctx: RequestContext, id: string): Promise<boolean> {
  const file = await findEvidence(ctx, id);
  if (!file || !file.ownerId) throw new NotFoundError();
  const owner = await ruleOf(file.ownerType).canAttach(ctx, file.ownerId);
  if (!owner) throw new NotFoundError();
  await ctx.db.query(`DELETE FROM evidence_file WHERE id = $1`, [file.id]);
  await recordAudit(ctx, {
    entityType: 'EVIDENCE_FILE',
    entityId: file.id,
    action: 'DELETE',
    districtId: file.districtId,
    organisationId: file.organisationId,
    before: auditView(file),
  });
  return true;
}

/** A file's metadata within the viewer's districts (no owner check: callers ask the owner's rule). */
export async function findEvidence(
  ctx: Pick<RequestContext, 'db' | 'scope'>,
  id: string,
  withContent = false,
): Promise<EvidenceFile | null> {
  if (!isUuid(id)) return null;
  const qb = ctx.db.getRepository(EvidenceFile).createQueryBuilder('f').where('f.id = :id', { id });
  if (withContent) qb.addSelect('f.content');
  whereInScope(qb, 'f.districtId', ctx.scope);
  return qb.getOne();
}

/** Whether the viewer may download file `id` (its owner's rule); the file with content, or null. */
export async function readableEvidence(ctx: RequestContext, id: string): Promise<EvidenceFile | null> {
  const file = await findEvidence(ctx, id, true);
  if (!file || !file.ownerId) return null;
  const rule = evidenceOwner(file.ownerType);
  if (!rule || !(await rule.canRead(ctx, file.ownerId))) return null;
  return file;
}
