import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SCOPE, type TenantScope } from '../../auth/viewer';
import { checkRowLevelSecurity } from '../roles';
import { openTenantTransaction } from '../tenant';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';

/**
 * The second wall: whatever a service forgets, the application role sees and changes only rows of
 * the scope set in its transaction.
 */
describe('row-level security', () => {
  let db: TestDatabase;
  let a: string;
  let b: string;
  let cityPlan: string;
  let planA: string;
  let planB: string;

  const scopeOf = (districts: string[], extra: Partial<TenantScope> = {}): TenantScope => ({
    ...EMPTY_SCOPE,
    readableDistrictIds: districts,
    writableDistrictIds: districts,
    ...extra,
  });

  // Raw rows of ad-hoc SQL: typed loosely on purpose, the assertions check them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Rows = any[];
  async function asApp<T>(
    scope: TenantScope,
    fn: (q: (sql: string, p?: unknown[]) => Promise<Rows>) => Promise<T>,
  ) {
    const tx = await openTenantTransaction(db.appDataSource, scope, null, false);
    try {
      const result = await fn((sql, params) => tx.manager.query(sql, params));
      await tx.commit();
      return result;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
    [{ id: a }] = await q(
      `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ('500156','武隆区','武隆区','DISTRICT',26) RETURNING id`,
    );
    [{ id: b }] = await q(
      `INSERT INTO district (code, name, full_name, kind, sort_order) VALUES ('500109','北碚区','北碚区','DISTRICT',10) RETURNING id`,
    );
    [{ id: cityPlan }] = await q(
      `INSERT INTO plan (code, title, issuer, level, start_year, end_year, cadence) VALUES ('C','市计划','市人力社保局','CITY',2021,2021,'QUARTERLY') RETURNING id`,
    );
    [{ id: planA }] = await q(
      `INSERT INTO plan (code, title, issuer, level, district_id, start_year, cadence) VALUES ('A','武隆方案','武隆区政府','DISTRICT',$1,2019,'MONTHLY') RETURNING id`,
      [a],
    );
    [{ id: planB }] = await q(
      `INSERT INTO plan (code, title, issuer, level, district_id, start_year, cadence) VALUES ('B','北碚意见','北碚区政府','DISTRICT',$1,2019,'QUARTERLY') RETURNING id`,
      [b],
    );
    const [{ id: ind }] = await q(
      `INSERT INTO indicator (plan_id, code, name, unit, nature, sort_order) VALUES ($1,'T','目标计划','人次','EXPECTED',1) RETURNING id`,
      [cityPlan],
    );
    await q(
      `INSERT INTO target (plan_id, indicator_id, district_id, year, value) VALUES ($1,$2,$3,2021,4800), ($1,$2,$4,2021,11000)`,
      [cityPlan, ind, a, b],
    );
    await q(
      `INSERT INTO duty (plan_id, district_id, list_kind, seq, sort_order, title) VALUES ($1,$2,'DEPARTMENT','1',1,'武隆重点工作'), ($3,$4,'DEPARTMENT','四',4,'北碚重点工作')`,
      [planA, a, planB, b],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it('holds for the application role (the start-up check passes) and not for the owner', async () => {
    const app = await checkRowLevelSecurity(db.appDataSource);
    expect(app.filter((c) => !c.holds)).toEqual([]);
    const owner = await checkRowLevelSecurity(db.dataSource);
    expect(owner.find((c) => c.fact.includes('not the table owner'))?.holds).toBe(false);
  });

  it('shows nothing of any district without a scope', async () => {
    const rows = await asApp(EMPTY_SCOPE, (q) => q(`SELECT title FROM duty`));
    expect(rows).toEqual([]);
    // City plans are shared reference data; district plans are not.
    const plans = await asApp(EMPTY_SCOPE, (q) => q(`SELECT code FROM plan ORDER BY code`));
    expect(plans.map((p) => p.code)).toEqual(['C']);
  });

  it("shows a district its own rows only, the city's allocation included", async () => {
    const duties = await asApp(scopeOf([a]), (q) => q(`SELECT title FROM duty`));
    expect(duties.map((d) => d.title)).toEqual(['武隆重点工作']);
    const targets = await asApp(scopeOf([a]), (q) => q(`SELECT value FROM target`));
    expect(targets.map((t) => Number(t.value))).toEqual([4800]);
    const plans = await asApp(scopeOf([a]), (q) => q(`SELECT code FROM plan ORDER BY code`));
    expect(plans.map((p) => p.code)).toEqual(['A', 'C']);
  });

  it('lets the city read every district', async () => {
    const duties = await asApp(scopeOf([], { readsAllDistricts: true, writesCity: true }), (q) =>
      q(`SELECT title FROM duty ORDER BY title`),
    );
    expect(duties).toHaveLength(2);
  });

  it("refuses writes into another district's rows and changes none of them", async () => {
    await expect(
      asApp(scopeOf([a]), (q) =>
        q(
          `INSERT INTO duty (plan_id, district_id, list_kind, seq, sort_order, title) VALUES ($1,$2,'DEPARTMENT','9',9,'x')`,
          [planB, b],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asApp(scopeOf([a]), (q) =>
      q(`WITH u AS (UPDATE duty SET title = 'hacked' WHERE district_id = $1 RETURNING id) SELECT id FROM u`, [
        b,
      ]),
    );
    expect(updated).toEqual([]);
    // A district cannot change the city's allocation to itself either.
    const targets = await asApp(scopeOf([a]), (q) =>
      q(`WITH u AS (UPDATE target SET value = 1 RETURNING id) SELECT id FROM u`),
    );
    expect(targets).toEqual([]);
    const [{ title }] = await db.dataSource.query(`SELECT title FROM duty WHERE district_id = $1`, [b]);
    expect(title).toBe('北碚重点工作');
  });

  it('keeps the scope inside its transaction: the pooled connection forgets it', async () => {
    await asApp(scopeOf([a]), (q) => q(`SELECT 1`));
    // Same pool, next transaction, no scope: nothing.
    for (let i = 0; i < 5; i++) {
      const rows = await asApp(EMPTY_SCOPE, (q) => q(`SELECT title FROM duty`));
      expect(rows).toEqual([]);
    }
    const outside = await db.appDataSource.query(`SELECT count(*)::int AS n FROM duty`);
    expect(outside[0].n).toBe(0);
  });
});
