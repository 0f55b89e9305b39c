import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { DutyTarget } from '../duty/duty.entity';
import { setDutyTargetIndicator, setOfficialStatistic } from './actuals.service';
import { districtDashboard } from './district-dashboard.service';
import { exportMonitoring, MonitoringExportKind } from './export.service';
import { cityDashboard } from './monitoring.service';
import {
  CityDashboard,
  DistrictDashboard,
  ExportedFile,
  OfficialStatistic,
  OfficialStatisticInput,
} from './monitoring.types';

@Resolver()
export class MonitoringResolver {
  @Query(() => CityDashboard, {
    description:
      '全市监测：各区县 × 指标的目标、完成数（分来源）、完成率、状态、提示与排名（区县用户只见本区县）。',
  })
  cityDashboard(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('year', () => Int) year: number,
  ): Promise<CityDashboard> {
    return cityDashboard(ctx, planId, year);
  }

  @Query(() => DistrictDashboard, {
    description:
      '区县监测：指标对照市下达目标、重点工作状态、单位排名、催报数。districtId 只可在可见范围内选择。',
  })
  districtDashboard(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('planId', () => ID, { nullable: true }) planId?: string | null,
    @Arg('districtId', () => ID, { nullable: true }) districtId?: string | null,
  ): Promise<DistrictDashboard> {
    return districtDashboard(ctx, { planId, year, districtId });
  }

  @Query(() => ExportedFile, {
    description: '导出 XLSX（base64）：分配表、责任清单或排名，按源文件版式；范围同查询。',
  })
  monitoringExport(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => MonitoringExportKind) kind: MonitoringExportKind,
    @Arg('planId', () => ID) planId: string,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ): Promise<ExportedFile> {
    return exportMonitoring(ctx, kind, planId, year ?? null);
  }

  @Mutation(() => OfficialStatistic, { description: '录入或修改统计数（本区县的区县管理员）。' })
  setOfficialStatistic(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => OfficialStatisticInput) input: OfficialStatisticInput,
  ): Promise<OfficialStatistic> {
    return setOfficialStatistic(ctx, input);
  }

  @Mutation(() => DutyTarget, { description: '设置或清除重点工作目标计入的指标（本区县的区县管理员）。' })
  setDutyTargetIndicator(
    @Ctx() ctx: RequestContext,
    @Arg('dutyTargetId', () => ID) dutyTargetId: string,
    @Arg('indicatorId', () => ID, { nullable: true }) indicatorId?: string | null,
  ): Promise<DutyTarget> {
    return setDutyTargetIndicator(ctx, dutyTargetId, indicatorId ?? null);
  }
}
