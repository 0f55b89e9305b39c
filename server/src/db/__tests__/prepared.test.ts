import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../../../test/support/api';
import { seedTenants, type Tenants } from '../../../test/support/fixtures';
import { countStatements } from '../../../test/support/sql-counter';
import { hashToken } from '../../auth/session';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { District } from '../../modules/district/district.entity';
import { PREPARED, prepared } from '../prepared';

/**
 * Marked statements (db/prepared.ts) run as named prepared statements on the application role's
 * connections — and, being id lookups, end up on a generic plan, so they are no longer planned
 * per request; unmarked statements are left alone.
 */
let db: TestDatabase;
let t: Tenants;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await seedTenants(db.dataSource);
});
afterAll(async () => {
  await db.drop();
});

interface PreparedRow {
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

describe('prepared statements', () => {
  it('prepares marked statements once per connection and plans an id lookup generically', async () => {
    const runner = db.appDataSource.createQueryRunner();
    await runner.connect();
    try {
      const id = t.districts.wulong.id;
      await runner.startTransaction();
      await runner.query(`SELECT set_config('app.reads_all', 'on', true)`);
      for (let i = 0; i < 8; i++) {
        const found = await runner.manager
          .getRepository(District)
          .createQueryBuilder('d')
          .comment(PREPARED)
          .where('d.id = :id', { id })
          .getMany();
        expect(found.map((d) => d.id)).toEqual([id]);
      }
      await runner.query(prepared('SELECT $1::int + 1 AS n'), [41]);
      await runner.query('SELECT $1::int + 2 AS n', [40]);
      const rows = (await runner.query(
        `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY statement`,
      )) as PreparedRow[];
      await runner.commitTransaction();

      const lookup = rows.find((r) => r.statement.includes('FROM "district"'));
      expect(lookup?.statement.startsWith('/* prepared */')).toBe(true);
      // Five custom plans, then the generic plan for the rest (plan_cache_mode auto): a lookup by
      // key costs the same either way, and the generic one needs no planning.
      expect(Number(lookup?.generic_plans)).toBeGreaterThan(0);
      expect(Number(lookup!.generic_plans) + Number(lookup!.custom_plans)).toBe(8);
      expect(rows.some((r) => r.statement.includes('$1::int + 1'))).toBe(true);
      expect(rows.some((r) => r.statement.includes('$1::int + 2'))).toBe(false);
    } finally {
      await runner.release();
    }
  });

  it('answers a request’s loader reads from prepared statements', async () => {
    const api = await createTestApi(db.appDataSource);
    const token = randomBytes(32).toString('base64url');
    await db.dataSource.query(
      `INSERT INTO user_session (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
      [t.users.wulongAdmin.id, hashToken(token)],
    );
    const counter = countStatements(db.appDataSource);
    try {
      const { result, statements } = await counter.measure(() =>
        api.request<{ organisation: { name: string; aliases: unknown[] } }>(
          `query ($id: ID!) { organisation(id: $id) { name aliases { alias } } }`,
          { id: t.organisations.wulongHr.id },
          { token },
        ),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.organisation.name).toBe(t.organisations.wulongHr.name);
      // The organisation (a lookup by key) and its aliases (a loader): marked, hence prepared.
      const marked = statements.filter((s) => s.startsWith('/* prepared */'));
      expect(marked).toHaveLength(2);
    } finally {
      counter.stop();
    }
  });
});
