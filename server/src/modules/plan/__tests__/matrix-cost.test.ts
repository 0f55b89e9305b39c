import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { countStatements, type SqlCounter } from '../../../../test/support/sql-counter';
import { Role } from '../../../auth/viewer';
import { AssignmentRole, DutyListKind } from '../../duty/duty.entity';
import {
  OrganisationCategory,
  OrganisationKind,
  type Organisation,
} from '../../organisation/organisation.entity';
import { ClaimedTotal, IndicatorNature, type Plan } from '../plan.entity';
import { district, duty, indicator, organisation, plan, target, viewer } from './read-fixture';

/**
 * The matrices cost a fixed number of SQL statements whatever their size: the statements of the
 * allocation matrix for 3 and for 41 districts, and of the responsibility matrix for 2 and for 26
 * duties, are counted on the pool (test/support/sql-counter.ts) and must be equal. The queries ask
 * for every nested relation a client shows, so an unbatched relation (N+1) shows up as a difference.
 */

const ALLOCATION = `query($planId: ID!) {
  allocationMatrix(planId: $planId, year: 2021) {
    complete
    plan { code district { name } indicators { code parent { code } ceilingOf { code } } }
    indicators { code parent { name } ceilingOf { name } plan { code } }
    rows { district { id name ruralRevitalisationLevel } cells { indicatorId value } }
    totals { indicator { code parent { code } ceilingOf { code } } computed claimed difference }
    warnings { code message indicatorId districtId expected actual }
  }
}`;

const RESPONSIBILITY = `query($planId: ID!) {
  responsibilityMatrix(planId: $planId, listKind: DEPARTMENT) {
    plan { code district { name } }
    columns { key label category leadCount cooperatingCount organisation { name kind district { name } aliases { alias } } }
    rows {
      duty {
        seq title targetText plan { code } district { name }
        items { seq text }
        targets { year value unit indicator { code } }
        assignments { role assigneeText organisation { name aliases { alias } } }
      }
      cells { columnKey role }
    }
  }
}`;

describe('statement count of the matrices', () => {
  let db: TestDatabase;
  let api: TestApi;
  let counter: SqlCounter;
  let cityPlanId: string;
  const city = viewer(Role.CITY_ADMIN);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db.appDataSource);
    counter = countStatements(db.appDataSource);
  });
  afterAll(async () => {
    counter.stop();
    await db.drop();
  });

  const measure = async (query: string, variables: Record<string, unknown>, v = city) => {
    const { result, count, statements } = await counter.measure(() => api.query(query, variables, v));
    expect(result.errors).toBeUndefined();
    return { data: result.data as Record<string, { rows: unknown[] }>, count, statements };
  };

  /** Adds districts `from`..`to` (sort order) with a 2021 allocation of the city plan's indicators. */
  const addDistricts = (from: number, to: number, indicatorIds: string[]) =>
    db.dataSource.transaction(async (m) => {
      for (let n = from; n <= to; n++) {
        const d = await district(m, `T${n}`, `测试区${n}`, n, null);
        for (const [i, id] of indicatorIds.entries())
          await target(m, cityPlanId, id, d.id, 2021, 1000 * (3 - i) + n);
      }
    });

  it('runs as many statements for 41 districts as for 3', async () => {
    const indicatorIds = await db.dataSource.transaction(async (m) => {
      const p = await plan(m, 'CITY-2021', '全市计划', null, 2021, 2021);
      cityPlanId = p.id;
      const total = await indicator(m, p.id, 'TOTAL', '目标计划', 0);
      const household = await indicator(m, p.id, 'HOUSEHOLD', '家服培训', 1, {
        nature: IndicatorNature.CEILING,
        ceilingOfId: total.id,
        ceilingRatio: 0.2,
      });
      const base = await indicator(m, p.id, 'BASE', '市级家服基地', 2, { parentId: household.id });
      await m.save(ClaimedTotal, {
        planId: p.id,
        indicatorId: total.id,
        year: 2021,
        value: 1,
        sourceFile: 'x',
      });
      return [total.id, household.id, base.id];
    });
    await addDistricts(1, 3, indicatorIds);
    const three = await measure(ALLOCATION, { planId: cityPlanId });
    await addDistricts(4, 41, indicatorIds);
    const fortyOne = await measure(ALLOCATION, { planId: cityPlanId });

    console.log(
      `allocationMatrix: ${three.count} statements for 3 districts, ${fortyOne.count} for 41\n  ` +
        fortyOne.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 110)).join('\n  '),
    );
    expect(three.data.allocationMatrix!.rows).toHaveLength(3);
    expect(fortyOne.data.allocationMatrix!.rows).toHaveLength(41);
    expect(fortyOne.count).toBe(three.count);
  });

  it('runs as many statements for 26 duties as for 2, for a district admin and a department head', async () => {
    const { small, large, head, districtId } = await db.dataSource.transaction(async (m) => {
      const d = await district(m, 'RESP', '责任区', 100, null);
      const shared = await organisation(
        m,
        d.id,
        '区人力社保局',
        OrganisationKind.GOVERNMENT_DEPARTMENT,
        null,
        ['区人社局'],
      );
      const build = async (code: string, count: number): Promise<Plan> => {
        const p = await plan(m, code, `${code} 实施方案`, d.id, 2019, 2021);
        const kpi = await indicator(m, p.id, 'KPI', '培训人次', 0);
        for (let n = 1; n <= count; n++) {
          const lead: Organisation = await organisation(
            m,
            d.id,
            `${code} 牵头单位${n}`,
            OrganisationKind.GOVERNMENT_DEPARTMENT,
            null,
            [`${code} 别名${n}`],
          );
          await duty(
            m,
            p,
            DutyListKind.DEPARTMENT,
            String(n),
            n,
            `${code} 重点工作${n}`,
            [
              [AssignmentRole.LEAD, lead, null, lead.name],
              [AssignmentRole.COOPERATING, shared, null, '区人社局'],
              [AssignmentRole.COOPERATING, null, OrganisationCategory.INDUSTRY_AUTHORITIES, '各行业主管部门'],
            ],
            {
              targets: [
                [2019, 100 * n],
                [2020, 200 * n],
              ],
              indicatorId: kpi.id,
            },
          );
        }
        return p;
      };
      return {
        small: await build('SMALL', 2),
        large: await build('LARGE', 26),
        head: viewer(Role.DEPARTMENT_HEAD, { districtId: d.id, organisationId: shared.id }),
        districtId: d.id,
      };
    });
    const admin = viewer(Role.DISTRICT_ADMIN, { districtId });
    const counts: Record<string, number[]> = {};
    for (const [name, v] of [
      ['district admin', admin],
      ['department head', head],
    ] as const) {
      const two = await measure(RESPONSIBILITY, { planId: small.id }, v);
      const twentySix = await measure(RESPONSIBILITY, { planId: large.id }, v);
      expect(two.data.responsibilityMatrix!.rows).toHaveLength(2);
      expect(twentySix.data.responsibilityMatrix!.rows).toHaveLength(26);
      counts[name] = [two.count, twentySix.count];
      if (name === 'district admin') {
        console.log(
          `responsibilityMatrix (${name}): ${two.count} statements for 2 duties, ${twentySix.count} for 26\n  ` +
            twentySix.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 110)).join('\n  '),
        );
      } else {
        console.log(
          `responsibilityMatrix (${name}): ${two.count} statements for 2 duties, ${twentySix.count} for 26`,
        );
      }
      expect(twentySix.count).toBe(two.count);
    }
  });
});
