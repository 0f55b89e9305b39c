import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { countStatements, type SqlCounter } from '../../../../test/support/sql-counter';
import { fixedClock } from '../../../clock';
import { seedMonitoringFixture, type MonitoringFixture } from './monitoring-fixture';

/**
 * The dashboards cost a fixed number of SQL statements whatever the data: counted on the pool for
 * the small fixture (2 districts, 2 duties) and again after adding 38 districts with 26 duties each,
 * 12 monthly periods and an approved report per duty and period (40 × 26 × 12 in all for the new
 * districts), official statistics and criteria of every method. Prints the figures.
 */
const CITY = `query($planId: ID!) {
  cityDashboard(planId: $planId, year: 2021) {
    expectedProgress
    indicators { code parent { code } }
    rows { district { name } completion status warningCount cells { indicatorId target actual reported official completion status sources { source value } } }
    totals { indicatorId target actual }
    warnings { code message }
    ranking { district { name } score rank breakdown { name points } }
  }
}`;
const DISTRICT = `query($districtId: ID!) {
  districtDashboard(year: 2021, districtId: $districtId) {
    district { name } chaseCount
    progress { indicatorId actual status }
    duties { duty { title seq } lead { name } target actual status missedPeriods }
    dutiesByStatus { status count }
    units { organisation { name } score rank breakdown { name points } }
  }
}`;

let db: TestDatabase;
let api: TestApi;
let counter: SqlCounter;
let f: MonitoringFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db.appDataSource, null, { clock: fixedClock('2021-09-15T02:00:00Z') });
  counter = countStatements(db.appDataSource);
  f = await seedMonitoringFixture(db.dataSource);
  await db.dataSource.query(
    `INSERT INTO assessment_criterion (plan_id, name, weight, method, indicator_id) VALUES
       ($1, '完成率', 40, 'COMPLETION_RATIO', $2), ($1, '最低目标', 10, 'MINIMUM_MET', $3),
       ($1, '上限', 10, 'CEILING_RESPECTED', $4), ($1, '按时报送', 20, 'REPORTED_ON_TIME', NULL),
       ($1, '清单完成', 20, 'CHECKLIST_DONE', NULL)`,
    [f.plans.city.id, f.indicators.total.id, f.indicators.worker.id, f.indicators.household.id],
  );
});
afterAll(async () => {
  counter.stop();
  await db.drop();
});

/** 38 more districts, each with a monthly district plan, 26 duties and 12 periods of approved reports. */
async function addLargeDistricts(): Promise<string> {
  await db.dataSource.transaction(async (m) => {
    const q = (sql: string, params: unknown[] = []) => m.query(sql, params);
    await q(`INSERT INTO district (code, name, full_name, kind, sort_order)
             SELECT 'T' || n, '测试区' || n, '测试区' || n, 'DISTRICT', 100 + n FROM generate_series(1, 38) n`);
    await q(
      `INSERT INTO target (plan_id, indicator_id, district_id, year, value)
       SELECT $1, i.id, d.id, 2021, 1000 FROM district d CROSS JOIN indicator i
        WHERE d.code LIKE 'T%' AND i.plan_id = $1`,
      [f.plans.city.id],
    );
    await q(
      `INSERT INTO official_statistic (district_id, plan_id, indicator_id, year, value, as_of)
       SELECT d.id, $1, i.id, 2021, 300, '2021-08-31' FROM district d CROSS JOIN indicator i
        WHERE d.code LIKE 'T%' AND i.plan_id = $1 AND i.code IN ('TOTAL', 'HOUSEHOLD')`,
      [f.plans.city.id],
    );
    await q(`INSERT INTO plan (code, title, issuer, level, district_id, start_year, end_year, cadence)
             SELECT 'P-' || d.code, d.name || '实施方案', '区政府', 'DISTRICT', d.id, 2021, 2021, 'MONTHLY'
               FROM district d WHERE d.code LIKE 'T%'`);
    await q(`INSERT INTO organisation (district_id, name, name_key, kind)
             SELECT d.id, '单位' || k, '单位' || k, 'GOVERNMENT_DEPARTMENT'
               FROM district d, generate_series(1, 26) k WHERE d.code LIKE 'T%'`);
    await q(`INSERT INTO duty (plan_id, district_id, list_kind, seq, sort_order, title)
             SELECT p.id, p.district_id, 'DEPARTMENT', k::text, k, '重点工作' || k
               FROM plan p, generate_series(1, 26) k WHERE p.code LIKE 'P-T%'`);
    await q(`INSERT INTO responsibility_item (duty_id, district_id, seq, text)
             SELECT du.id, du.district_id, s, '条目' || s FROM duty du JOIN plan p ON p.id = du.plan_id, generate_series(1, 2) s
              WHERE p.code LIKE 'P-T%'`);
    await q(`INSERT INTO duty_assignment (duty_id, district_id, role, organisation_id, assignee_text, sort_order)
             SELECT du.id, du.district_id, 'LEAD', o.id, o.name, 0
               FROM duty du JOIN plan p ON p.id = du.plan_id
               JOIN organisation o ON o.district_id = du.district_id AND o.name = '单位' || du.seq
              WHERE p.code LIKE 'P-T%'`);
    await q(
      `INSERT INTO duty_target (duty_id, district_id, year, value, unit, indicator_id)
       SELECT du.id, du.district_id, 2021, 100, '人次', CASE WHEN du.sort_order % 2 = 0 THEN $1::uuid ELSE $2::uuid END
         FROM duty du JOIN plan p ON p.id = du.plan_id WHERE p.code LIKE 'P-T%'`,
      [f.indicators.total.id, f.indicators.worker.id],
    );
    await q(`INSERT INTO reporting_period (plan_id, district_id, year, kind, number, starts_on, ends_on, opens_on, due_on)
             SELECT p.id, p.district_id, 2021, 'MONTH', mo, make_date(2021, mo, 1),
                    (make_date(2021, mo, 1) + interval '1 month - 1 day')::date, make_date(2021, mo, 1),
                    (make_date(2021, mo, 1) + interval '1 month 9 days')::date
               FROM plan p, generate_series(1, 12) mo WHERE p.code LIKE 'P-T%'`);
    await q(`INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, status, value)
             SELECT a.district_id, rp.id, a.duty_id, a.id, a.organisation_id, 'APPROVED', 5
               FROM duty_assignment a JOIN duty du ON du.id = a.duty_id JOIN reporting_period rp ON rp.plan_id = du.plan_id
               JOIN plan p ON p.id = du.plan_id WHERE p.code LIKE 'P-T%'`);
    await q(`INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
             SELECT r.id, i.id, r.district_id, '已完成' FROM progress_report r
               JOIN responsibility_item i ON i.duty_id = r.duty_id AND i.seq = 1
               JOIN district d ON d.id = r.district_id WHERE d.code LIKE 'T%'`);
  });
  // Fresh statistics, as autovacuum keeps them in production after a bulk load.
  await db.dataSource.query(`ANALYZE`);
  const [row] = (await db.dataSource.query(`SELECT id FROM district WHERE code = 'T1'`)) as { id: string }[];
  return row!.id;
}

describe('statement count of the dashboards', () => {
  it(
    'is the same for 2 districts and for 40 districts × 26 duties × 12 periods of reports',
    { timeout: 120_000 },
    async () => {
      const measure = async (query: string, variables: Record<string, unknown>) => {
        const { result, count, statements } = await counter.measure(() =>
          api.query(query, variables, f.users.city),
        );
        expect(result.errors).toBeUndefined();
        return { data: result.data as Record<string, Record<string, unknown[]>>, count, statements };
      };
      const smallCity = await measure(CITY, { planId: f.plans.city.id });
      const smallDistrict = await measure(DISTRICT, { districtId: f.districts.wulong.id });
      const large = await addLargeDistricts();
      const [reports] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM progress_report`)) as {
        n: number;
      }[];
      const largeCity = await measure(CITY, { planId: f.plans.city.id });
      const largeDistrict = await measure(DISTRICT, { districtId: large });

      console.log(
        `cityDashboard: ${smallCity.count} statements for 2 districts, ${largeCity.count} for 40 (${reports!.n} reports)\n  ` +
          largeCity.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 110)).join('\n  ') +
          `\ndistrictDashboard: ${smallDistrict.count} statements for 2 duties, ${largeDistrict.count} for 26`,
      );
      expect(smallCity.data.cityDashboard!.rows).toHaveLength(2);
      expect(largeCity.data.cityDashboard!.rows).toHaveLength(40);
      expect(largeCity.data.cityDashboard!.ranking).toHaveLength(40);
      expect(largeDistrict.data.districtDashboard!.duties).toHaveLength(26);
      expect(largeCity.count).toBe(smallCity.count);
      expect(largeDistrict.count).toBe(smallDistrict.count);
    },
  );
});
