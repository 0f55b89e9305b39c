import { normaliseName } from '@skills/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createLogger } from '../../../logging/logger';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../../seed/demo-accounts';

const log = createLogger('silent', false);

describe('demo accounts', () => {
  let db: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db.appDataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('fail clearly, creating nothing, when the reference data is not loaded', async () => {
    await expect(ensureDemoAccounts(db.dataSource, log)).rejects.toThrow(
      /district 武隆区 not found.*importer/,
    );
    const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM app_user`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('are never created in production', async () => {
    expect(
      await ensureDemoAccounts(db.dataSource, log, { NODE_ENV: 'production', demoAccounts: true }),
    ).toEqual([]);
  });

  it('cover every role, sign in with demo-2026, and are idempotent', async () => {
    // The importer's reference rows these accounts rely on (as districts.csv / organisations.csv give them).
    const [{ id: wulong }] = (await db.dataSource.query(
      `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ('500156','武隆区','武隆区','DISTRICT',26) RETURNING id`,
    )) as [{ id: string }];
    const [{ id: beibei }] = (await db.dataSource.query(
      `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ('500109','北碚区','北碚区','DISTRICT',10) RETURNING id`,
    )) as [{ id: string }];
    await db.dataSource.query(
      `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ('500104','大渡口区','大渡口区','DISTRICT',5)`,
    );
    for (const district of [wulong, beibei])
      await db.dataSource.query(
        `INSERT INTO organisation (district_id, name, name_key, kind) VALUES ($1, '区人力社保局', $2, 'GOVERNMENT_DEPARTMENT')`,
        [district, normaliseName('区人力社保局')],
      );

    const accounts = await ensureDemoAccounts(db.dataSource, log);
    expect(new Set(accounts.map((a) => a.role))).toEqual(
      new Set([
        'CITY_ADMIN',
        'DISTRICT_ADMIN',
        'VIEWER',
        'DEPARTMENT_HEAD',
        'INSTITUTION_ADMIN',
        'ENTERPRISE_ADMIN',
      ]),
    );
    expect(accounts.map((a) => a.username)).toEqual([
      'demo-city',
      'demo-wulong-admin',
      'demo-wulong-viewer',
      'demo-beibei-admin',
      'demo-beibei-viewer',
      'demo-wulong-hr',
      'demo-beibei-hr',
      'demo-wulong-institution',
      'demo-wulong-enterprise',
      'demo-dadukou-admin',
      'demo-dadukou-institution',
    ]);
    for (const account of accounts) {
      const result = await api.query<{ signIn: { user: { grants: { role: string }[] } } }>(
        `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { user { grants { role } } } }`,
        { u: account.username, p: DEMO_PASSWORD },
        null,
      );
      expect(result.errors, account.username).toBeUndefined();
      expect(result.data!.signIn.user.grants.map((g) => g.role)).toEqual([account.role]);
    }

    const count = async () =>
      (
        (await db.dataSource.query(
          `SELECT (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM user_grant)::int AS grants,
                (SELECT count(*) FROM organisation)::int AS organisations`,
        )) as { users: number; grants: number; organisations: number }[]
      )[0];
    const before = await count();
    expect(before).toEqual({ users: 11, grants: 11, organisations: 5 });
    await ensureDemoAccounts(db.dataSource, log);
    expect(await count()).toEqual(before);
  });
});
