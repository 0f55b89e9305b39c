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

const QUERY = `{ districts { id code name kind ruralRevitalisationLevel ruralRevitalisationLabel sortOrder } }`;

describe.each(CONNECTIONS)('districts, %s', (_connection, connection) => {
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

  it('lists every district in the documents’ order, with the rural-revitalisation level, to any signed-in user', async () => {
    for (const viewer of [v.city, v.beibeiAdmin, v.wlSchoolAdmin]) {
      const result = await api.query<{
        districts: { name: string; ruralRevitalisationLevel: string | null }[];
      }>(QUERY, undefined, viewer);
      expect(result.errors).toBeUndefined();
      expect(result.data?.districts.map((d) => [d.name, d.ruralRevitalisationLevel])).toEqual([
        ['大渡口区', null],
        ['北碚区', null],
        ['武隆区', 'MUNICIPAL'],
      ]);
    }
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query(QUERY, undefined, null);
    expect(result.data).toBeNull();
    expect(errorCodes(result)).toEqual([{ path: 'districts', code: 'UNAUTHENTICATED' }]);
  });
});
