import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createCityAdmin } from '../../../cli/create-admin';

const SIGN_IN = `mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { user { username grants { role } } } }`;

/** `pnpm run create-admin`: the first city admin of an empty database, without SQL. */
describe('createCityAdmin', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db.appDataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates a city admin who can sign in; a second run resets the password, one grant only', async () => {
    const first = await createCityAdmin(db.dataSource, {
      username: ' City-Admin ',
      displayName: '市级管理员',
      password: 'first-admin-2026',
    });
    expect(first).toMatchObject({ username: 'city-admin', created: true });
    const signedIn = await api.query(SIGN_IN, { u: 'city-admin', p: 'first-admin-2026' }, null);
    expect(signedIn.data?.signIn).toEqual({
      user: { username: 'city-admin', grants: [{ role: 'CITY_ADMIN' }] },
    });

    const again = await createCityAdmin(db.dataSource, {
      username: 'city-admin',
      displayName: 'x',
      password: 'second-admin-2026',
    });
    expect(again).toMatchObject({ userId: first.userId, created: false });
    expect(
      (await api.query(SIGN_IN, { u: 'city-admin', p: 'second-admin-2026' }, null)).errors,
    ).toBeUndefined();
    const grants = (await db.dataSource.query(`SELECT role FROM user_grant WHERE user_id = $1`, [
      first.userId,
    ])) as unknown[];
    expect(grants).toEqual([{ role: 'CITY_ADMIN' }]);
  });

  it('refuses a weak password and a bad username, creating nothing', async () => {
    await expect(
      createCityAdmin(db.dataSource, { username: 'weak-admin', displayName: '甲', password: 'password1' }),
    ).rejects.toThrow(/常见/);
    await expect(
      createCityAdmin(db.dataSource, { username: 'x', displayName: '甲', password: 'first-admin-2026' }),
    ).rejects.toThrow();
    expect(
      await db.dataSource.query(`SELECT username FROM app_user WHERE username IN ('weak-admin', 'x')`),
    ).toEqual([]);
  });
});
