import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../clock';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import {
  seedInstitutionFixture,
  type InstitutionFixture,
} from '../../institution/__tests__/institution-fixture';

/**
 * The institutions' ledger is a source of the dashboards' actuals (CLASS_LEDGER), beside the
 * reports and the official statistics: a class audited in 2021 shows in the 2021 guidance plan's
 * cells of its district, counted by file 000's rules, and in no other district's.
 */
const CITY = `query($planId: ID!, $year: Int!) {
  cityDashboard(planId: $planId, year: $year) {
    indicators { id code }
    rows { district { name } cells { indicatorId actual sources { source value } } }
  }
}`;

interface Dashboard {
  cityDashboard: {
    indicators: { id: string; code: string }[];
    rows: {
      district: { name: string };
      cells: { indicatorId: string; actual: number | null; sources: { source: string; value: number }[] }[];
    }[];
  };
}

describe('the class ledger as a source of actuals', () => {
  let db: TestDatabase;
  let api: TestApi;
  let f: InstitutionFixture;

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    f = await seedInstitutionFixture(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock: fixedClock('2021-12-20T02:00:00Z') });
    // An enterprise pre-job class of 武隆区, opened in 2020 and audited in 2021 (note 7: counts in 2021).
    await db.dataSource.query(
      `INSERT INTO training_class (district_id, organisation_id, name, training_type, planned_trainees,
         starts_on, ends_on, enterprise_employees, subsidy_fen, stage, applied_at, opened_on,
         trainees_completed, trainees_certified, certificate_kind, completion_filed_on, audited_on)
       VALUES ($1, $2, '岗前培训第1期', 'ENTERPRISE_PRE_JOB', 40, '2020-11-01', '2020-12-20', true, 4000000,
         'AUDITED', '2020-10-20', '2020-11-01', 37, 0, 'TRAINING_ONLY', '2020-12-21', '2021-01-15')`,
      [f.t.districts.wulong.id, f.orgs.school],
    );
  });
  afterAll(() => db.drop());

  async function cellsOf(viewer: InstitutionFixture['v']['city'], year: number) {
    const r = await api.query<Dashboard>(CITY, { planId: f.guidancePlanId, year }, viewer);
    expect(r.errors).toBeUndefined();
    const d = r.data!.cityDashboard;
    const guidance = d.indicators.find((i) => i.code === 'GUIDANCE_PLAN')!.id;
    return (district: string) =>
      d.rows.find((row) => row.district.name === district)?.cells.find((c) => c.indicatorId === guidance);
  }

  it('counts the audited class in its district for the year of its audit', async () => {
    const cell = await cellsOf(f.v.city, 2021);
    expect(cell('武隆区')?.sources).toContainEqual({ source: 'CLASS_LEDGER', value: 37 });
    expect(cell('武隆区')?.actual).toBe(37);
    expect(cell('北碚区')?.sources.some((s) => s.source === 'CLASS_LEDGER')).toBe(false);
  });

  it('shows the district admin its own ledger figure and no other district', async () => {
    const cell = await cellsOf(f.v.wulongAdmin, 2021);
    expect(cell('武隆区')?.sources).toContainEqual({ source: 'CLASS_LEDGER', value: 37 });
    expect(cell('北碚区')).toBeUndefined();
    const other = await cellsOf(f.v.beibeiAdmin, 2021);
    expect(other('武隆区')).toBeUndefined();
    expect(other('北碚区')?.sources.some((s) => s.source === 'CLASS_LEDGER')).toBe(false);
  });
});
