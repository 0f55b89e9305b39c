import type { RequestContext } from '../../context/context';

/**
 * Who may read and attach evidence, per kind of owner row. The evidence module does not know what
 * a progress report or a qualification is: each owning module registers its rule once, at import,
 * and the upload mutation, the file lists and the download route (GET /files/:id) ask it.
 *
 * @example
 *   registerEvidenceOwner('QUALIFICATION', {
 *     canRead: async (ctx, id) => (await findQualification(ctx, id)) !== null,
 *     canAttach: async (ctx, id) => { const q = await findWritableQualification(ctx, id);
 *       return q ? { districtId: q.districtId, organisationId: q.organisationId } : null; },
 *   });
 */
export interface EvidenceOwnerRule {
  /** Whether the viewer may read the owner row, and so download its files. */
  canRead(ctx: RequestContext, ownerId: string): Promise<boolean>;
  /**
   * The owner's tenant when the viewer may attach files to it (or remove them) now, e.g. a report
   * still being written; null when not (the caller answers NOT_FOUND or FORBIDDEN). May throw a
   * coded error to explain why (an approved report is locked).
   */
  canAttach(
    ctx: RequestContext,
    ownerId: string,
  ): Promise<{ districtId: string; organisationId: string | null } | null>;
}

const owners = new Map<string, EvidenceOwnerRule>();

/** Registers the rule of an owner type (once; a second registration is a programming error). */
export function registerEvidenceOwner(ownerType: string, rule: EvidenceOwnerRule): void {
  if (owners.has(ownerType)) throw new Error(`evidence owner ${ownerType} is registered twice`);
  owners.set(ownerType, rule);
}

/** The rule of an owner type, or undefined for a type nobody registered. */
export function evidenceOwner(ownerType: string): EvidenceOwnerRule | undefined {
  return owners.get(ownerType);
}

/** Owner types registered so far (for error messages). */
export function evidenceOwnerTypes(): string[] {
  return [...owners.keys()].sort();
}
