import {
  CERTIFICATION_BODY_INDICATOR,
  ceilingCountOfClass,
  countClass,
  qualificationInForce,
  type CertificationBodyType,
} from '@skills/domain';
import { today } from '../../clock';
import type { RequestContext } from '../../context/context';
import { BadInputError } from '../../graphql/errors';
import { getPlan } from '../plan/plan.service';
import { COUNTED_CLASS_GROUP_BY, COUNTED_CLASS_GROUPS } from './class.service';
import type { LedgerActual } from './institution.types';

/**
 * Actuals of the class ledger and of the certification-body filings: district × indicator × year,
 * a source of its own beside the reports' roll-up and the official statistics (the monitoring
 * module combines them). Nobody types these figures: they are counted from the ledger by the rules
 * of file 000 (packages/domain countClass, ceilingCountOfClass).
 */

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new BadInputError('年度应在 2000 与 2100 之间', { field: 'year' });
  }
}

/**
 * A plan whose indicators the caller has already read (the dashboards): its indicators' ids by
 * code, so that counting does not read the plan and its indicators again.
 */
export type PlanIndicators = ReadonlyMap<string, string>;

/** The plan's indicators by code (the 2021 guidance plan's codes: GUIDANCE_PLAN, …). */
async function indicatorsByCode(
  ctx: RequestContext,
  planId: string,
  known?: PlanIndicators,
): Promise<ReadonlyMap<string, string>> {
  if (known) return known;
  const plan = await getPlan(ctx, planId);
  const rows = (await ctx.db.query(`SELECT id, code FROM indicator WHERE plan_id = $1`, [plan.id])) as {
    id: string;
    code: string;
  }[];
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * The class ledger's counts toward the plan's indicators in `year`, per district in the viewer's
 * scope (district admins and viewers: their districts; the city: all). Classes are counted in
 * TypeScript by the same pure function the client shows per class, so the year of a class (note 7:
 * its completion audit; note 4: the advance of an apprenticeship) is decided once.
 *
 * The classes come grouped ({@link COUNTED_CLASS_GROUPS}): those alike in everything counting looks
 * at but the trainees and the day within a year are one row with their trainees summed, which
 * `countClass` counts as the sum of the classes' counts (it is additive in the trainees: tested in
 * packages/domain). The city's ledger of a year is then a few rows per district and type, not every
 * class (2,400 at 100× the benchmark's data). Two statements whatever the number of classes.
 */
export async function classLedgerActuals(
  ctx: RequestContext,
  planId: string,
  year: number,
  known?: PlanIndicators,
): Promise<LedgerActual[]> {
  checkYear(year);
  const indicators = await indicatorsByCode(ctx, planId, known);
  const rows = (await ctx.db.query(
    `SELECT ${COUNTED_CLASS_GROUPS} FROM training_class t
      WHERE ($1 OR t.district_id = ANY($2::uuid[]))
        AND (extract(year FROM t.audited_on) = $3 OR extract(year FROM t.advance_paid_on) = $3)
      GROUP BY ${COUNTED_CLASS_GROUP_BY}`,
    [ctx.scope.readsAllDistricts, fullDistricts(ctx), year],
  )) as Parameters<typeof countClass>[0][] & { districtId: string }[];
  const totals = new Map<string, LedgerActual>();
  const add = (districtId: string, code: string, value: number, ceiling: number | null) => {
    const indicatorId = indicators.get(code);
    if (!indicatorId) return;
    const key = `${districtId}|${code}`;
    const current = totals.get(key) ?? {
      districtId,
      indicatorId,
      indicatorCode: code,
      year,
      value: 0,
      ceilingCounted: ceiling === null ? null : 0,
      source: 'CLASS_LEDGER',
    };
    current.value += value;
    if (ceiling !== null) current.ceilingCounted = (current.ceilingCounted ?? 0) + ceiling;
    totals.set(key, current);
  };
  for (const row of rows as (Parameters<typeof countClass>[0] & { districtId: string })[]) {
    for (const count of countClass(row)) {
      if (count.year !== year) continue;
      const ceilingColumn =
        count.indicatorCode === 'HOUSEHOLD_SERVICE_TRAINING' ||
        count.indicatorCode === 'ENTREPRENEURSHIP_TRAINING';
      add(
        row.districtId,
        count.indicatorCode,
        count.trainees,
        ceilingColumn ? ceilingCountOfClass(row) : null,
      );
    }
  }
  return [...totals.values()].sort(
    (a, b) => a.districtId.localeCompare(b.districtId) || a.indicatorCode.localeCompare(b.indicatorCode),
  );
}

/** Districts the viewer reads in full (organisation roles read no district-wide actuals). */
function fullDistricts(ctx: RequestContext): string[] {
  return [
    ...new Set(
      (ctx.viewer?.grants ?? [])
        .filter((g) => (g.role === 'DISTRICT_ADMIN' || g.role === 'VIEWER') && g.districtId)
        .map((g) => g.districtId as string),
    ),
  ];
}

/**
 * Certification bodies built (file 000 annex 2): approved CERTIFICATION_BODY qualifications in
 * force on the last day of `year` (or today, for the current year: an expired one stops counting
 * from the day after it ends), per district and kind (enterprise / social training-evaluation
 * organisation).
 */
export async function certificationBodyActuals(
  ctx: RequestContext,
  planId: string,
  year: number,
  known?: PlanIndicators,
): Promise<LedgerActual[]> {
  checkYear(year);
  const indicators = await indicatorsByCode(ctx, planId, known);
  const now = today(ctx.clock);
  const onDate = `${year}-12-31` < now ? `${year}-12-31` : now;
  const rows = (await ctx.db.query(
    `SELECT q.district_id AS "districtId", q.certification_body_type AS "bodyType", q.status,
        to_char(q.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(q.valid_to, 'YYYY-MM-DD') AS "validTo"
      FROM qualification q
      WHERE q.kind = 'CERTIFICATION_BODY' AND q.certification_body_type IS NOT NULL
        AND ($1 OR q.district_id = ANY($2::uuid[]))`,
    [ctx.scope.readsAllDistricts, fullDistricts(ctx)],
  )) as {
    districtId: string;
    bodyType: CertificationBodyType;
    status: string;
    validFrom: string | null;
    validTo: string | null;
  }[];
  const totals = new Map<string, LedgerActual>();
  for (const r of rows) {
    if (
      !qualificationInForce(
        { approved: r.status === 'APPROVED', validFrom: r.validFrom, validTo: r.validTo },
        onDate,
      )
    ) {
      continue;
    }
    const code = CERTIFICATION_BODY_INDICATOR[r.bodyType];
    const indicatorId = indicators.get(code);
    if (!indicatorId) continue;
    const key = `${r.districtId}|${code}`;
    const current = totals.get(key) ?? {
      districtId: r.districtId,
      indicatorId,
      indicatorCode: code,
      year,
      value: 0,
      ceilingCounted: null,
      source: 'CERTIFICATION_BODIES',
    };
    current.value += 1;
    totals.set(key, current);
  }
  return [...totals.values()].sort(
    (a, b) => a.districtId.localeCompare(b.districtId) || a.indicatorCode.localeCompare(b.indicatorCode),
  );
}
