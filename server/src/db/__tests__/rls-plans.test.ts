import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SCOPE, type TenantScope } from '../../auth/viewer';
import { openTenantTransaction } from '../tenant';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';

/**
 * Row-level security must cost (almost) nothing per row (db/rls.ts, issue 8): the planner evaluates
 * every policy function once per statement as an InitPlan, and a SELECT evaluates one policy. These
 * tests read the plans PostgreSQL makes for scoped reads of tables with thousands of rows, and the
 * policies as the catalogue stores them (every table's, so a new table copying an old pattern fails).
 */

interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Subplan Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Filter?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Join Filter'?: string;
  'Hash Cond'?: string;
  Plans?: PlanNode[];
}

/** What a policy evaluated per row would show in a node's conditions (inlined or not). */
const PER_ROW = /app_\w+\(|current_setting|pg_has_role/;

/** Conditions of nodes outside InitPlans (evaluated per row) and the InitPlans themselves. */
function walk(node: PlanNode, out: { perRow: string[]; initPlans: PlanNode[]; scanned: number }) {
  if (node['Parent Relationship'] === 'InitPlan') {
    out.initPlans.push(node);
    return;
  }
  for (const key of ['Filter', 'Index Cond', 'Recheck Cond', 'Join Filter', 'Hash Cond'] as const) {
    const cond = node[key];
    if (cond && PER_ROW.test(cond)) out.perRow.push(`${node['Node Type']} ${key}: ${cond}`);
  }
  if (/Scan$/.test(node['Node Type']) && node['Actual Rows'] !== undefined)
    out.scanned += node['Actual Rows'] * (node['Actual Loops'] ?? 1);
  for (const child of node.Plans ?? []) walk(child, out);
}

describe('row-level security plans', () => {
  let db: TestDatabase;
  let a: string;
  let b: string;
  const DUTIES = 3000;

  const districtScope = (id: string): TenantScope => ({
    ...EMPTY_SCOPE,
    readableDistrictIds: [id],
    writableDistrictIds: [id],
  });

  async function explain(scope: TenantScope, sql: string, params: unknown[] = []) {
    const tx = await openTenantTransaction(db.appDataSource, scope, null, true);
    try {
      const [row] = (await tx.manager.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as {
        'QUERY PLAN': { Plan: PlanNode }[];
      }[];
      const out = { perRow: [] as string[], initPlans: [] as PlanNode[], scanned: 0 };
      walk(row!['QUERY PLAN'][0]!.Plan, out);
      return out;
    } finally {
      await tx.rollback();
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
    const [{ id: city }] = await q(
      `INSERT INTO plan (code, title, issuer, level, start_year, end_year, cadence) VALUES ('C','市计划','市人力社保局','CITY',2021,2021,'QUARTERLY') RETURNING id`,
    );
    const [{ id: planA }] = await q(
      `INSERT INTO plan (code, title, issuer, level, district_id, start_year, cadence) VALUES ('A','武隆方案','武隆区政府','DISTRICT',$1,2019,'MONTHLY') RETURNING id`,
      [a],
    );
    const [{ id: planB }] = await q(
      `INSERT INTO plan (code, title, issuer, level, district_id, start_year, cadence) VALUES ('B','北碚意见','北碚区政府','DISTRICT',$1,2019,'QUARTERLY') RETURNING id`,
      [b],
    );
    const [{ id: ind }] = await q(
      `INSERT INTO indicator (plan_id, code, name, unit, nature, sort_order) VALUES ($1,'T','目标计划','人次','EXPECTED',1) RETURNING id`,
      [city],
    );
    // Half the duties in each district; a target per year for each district.
    await q(
      `INSERT INTO duty (plan_id, district_id, list_kind, seq, sort_order, title)
       SELECT CASE WHEN i % 2 = 0 THEN $1::uuid ELSE $2::uuid END,
              CASE WHEN i % 2 = 0 THEN $3::uuid ELSE $4::uuid END,
              'DEPARTMENT', i::text, i, '工作' || i
         FROM generate_series(1, $5::int) i`,
      [planA, planB, a, b, DUTIES],
    );
    await q(
      `INSERT INTO target (plan_id, indicator_id, district_id, year, value)
       SELECT $1, $2, d, y, 100 FROM unnest($3::uuid[]) d, generate_series(1000, 2999) y`,
      [city, ind, [a, b]],
    );
    await q(`ANALYZE`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each([
    ['duty', `SELECT id, title FROM duty`, DUTIES / 2],
    ['target (rows of a plan)', `SELECT id, value FROM target`, 2000],
    ['indicator', `SELECT id FROM indicator`, 1],
    ['plan', `SELECT id FROM plan`, 2],
  ])('evaluates the policies of %s once per statement, not per row', async (_name, sql, visible) => {
    const plan = await explain(districtScope(a), sql);
    expect(plan.perRow, 'policy conditions evaluated per row').toEqual([]);
    expect(plan.initPlans.length).toBeGreaterThan(0);
    for (const init of plan.initPlans) expect(init['Actual Loops'] ?? 0).toBeLessThanOrEqual(1);
    // The district sees its own rows only (the policy still filters).
    expect(plan.scanned).toBeGreaterThanOrEqual(visible);
  });

  it('still answers with the scope’s rows only', async () => {
    const tx = await openTenantTransaction(db.appDataSource, districtScope(a), null, true);
    try {
      const duties = (await tx.manager.query(`SELECT count(*)::int AS n FROM duty`)) as { n: number }[];
      expect(duties[0]?.n).toBe(DUTIES / 2);
      const targets = (await tx.manager.query(`SELECT count(*)::int AS n FROM target`)) as { n: number }[];
      expect(targets[0]?.n).toBe(2000);
    } finally {
      await tx.rollback();
    }
  });

  it('uses the keyset index for a page of duties', async () => {
    const tx = await openTenantTransaction(db.appDataSource, districtScope(a), null, true);
    try {
      const [row] = (await tx.manager.query(
        `EXPLAIN (FORMAT JSON) SELECT id FROM duty WHERE plan_id = (SELECT id FROM plan WHERE code = 'A')
           ORDER BY plan_id, list_kind, sort_order, id LIMIT 51`,
      )) as { 'QUERY PLAN': unknown }[];
      expect(JSON.stringify(row!['QUERY PLAN'])).toContain('"Index Name":"duty_page"');
    } finally {
      await tx.rollback();
    }
  });

  it('gives every table one permissive policy per command, each calling app_* functions as sub-selects', async () => {
    const policies = (await db.dataSource.query(
      `SELECT tablename, policyname, cmd, permissive, coalesce(qual, '') AS qual,
              coalesce(with_check, '') AS with_check
         FROM pg_policies WHERE schemaname = 'public'`,
    )) as {
      tablename: string;
      policyname: string;
      cmd: string;
      permissive: string;
      qual: string;
      with_check: string;
    }[];
    expect(policies.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const p of policies) {
      if (p.cmd === 'ALL') wrong.push(`${p.policyname}: FOR ALL (evaluated on SELECT too)`);
      const key = `${p.tablename}/${p.cmd}`;
      if (p.permissive === 'PERMISSIVE' && seen.has(key)) wrong.push(`${p.tablename}: two ${p.cmd} policies`);
      seen.add(key);
      // Every app_* call must sit in a scalar sub-select: "( SELECT app_x() AS app_x)".
      for (const expr of [p.qual, p.with_check]) {
        const calls = expr.match(/app_\w+\(/g) ?? [];
        const hoisted = expr.match(/\(\s*SELECT app_\w+\(\)/g) ?? [];
        if (calls.length !== hoisted.length) wrong.push(`${p.policyname}: per-row call in ${expr}`);
        if (/current_setting/.test(expr)) wrong.push(`${p.policyname}: current_setting per row`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
