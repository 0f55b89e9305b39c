import { isReportEditable, type ReportStatus as DomainStatus } from '@skills/domain';
import { BadInputError } from '../../graphql/errors';
import { registerEvidenceOwner } from '../evidence/evidence.registry';
import { assertPeriodAcceptsChanges } from './period.service';
import { getReport } from './report.service';

/**
 * Evidence of a progress report: readable by whoever reads the report (its unit, the duty's lead,
 * the district, the city); attached and removed by the report's unit while the report is still
 * being written (a draft or a returned report) in a period that accepts changes.
 */
registerEvidenceOwner('PROGRESS_REPORT', {
  async canRead(ctx, ownerId) {
    try {
      await getReport(ctx, ownerId);
      return true;
    } catch {
      return false;
    }
  },
  async canAttach(ctx, ownerId) {
    const report = await getReport(ctx, ownerId).catch(() => null);
    if (!report || !ctx.scope.organisationIds.includes(report.organisationId)) return null;
    if (!isReportEditable(report.status as DomainStatus)) {
      throw new BadInputError('报送已提交或已通过，不能再增删佐证材料', { status: report.status });
    }
    const period = await ctx.loaders.periodById.load(report.periodId);
    if (period) assertPeriodAcceptsChanges(ctx, period);
    return { districtId: report.districtId, organisationId: report.organisationId };
  },
});
