import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { ForbiddenError, NotFoundError } from '../../graphql/errors';
import { Plan, PlanLevel } from '../plan/plan.entity';
import { recordAudit } from '../audit/audit.service';
import { importAuditRecords } from './import.audit';
import { importUploadedFile } from './import.service';
import { ImportFileInput, ImportReport, toImportReport } from './import.types';

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReport, {
    description:
      'Imports one CSV/XLSX table into an existing plan, all or nothing, and returns the report. City plans: CITY_ADMIN; district plans: the DISTRICT_ADMIN of that district.',
  })
  importPlanFile(@Ctx() ctx: RequestContext, @Arg('input') input: ImportFileInput): Promise<ImportReport> {
    return importPlanFile(ctx, input);
  }
}

/**
 * Checks the TARGET scope before importing: the plan must be visible to the viewer, and the viewer
 * must hold the right to write it (city plans: a city admin; district plans: that district's admin).
 * The scope handed to the importer comes from the plan the viewer may write, never from the input.
 */
export async function importPlanFile(ctx: RequestContext, input: ImportFileInput): Promise<ImportReport> {
  const plan = await ctx.db.findOne(Plan, { where: { code: input.planCode.trim() } });
  if (!plan) throw new NotFoundError(`计划“${input.planCode}”不存在或无权访问`);
  let districtId: string | null;
  if (plan.level === PlanLevel.CITY) {
    if (!ctx.scope.writesCity) throw new ForbiddenError('只有市级管理员可以导入市级计划');
    districtId = null;
  } else {
    if (!plan.districtId || !ctx.scope.adminDistrictIds.includes(plan.districtId)) {
      throw new ForbiddenError('只有本区县管理员可以导入本区县的计划');
    }
    districtId = plan.districtId;
  }
  const result = await importUploadedFile(ctx.db, input, { districtId, userId: ctx.viewer?.userId ?? null });
  ctx.log.info({ plan: plan.code, file: input.fileName, rows: result.rowsRead }, 'plan file imported');
  for (const record of importAuditRecords(result, plan)) await recordAudit(ctx, record);
  return toImportReport(result);
}
