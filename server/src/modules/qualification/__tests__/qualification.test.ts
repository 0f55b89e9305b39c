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

const QUERY = `query($id: ID!) {
  qualifications(organisationId: $id) { kind number status validFrom validTo organisation { name } catalogueEntry { occupation } }
}`;

describe.each(CONNECTIONS)('qualifications, %s', (_connection, connection) => {
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

  it('gives the institution’s district and the city its qualifications', async () => {
    for (const viewer of [v.city, v.beibeiAdmin]) {
      const result = await api.query<{ qualifications: unknown[] }>(
        QUERY,
        { id: f.orgs.bbSchool.id },
        viewer,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.qualifications).toEqual([
        {
          kind: 'CERTIFICATION_BODY',
          number: '北碚认定002',
          status: 'PENDING_REVIEW',
          validFrom: null,
          validTo: null,
          organisation: { name: '北碚职业培训学校' },
          catalogueEntry: { occupation: '电工' },
        },
      ]);
    }
    const own = await api.query<{ qualifications: { number: string; validFrom: string }[] }>(
      QUERY,
      { id: f.orgs.wlSchool.id },
      v.wlSchoolAdmin,
    );
    expect(own.data?.qualifications.map((q) => [q.number, q.validFrom])).toEqual([
      ['渝武民办学001', '2020-01-01'],
    ]);
  });

  it('answers NOT_FOUND for another district’s organisation, and hides it in Organisation.qualifications too', async () => {
    const result = await api.query<{ a: unknown[] | null; b: unknown[] | null }>(
      `query($own: ID!, $foreign: ID!) { a: qualifications(organisationId: $own) { number } b: qualifications(organisationId: $foreign) { number } }`,
      { own: f.orgs.wlSchool.id, foreign: f.orgs.bbSchool.id },
      v.wulongAdmin,
    );
    expect(errorCodes(result)).toEqual([{ path: 'b', code: 'NOT_FOUND' }]);
    expect(JSON.stringify(result.data ?? null)).not.toContain('北碚认定002');

    const nested = await api.query<{ organisations: { nodes: { qualifications: { number: string }[] }[] } }>(
      `{ organisations(filter: { kind: TRAINING_INSTITUTION }) { nodes { qualifications { number } } } }`,
      undefined,
      v.wulongAdmin,
    );
    expect(nested.data?.organisations.nodes).toEqual([{ qualifications: [{ number: '渝武民办学001' }] }]);
  });

  it('refuses a signed-out caller with UNAUTHENTICATED', async () => {
    const result = await api.query(QUERY, { id: f.orgs.wlSchool.id }, null);
    expect(errorCodes(result)).toEqual([{ path: 'qualifications', code: 'UNAUTHENTICATED' }]);
  });
});
