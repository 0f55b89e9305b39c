import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { Role, type Viewer } from '../../../auth/viewer';

const cityAdmin: Viewer = {
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'city',
  displayName: '市人力社保局',
  sessionId: 'test',
  grants: [{ id: 'g', role: Role.CITY_ADMIN, districtId: null, organisationId: null }],
};

describe('systemStatus', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db.dataSource, cityAdmin);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers from the real database', async () => {
    const result = await api.query<{ systemStatus: { databaseVersion: string; version: string } }>(
      '{ systemStatus { databaseVersion version } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.systemStatus.databaseVersion).toMatch(/^\d+/);
    expect(result.data?.systemStatus.version).toBe('0.0.0');
  });

  it('is refused to a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query('{ systemStatus { version } }', undefined, null);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
