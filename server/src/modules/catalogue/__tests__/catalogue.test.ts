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

const QUERY = `query($planId: ID!) { catalogue(planId: $planId) { seq occupation district { name } } }`;

describe.each(CONNECTIONS)('catalogue, %s', (_connection, connection) => {
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

  it('gives the district’s users and the city the catalogue of a plan, in order', async () => {
    for (const viewer of [v.city, v.wulongViewer, v.wlSchoolAdmin]) {
      const result = await api.query<{ catalogue: unknown[] }>(QUERY, { planId: f.plans.wulong.id }, viewer);
      expect(result.errors).toBeUndefined();
      expect(result.data?.catalogue).toEqual([
        { seq: 1, occupation: '茶艺师', district: { name: '武隆区' } },
        { seq: 2, occupation: '导游', district: { name: '武隆区' } },
      ]);
    }
  });

  it('answers NOT_FOUND for another district’s plan (aliases: the own one still answers)', async () => {
    const result = await api.query<{ a: unknown[] | null; b: unknown[] | null }>(
      `query($own: ID!, $foreign: ID!) { a: catalogue(planId: $own) { occupation } b: catalogue(planId: $foreign) { occupation } }`,
      { own: f.plans.beibei.id, foreign: f.plans.wulong.id },
      v.beibeiAdmin,
    );
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
    expect(JSON.stringify(result.data ?? null)).not.toContain('茶艺师');
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query(QUERY, { planId: f.plans.wulong.id }, null);
    expect(errorCodes(result)).toEqual([{ path: 'catalogue', code: 'UNAUTHENTICATED' }]);
  });
});
