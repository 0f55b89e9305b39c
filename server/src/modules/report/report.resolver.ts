import { periodLabel } from '@skills/domain';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { Duty, ResponsibilityItem } from '../duty/duty.entity';
import { EvidenceFile } from '../evidence/evidence.entity';
import { Organisation } from '../organisation/organisation.entity';
import { Plan } from '../plan/plan.entity';
import { PeriodState, ReportingPeriod } from './period.entity';
import {
  ensureReportingPeriods,
  listPeriods,
  setPeriodLocked,
  setPlanReportDueDays,
  stateOf,
} from './period.service';
import { markReminderRead, sendReminder } from './reminder.service';
import { ProgressReport, ProgressReportEvent, ProgressReportItem, Reminder } from './report.entity';
import './report.evidence';
import { chaseList, dutyReports, myReportingTasks, reviewQueue } from './report.query';
import {
  approveReport,
  getReport,
  returnReport,
  saveReportDraft,
  startReportRevision,
  submitReport,
} from './report.service';
import {
  ChaseFilter,
  ChaseRow,
  DutyPeriodReports,
  ReportingTask,
  ReviewFilter,
  SaveReportInput,
  SendReminderInput,
} from './report.types';

@Resolver()
export class ReportResolver {
  @Query(() => [ReportingPeriod], { description: '计划的报送期（按日期）。' })
  reportingPeriods(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
  ): Promise<ReportingPeriod[]> {
    return listPeriods(ctx, planId);
  }

  @Query(() => [ReportingTask], { description: '我的任务：本单位承担的重点工作及当前报送期的状态。' })
  myReportingTasks(@Ctx() ctx: RequestContext): Promise<ReportingTask[]> {
    return myReportingTasks(ctx);
  }

  @Query(() => ProgressReport, { description: '一份报送（不可见时为 NOT_FOUND）。' })
  progressReport(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ProgressReport> {
    return getReport(ctx, id);
  }

  @Query(() => DutyPeriodReports, { description: '某重点工作某报送期的报送：牵头单位汇总数与各单位贡献。' })
  dutyReports(
    @Ctx() ctx: RequestContext,
    @Arg('dutyId', () => ID) dutyId: string,
    @Arg('periodId', () => ID) periodId: string,
  ): Promise<DutyPeriodReports> {
    return dutyReports(ctx, dutyId, periodId);
  }

  @Query(() => [ProgressReport], { description: '审核队列（默认：待审核的报送）。' })
  reviewQueue(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ReviewFilter, { nullable: true }) filter?: ReviewFilter,
  ): Promise<ProgressReport[]> {
    return reviewQueue(ctx, filter);
  }

  @Query(() => [ChaseRow], { description: '催办清单：未报送与逾期报送的单位。' })
  chaseList(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ChaseFilter, { nullable: true }) filter?: ChaseFilter,
  ): Promise<ChaseRow[]> {
    return chaseList(ctx, filter);
  }

  @Mutation(() => [ReportingPeriod], { description: '按计划的报送频率生成报送期（幂等）。' })
  ensureReportingPeriods(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
  ): Promise<ReportingPeriod[]> {
    return ensureReportingPeriods(ctx, planId);
  }

  @Mutation(() => Plan, { description: '设置报送期限：每期结束后多少天内报送（0–90）。' })
  setPlanReportDueDays(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('days', () => Int) days: number,
  ): Promise<Plan> {
    return setPlanReportDueDays(ctx, planId, days);
  }

  @Mutation(() => ReportingPeriod, { description: '锁定报送期：锁定后不能再填报、修改或审核。' })
  lockReportingPeriod(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ReportingPeriod> {
    return setPeriodLocked(ctx, id, true);
  }

  @Mutation(() => ReportingPeriod, { description: '解锁（重新开放）报送期。' })
  unlockReportingPeriod(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<ReportingPeriod> {
    return setPeriodLocked(ctx, id, false);
  }

  @Mutation(() => ProgressReport, { description: '保存报送草稿（新建或修改；修改须给出 expectedVersion）。' })
  saveReportDraft(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SaveReportInput) input: SaveReportInput,
  ): Promise<ProgressReport> {
    return saveReportDraft(ctx, input);
  }

  @Mutation(() => ProgressReport, { description: '提交报送（草稿→已提交，已退回→已重新提交）。' })
  submitReport(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ): Promise<ProgressReport> {
    return submitReport(ctx, id, expectedVersion);
  }

  @Mutation(() => ProgressReport, { description: '审核通过（报送随即锁定）。' })
  approveReport(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ): Promise<ProgressReport> {
    return approveReport(ctx, id, expectedVersion);
  }

  @Mutation(() => ProgressReport, { description: '退回报送（必须填写原因）。' })
  returnReport(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('reason', () => String) reason: string,
  ): Promise<ProgressReport> {
    return returnReport(ctx, id, expectedVersion, reason);
  }

  @Mutation(() => ProgressReport, { description: '更正已通过的报送：生成新的修订版（草稿），重新审核。' })
  startReportRevision(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ProgressReport> {
    return startReportRevision(ctx, id);
  }

  @Mutation(() => Reminder, { description: '催办：提醒一个单位报送。' })
  sendReminder(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SendReminderInput) input: SendReminderInput,
  ): Promise<Reminder> {
    return sendReminder(ctx, input);
  }

  @Mutation(() => Boolean, { description: '把催办标记为已读。' })
  markReminderRead(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return markReminderRead(ctx, id);
  }
}

@Resolver(() => ReportingPeriod)
export class ReportingPeriodResolver {
  @FieldResolver(() => PeriodState, { description: 'By the server’s clock (today in Chongqing).' })
  state(@Root() period: ReportingPeriod, @Ctx() ctx: RequestContext): PeriodState {
    return stateOf(ctx, period);
  }

  @FieldResolver(() => String, { description: '2021年3月 / 2021年第1季度 / 2021年度' })
  label(@Root() period: ReportingPeriod): string {
    return periodLabel(period);
  }
}

@Resolver(() => ProgressReport)
export class ProgressReportResolver {
  @FieldResolver(() => ReportingPeriod)
  period(@Root() report: ProgressReport, @Ctx() ctx: RequestContext): Promise<ReportingPeriod | null> {
    return ctx.loaders.periodById.load(report.periodId);
  }

  @FieldResolver(() => Duty)
  duty(@Root() report: ProgressReport, @Ctx() ctx: RequestContext): Promise<Duty | null> {
    return ctx.loaders.dutyById.load(report.dutyId);
  }

  @FieldResolver(() => Organisation)
  organisation(@Root() report: ProgressReport, @Ctx() ctx: RequestContext): Promise<Organisation | null> {
    return ctx.loaders.organisationById.load(report.organisationId);
  }

  @FieldResolver(() => [ProgressReportItem], { description: 'Narratives per responsibility item.' })
  items(@Root() report: ProgressReport, @Ctx() ctx: RequestContext): Promise<ProgressReportItem[]> {
    return ctx.loaders.itemsOfReport.load(report.id);
  }

  @FieldResolver(() => [EvidenceFile])
  evidence(@Root() report: ProgressReport, @Ctx() ctx: RequestContext): Promise<EvidenceFile[]> {
    return ctx.loaders.evidenceOfOwner.load(`PROGRESS_REPORT:${report.id}`);
  }

  @FieldResolver(() => [ProgressReportEvent], { description: 'Every version: who did what, when, why.' })
  history(@Root() report: ProgressReport, @Ctx() ctx: RequestContext): Promise<ProgressReportEvent[]> {
    return ctx.loaders.eventsOfReport.load(report.id);
  }
}

@Resolver(() => ProgressReportItem)
export class ProgressReportItemResolver {
  @FieldResolver(() => ResponsibilityItem, { nullable: true })
  async responsibilityItem(
    @Root() item: ProgressReportItem,
    @Ctx() ctx: RequestContext,
  ): Promise<ResponsibilityItem | null> {
    const [report] = [await ctx.loaders.reportById.load(item.reportId)];
    if (!report) return null;
    return (
      (await ctx.loaders.itemsOfDuty.load(report.dutyId)).find((i) => i.id === item.responsibilityItemId) ??
      null
    );
  }
}

@Resolver(() => Reminder)
export class ReminderResolver {
  @FieldResolver(() => Organisation)
  organisation(@Root() reminder: Reminder, @Ctx() ctx: RequestContext): Promise<Organisation | null> {
    return ctx.loaders.organisationById.load(reminder.organisationId);
  }
}
