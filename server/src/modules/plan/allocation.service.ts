import { checkCeiling, checkOfWhich, reconcileTotal } from '@skills/domain';
import type { RequestContext } from '../../context/context';
import { whereInScope } from '../../db/scoped';
import { District } from '../district/district.entity';
import type { AllocationCell, AllocationMatrix, AllocationRow, AllocationTotal } from './allocation.types';
import { ClaimedTotal, IndicatorNature, Target } from './plan.entity';
import { getPlan } from './plan.service';
import { toRuleWarning, type RuleWarning } from './warning.types';

/**
 * The allocation matrix of a plan for a year: one row per district the viewer may see (the city:
 * all of them; a district user: their own), one cell per indicator, computed column totals over the
 * visible rows, the document's claimed totals (only for a viewer who sees every row), and the
 * warnings of the domain rules over the visible rows, computed by the same functions the importer
 * uses (reconcileTotal, checkOfWhich, checkCeiling).
 *
 * Cost: a fixed number of statements whatever the number of districts and indicators: the plan,
 * the districts, the indicators, the targets, and (complete viewers) the claims.
 */
export async function allocationMatrix(
  ctx: RequestContext,
  planId: string,
  year: number,
): Promise<AllocationMatrix> {
  const plan = await getPlan(ctx, planId);
  // A district plan concerns its own district (visible, since the plan is); a city plan every
  // district, of which the viewer sees all or only their own.
  const complete = plan.districtId !== null || ctx.scope.readsAllDistricts;

  const districtQuery = ctx.db.getRepository(District).createQueryBuilder('d');
  if (plan.districtId) districtQuery.where('d.id = :planDistrictId', { planDistrictId: plan.districtId });
  whereInScope(districtQuery, 'd.id', ctx.scope).orderBy('d.sortOrder').addOrderBy('d.code');

  // The targets as raw rows of the three columns used (no entity hydration: 533 rows for the city).
  const targetQuery = ctx.db
    .getRepository(Target)
    .createQueryBuilder('t')
    .select('t.districtId', 'districtId')
    .addSelect('t.indicatorId', 'indicatorId')
    .addSelect('t.value::float8', 'value')
    .where('t.planId = :planId AND t.year = :year', { planId: plan.id, year });
  whereInScope(targetQuery, 't.districtId', ctx.scope, { cityLevel: true });

  const [districts, indicators, targets, claims] = await Promise.all([
    districtQuery.getMany(),
    ctx.loaders.indicatorsOfPlan.load(plan.id),
    targetQuery.getRawMany<{ districtId: string | null; indicatorId: string; value: number }>(),
    complete
      ? ctx.db.getRepository(ClaimedTotal).findBy({ planId: plan.id, year })
      : Promise.resolve([] as ClaimedTotal[]),
  ]);

  const valueOf = new Map<string, Map<string, number>>(); // districtId → indicatorId → value
  const cityTargets: AllocationCell[] = [];
  for (const t of targets) {
    if (t.districtId === null) cityTargets.push({ indicatorId: t.indicatorId, value: t.value });
    else {
      let ofDistrict = valueOf.get(t.districtId);
      if (!ofDistrict) valueOf.set(t.districtId, (ofDistrict = new Map()));
      ofDistrict.set(t.indicatorId, t.value);
    }
  }
  const cell = (districtId: string, indicatorId: string) => valueOf.get(districtId)?.get(indicatorId) ?? null;
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const claimOf = new Map(claims.map((c) => [c.indicatorId, c.value]));

  const rows: AllocationRow[] = districts.map((district) => ({
    district,
    cells: indicators.map((i) => ({ indicatorId: i.id, value: cell(district.id, i.id) })),
  }));

  const warnings: RuleWarning[] = [];
  const totals: AllocationTotal[] = indicators.map((indicator) => {
    const result = reconcileTotal({
      label: indicator.name,
      values: districts.map((d) => cell(d.id, indicator.id)),
      claimed: complete ? (claimOf.get(indicator.id) ?? null) : null,
    });
    if (result.warning) warnings.push(toRuleWarning(result.warning, { indicatorId: indicator.id }));
    return {
      indicatorId: indicator.id,
      indicator,
      computed: result.computed,
      claimed: result.claimed,
      difference: result.difference,
    };
  });

  for (const district of districts) {
    for (const indicator of indicators) {
      const ids = { indicatorId: indicator.id, districtId: district.id };
      const parent = indicator.parentId ? byId.get(indicator.parentId) : undefined;
      if (parent) {
        const w = checkOfWhich({
          parentLabel: parent.name,
          parent: cell(district.id, parent.id),
          childLabel: indicator.name,
          child: cell(district.id, indicator.id),
          district: district.name,
        });
        if (w) warnings.push(toRuleWarning(w, ids));
      }
      const base = indicator.ceilingOfId ? byId.get(indicator.ceilingOfId) : undefined;
      if (indicator.nature === IndicatorNature.CEILING && base && indicator.ceilingRatio !== null) {
        const w = checkCeiling({
          label: indicator.name,
          value: cell(district.id, indicator.id),
          base: cell(district.id, base.id),
          ratio: indicator.ceilingRatio,
          baseLabel: base.name,
          district: district.name,
        });
        if (w) warnings.push(toRuleWarning(w, ids));
      }
    }
  }

  return { plan, year, complete, indicators, rows, totals, cityTargets, warnings };
}
