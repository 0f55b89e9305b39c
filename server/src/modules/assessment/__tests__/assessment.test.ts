import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import {
  CONNECTIONS,
  errorCodes,
  fixtureViewers,
  seedReadFixture,
  type ReadFixture,
} from '../../plan/__tests__/read-fixture';

const QUERY = `query($planId: ID!) { assessmentCriteria(planId: $planId) { name weight method districtId indicator { code } } }`;

describe.each(CONNECTIONS)('assessmentCriteria, %s', (_connection, connection) => {
  let db: TestDatabase;
  let api: TestApi;
  let f: ReadFixture;
  let v: ReturnType<typeof fixtureViewers>;

  beforeAll(async () => {
    db = await createTestDatabase();
    f = await seedReadFixture(db.dataSource);
    v = fixtureViewers(f);
    api = await createTestApi(connection(db));
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives every signed-in user the criteria of a city plan', async () => {
    for (const viewer of [v.city, v.beibeiAdmin, v.wlHrHead]) {
      const result = await api.query<{ assessmentCriteria: unknown[] }>(
        QUERY,
        { planId: f.plans.city.id },
        viewer,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.assessmentCriteria).toEqual([
        {
          name: '完成目标计划',
          weight: 10,
          method: 'COMPLETION_RATIO',
          districtId: null,
          indicator: { code: 'TOTAL' },
        },
      ]);
    }
  });

  it('gives a district plan’s criteria to its district, NOT_FOUND to another district', async () => {
    const own = await api.query<{ assessmentCriteria: { name: string }[] }>(
      QUERY,
      { planId: f.plans.wulong.id },
      v.wulongViewer,
    );
    expect(own.data?.assessmentCriteria.map((c) => c.name)).toEqual(['武隆重点工作完成率']);
    const result = await api.query<{ a: unknown; b: unknown }>(
      `query($own: ID!, $foreign: ID!) { a: assessmentCriteria(planId: $own) { name } b: assessmentCriteria(planId: $foreign) { name } }`,
      { own: f.plans.beibei.id, foreign: f.plans.wulong.id },
      v.beibeiAdmin,
    );
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
    expect(JSON.stringify(result.data ?? null)).not.toContain('武隆');
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query(QUERY, { planId: f.plans.city.id }, null);
    expect(errorCodes(result)).toEqual([{ path: 'assessmentCriteria', code: 'UNAUTHENTICATED' }]);
  });
});
