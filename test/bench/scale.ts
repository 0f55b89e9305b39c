import type { PgClient } from './pg.ts';

/**
 * Scales the seeded data ×N by copying the shipped plans N−1 times, in SQL, as the owner role.
 *
 * - Every copy of the district plan (WULONG-2019: its indicators, duties, responsibility items,
 *   assignments, yearly targets) goes to a district in turn (copy n → the n-th district in the
 *   city's order, wrapping), with copies of the Wulong organisations its assignments name in that
 *   district (matched by name_key, so each district gets one set).
 * - Every copy of the city plan (CQ-2021-GUIDANCE: indicators, the 41 districts' targets, claimed
 *   totals) is another city plan.
 * - The benchmark's operations keep reading the original plans: the copies are what a large city
 *   holds besides them (the tables the policies and indexes must cope with).
 *
 * Each table is one step below. Adding a table (e.g. the progress reports of the reporting issue) is
 * one more function: insert its rows for every copy, reading the id maps (`bench_map_<table>`,
 * columns n, old_id, new_id) of its parents and writing its own map if children need it.
 */

/** Plans copied at each step of the scale. */
export const SOURCE_PLANS = { district: 'WULONG-2019', city: 'CQ-2021-GUIDANCE' } as const;

type Step = { table: string; run: (db: PgClient, copies: number) => Promise<number> };

async function exec(db: PgClient, sql: string, params: unknown[] = []): Promise<number> {
  const result = await db.query(sql, params);
  return result.rowCount ?? 0;
}

/** One row per copy: its number and the district a district-plan copy belongs to. */
const copies: Step = {
  table: 'bench_copy',
  run: (db, n) =>
    exec(
      db,
      `CREATE TEMP TABLE bench_copy ON COMMIT DROP AS
         SELECT n, d.id AS district_id
           FROM generate_series(1, $1::int) AS n
           JOIN (SELECT id, row_number() OVER (ORDER BY sort_order, code) - 1 AS k FROM district) d
             ON d.k = (n - 1) % (SELECT count(*) FROM district)`,
      [n],
    ),
};

const plans: Step = {
  table: 'plan',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_plan ON COMMIT DROP AS
         SELECT c.n, p.id AS old_id, gen_random_uuid() AS new_id,
                CASE WHEN p.level = 'CITY' THEN NULL ELSE c.district_id END AS district_id
           FROM bench_copy c CROSS JOIN plan p WHERE p.code = ANY ($1)`,
      [[SOURCE_PLANS.district, SOURCE_PLANS.city]],
    );
    return exec(
      db,
      `INSERT INTO plan (id, code, title, document_number, issuer, level, district_id, start_year,
                         end_year, cadence, source)
       SELECT m.new_id, p.code || '-BENCH-' || m.n, p.title || '（基准测试副本 ' || m.n || '）',
              p.document_number, p.issuer, p.level, m.district_id, p.start_year, p.end_year,
              p.cadence, p.source
         FROM bench_map_plan m JOIN plan p ON p.id = m.old_id`,
    );
  },
};

/** The district plan's organisations, once per district that receives a copy. */
const organisations: Step = {
  table: 'organisation',
  run: async (db) => {
    const inserted = await exec(
      db,
      `INSERT INTO organisation (district_id, name, name_key, kind, category)
       SELECT DISTINCT c.district_id, o.name, o.name_key, o.kind, o.category
         FROM bench_copy c
         JOIN plan p ON p.code = $1
         JOIN organisation o ON o.district_id = p.district_id
        WHERE NOT EXISTS (SELECT 1 FROM organisation x
                           WHERE x.district_id = c.district_id AND x.name_key = o.name_key)`,
      [SOURCE_PLANS.district],
    );
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_organisation ON COMMIT DROP AS
         SELECT c.n, o.id AS old_id, x.id AS new_id
           FROM bench_copy c
           JOIN plan p ON p.code = $1
           JOIN organisation o ON o.district_id = p.district_id
           JOIN organisation x ON x.district_id = c.district_id AND x.name_key = o.name_key`,
      [SOURCE_PLANS.district],
    );
    return inserted;
  },
};

const indicators: Step = {
  table: 'indicator',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_indicator ON COMMIT DROP AS
         SELECT m.n, i.id AS old_id, gen_random_uuid() AS new_id
           FROM bench_map_plan m JOIN indicator i ON i.plan_id = m.old_id`,
    );
    return exec(
      db,
      `INSERT INTO indicator (id, plan_id, code, name, unit, parent_id, nature, ceiling_ratio,
                              ceiling_of_id, cumulative, basis, sort_order)
       SELECT mi.new_id, mp.new_id, i.code, i.name, i.unit, parent.new_id, i.nature, i.ceiling_ratio,
              ceiling.new_id, i.cumulative, i.basis, i.sort_order
         FROM bench_map_indicator mi
         JOIN indicator i ON i.id = mi.old_id
         JOIN bench_map_plan mp ON mp.n = mi.n AND mp.old_id = i.plan_id
         LEFT JOIN bench_map_indicator parent ON parent.n = mi.n AND parent.old_id = i.parent_id
         LEFT JOIN bench_map_indicator ceiling ON ceiling.n = mi.n AND ceiling.old_id = i.ceiling_of_id`,
    );
  },
};

/** Targets: a city plan's keep their districts; a district plan's move to the copy's district. */
const targets: Step = {
  table: 'target',
  run: (db) =>
    exec(
      db,
      `INSERT INTO target (plan_id, indicator_id, district_id, year, value)
       SELECT mp.new_id, mi.new_id,
              CASE WHEN t.district_id IS NULL OR mp.district_id IS NULL THEN t.district_id ELSE mp.district_id END,
              t.year, t.value
         FROM bench_map_plan mp
         JOIN target t ON t.plan_id = mp.old_id
         JOIN bench_map_indicator mi ON mi.n = mp.n AND mi.old_id = t.indicator_id`,
    ),
};

const claimedTotals: Step = {
  table: 'claimed_total',
  run: (db) =>
    exec(
      db,
      `INSERT INTO claimed_total (plan_id, indicator_id, year, value, source_file)
       SELECT mp.new_id, mi.new_id, ct.year, ct.value, ct.source_file
         FROM bench_map_plan mp
         JOIN claimed_total ct ON ct.plan_id = mp.old_id
         JOIN bench_map_indicator mi ON mi.n = mp.n AND mi.old_id = ct.indicator_id`,
    ),
};

const duties: Step = {
  table: 'duty',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_duty ON COMMIT DROP AS
         SELECT mp.n, d.id AS old_id, gen_random_uuid() AS new_id, mp.new_id AS plan_id, mp.district_id
           FROM bench_map_plan mp JOIN duty d ON d.plan_id = mp.old_id`,
    );
    return exec(
      db,
      `INSERT INTO duty (id, plan_id, district_id, list_kind, seq, sort_order, title, target_text)
       SELECT md.new_id, md.plan_id, md.district_id, d.list_kind, d.seq, d.sort_order, d.title, d.target_text
         FROM bench_map_duty md JOIN duty d ON d.id = md.old_id`,
    );
  },
};

const responsibilityItems: Step = {
  table: 'responsibility_item',
  run: (db) =>
    exec(
      db,
      `INSERT INTO responsibility_item (duty_id, district_id, seq, text)
       SELECT md.new_id, md.district_id, r.seq, r.text
         FROM bench_map_duty md JOIN responsibility_item r ON r.duty_id = md.old_id`,
    ),
};

const assignments: Step = {
  table: 'duty_assignment',
  run: (db) =>
    exec(
      db,
      `INSERT INTO duty_assignment (duty_id, district_id, role, organisation_id, category, assignee_text, sort_order)
       SELECT md.new_id, md.district_id, a.role, mo.new_id, a.category, a.assignee_text, a.sort_order
         FROM bench_map_duty md
         JOIN duty_assignment a ON a.duty_id = md.old_id
         LEFT JOIN bench_map_organisation mo ON mo.n = md.n AND mo.old_id = a.organisation_id
        WHERE a.organisation_id IS NULL OR mo.new_id IS NOT NULL`,
    ),
};

const dutyTargets: Step = {
  table: 'duty_target',
  run: (db) =>
    exec(
      db,
      `INSERT INTO duty_target (duty_id, district_id, year, value, unit, indicator_id)
       SELECT md.new_id, md.district_id, t.year, t.value, t.unit, mi.new_id
         FROM bench_map_duty md
         JOIN duty_target t ON t.duty_id = md.old_id
         LEFT JOIN bench_map_indicator mi ON mi.n = md.n AND mi.old_id = t.indicator_id`,
    ),
};

/** In dependency order. Add a table here (see the module comment). */
export const SCALE_STEPS: Step[] = [
  copies,
  plans,
  organisations,
  indicators,
  targets,
  claimedTotals,
  duties,
  responsibilityItems,
  assignments,
  dutyTargets,
];

/**
 * Copies the source plans `scale − 1` times in one transaction (as the owner: the policies let the
 * table owner through) and returns the rows inserted per table. Scale 1 changes nothing.
 */
export async function scaleData(db: PgClient, scale: number): Promise<Record<string, number>> {
  const inserted: Record<string, number> = {};
  if (scale <= 1) return inserted;
  await db.query('BEGIN');
  try {
    for (const step of SCALE_STEPS) {
      inserted[step.table] = await step.run(db, scale - 1);
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  return inserted;
}

/** Row counts of the tables the operations read (reported with the results). */
export async function tableCounts(db: PgClient): Promise<Record<string, number>> {
  const tables = ['plan', 'indicator', 'target', 'duty', 'duty_assignment', 'duty_target', 'organisation'];
  const { rows } = await db.query<{ t: string; n: number }>(
    tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
