import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createTestApi, type TestApi } from '../../../../test/support/api';

describe('systemStatus', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db.dataSource);
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
});
