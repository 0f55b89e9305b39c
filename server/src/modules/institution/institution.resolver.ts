import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import './institution.evidence';
import type { RequestContext } from '../../context/context';
import { certificationBodyActuals, classLedgerActuals } from './actuals.service';
import * as classes from './class.service';
import { searchDirectory } from './directory.service';
import * as filings from './filing.service';
import {
  ClassCompletionInput,
  ClassVisitInput,
  DirectoryEntry,
  DirectoryFilter,
  ExpiringQualification,
  FilingStatus,
  LedgerActual,
  OrganisationProfile,
  OrganisationProfileInput,
  QualificationFiling,
  QualificationFilingInput,
  TrainingClass,
  TrainingClassFilter,
  TrainingClassInput,
} from './institution.types';
import { getOrganisationProfile, updateOrganisationProfile } from './profile.service';

/** Training institutions and enterprises: profile, qualification filings, the class ledger, actuals. */
@Resolver()
export class InstitutionResolver {
  @Query(() => OrganisationProfile, { description: '机构/企业信息（本机构管理员、所在区县、市级可见）。' })
  organisationProfile(@Ctx() ctx: RequestContext, @Arg('organisationId', () => ID) organisationId: string) {
    return getOrganisationProfile(ctx, organisationId);
  }

  @Mutation(() => OrganisationProfile, { description: '本机构/企业管理员修改机构信息（乐观锁 version）。' })
  updateOrganisationProfile(
    @Ctx() ctx: RequestContext,
    @Arg('organisationId', () => ID) organisationId: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => OrganisationProfileInput) input: OrganisationProfileInput,
  ) {
    return updateOrganisationProfile(ctx, organisationId, version, input);
  }

  @Query(() => [QualificationFiling], { description: '资质备案：机构看本机构的，区县看本区县的。' })
  qualificationFilings(
    @Ctx() ctx: RequestContext,
    @Arg('organisationId', () => ID, { nullable: true }) organisationId?: string | null,
    @Arg('status', () => FilingStatus, { nullable: true }) status?: FilingStatus | null,
  ) {
    return filings.listFilings(ctx, organisationId, status);
  }

  @Query(() => [ExpiringQualification], { description: '30/60/90 天内到期及已过期的资质。' })
  expiringQualifications(
    @Ctx() ctx: RequestContext,
    @Arg('withinDays', () => Int, { defaultValue: 90 }) withinDays: number,
    @Arg('organisationId', () => ID, { nullable: true }) organisationId?: string | null,
  ) {
    return filings.expiringQualifications(ctx, withinDays, organisationId);
  }

  @Mutation(() => QualificationFiling, { description: '申报资质备案（新增或变更），待区县审核后生效。' })
  fileQualification(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => QualificationFilingInput) input: QualificationFilingInput,
  ) {
    return filings.fileQualification(ctx, input);
  }

  @Mutation(() => QualificationFiling, { description: '区县管理员通过资质备案。' })
  approveQualificationFiling(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return filings.approveFiling(ctx, id, version);
  }

  @Mutation(() => QualificationFiling, { description: '区县管理员退回资质备案（须填写原因）。' })
  returnQualificationFiling(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', () => String) reason: string,
  ) {
    return filings.returnFiling(ctx, id, version, reason);
  }

  @Query(() => [DirectoryEntry], { description: '机构目录检索（区县、市级用户）。' })
  institutionDirectory(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DirectoryFilter, { nullable: true }) filter?: DirectoryFilter | null,
  ) {
    return searchDirectory(ctx, filter);
  }

  @Query(() => [TrainingClass], { description: '培训班台账：机构看本机构的，区县看本区县的。' })
  trainingClasses(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TrainingClassFilter, { nullable: true }) filter?: TrainingClassFilter | null,
  ) {
    return classes.listTrainingClasses(ctx, filter);
  }

  @Query(() => TrainingClass, { nullable: true, description: '培训班详情（不可见时 NOT_FOUND）。' })
  trainingClass(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return classes.getTrainingClass(ctx, id);
  }

  @Mutation(() => TrainingClass, { description: '培训机构申请开班。' })
  applyForTrainingClass(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => TrainingClassInput) input: TrainingClassInput,
  ) {
    return classes.applyForTrainingClass(ctx, input);
  }

  @Mutation(() => TrainingClass, { description: '培训机构重新提交被退回的开班申请。' })
  resubmitTrainingClass(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return classes.resubmitTrainingClass(ctx, id, version);
  }

  @Mutation(() => TrainingClass, { description: '区县受理开班申请（批准开班）。' })
  approveTrainingClass(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return classes.approveTrainingClass(ctx, id, version);
  }

  @Mutation(() => TrainingClass, { description: '区县退回开班申请（须填写原因）。' })
  returnTrainingClass(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', () => String) reason: string,
  ) {
    return classes.returnTrainingClass(ctx, id, version, reason);
  }

  @Mutation(() => TrainingClass, { description: '区县记录过程监管。' })
  recordClassVisit(
    @Ctx() ctx: RequestContext,
    @Arg('classId', () => ID) classId: string,
    @Arg('input', () => ClassVisitInput) input: ClassVisitInput,
  ) {
    return classes.recordClassVisit(ctx, classId, input);
  }

  @Mutation(() => TrainingClass, { description: '区县记录预拨资金（不超过培训补贴的 20%）。' })
  recordClassAdvance(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('amount', () => String, { description: 'Yuan, at most to the fen.' }) amount: string,
  ) {
    return classes.recordClassAdvance(ctx, id, version, amount);
  }

  @Mutation(() => TrainingClass, { description: '培训机构申报结业。' })
  fileClassCompletion(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => ClassCompletionInput) input: ClassCompletionInput,
  ) {
    return classes.fileClassCompletion(ctx, id, version, input);
  }

  @Mutation(() => TrainingClass, { description: '区县退回结业申报（须填写原因）。' })
  returnClassCompletion(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('reason', () => String) reason: string,
  ) {
    return classes.returnClassCompletion(ctx, id, version, reason);
  }

  @Mutation(() => TrainingClass, { description: '区县结业审核通过。' })
  auditClassCompletion(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
  ) {
    return classes.auditClassCompletion(ctx, id, version);
  }

  @Mutation(() => TrainingClass, { description: '区县记录最终补贴。' })
  recordClassFinalSubsidy(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('amount', () => String, { description: 'Yuan, at most to the fen.' }) amount: string,
  ) {
    return classes.recordClassFinalSubsidy(ctx, id, version, amount);
  }

  @Query(() => [LedgerActual], {
    description: '培训班台账按文件 000 统计口径计入各指标的实绩（区县 × 指标 × 年度）。',
  })
  classLedgerActuals(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('year', () => Int) year: number,
  ) {
    return classLedgerActuals(ctx, planId, year);
  }

  @Query(() => [LedgerActual], { description: '已备案职业技能等级认定机构计入文件 000 附件2 的实绩。' })
  certificationBodyActuals(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('year', () => Int) year: number,
  ) {
    return certificationBodyActuals(ctx, planId, year);
  }
}
