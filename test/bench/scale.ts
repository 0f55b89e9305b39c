import type { PgClient } from './pg.ts';

/**
 * Scales the seeded data ×N by copying the shipped plans N−1 times, in SQL, as the owner role.
 *
 * - First, at every scale, a fixed sample of what users enter (SAMPLE_STEPS: reports, official
 *   statistics, classes, certification bodies, criteria), which the seed does not hold.
 * - Every copy of the district plan (WULONG-2019: its indicators, duties, responsibility items,
 *   assignments, yearly targets, reporting periods, reports and their items) goes to a district in
 *   turn (copy n → the n-th district in the city's order, wrapping), with copies of the Wulong
 *   organisations its assignments name in that district (matched by name_key, so each district gets
 *   one set) and of those organisations' classes and certification bodies. Its duty targets linked
 *   to the city plan's indicators stay linked to the original city plan's.
 * - Every copy of the city plan (CQ-2021-GUIDANCE: indicators, the 41 districts' targets, claimed
 *   totals, official statistics, criteria and adjustments) is another city plan.
 * - The benchmark's operations keep reading the original plans: the copies are what a large city
 *   holds besides them (the tables the policies and indexes must cope with), and the city dashboard
 *   of the original plan aggregates every copy's reports, duty targets, classes and bodies.
 *
 * Each table is one step below. Adding a table is one more function: insert its rows for every
 * copy, reading the id maps (`bench_map_<table>`, columns n, old_id, new_id) of its parents and
 * writing its own map if children need it.
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
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_responsibility_item ON COMMIT DROP AS
         SELECT md.n, r.id AS old_id, gen_random_uuid() AS new_id
           FROM bench_map_duty md JOIN responsibility_item r ON r.duty_id = md.old_id`,
    );
    return exec(
      db,
      `INSERT INTO responsibility_item (id, duty_id, district_id, seq, text)
       SELECT mr.new_id, md.new_id, md.district_id, r.seq, r.text
         FROM bench_map_responsibility_item mr
         JOIN responsibility_item r ON r.id = mr.old_id
         JOIN bench_map_duty md ON md.n = mr.n AND md.old_id = r.duty_id`,
    );
  },
};

const assignments: Step = {
  table: 'duty_assignment',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_duty_assignment ON COMMIT DROP AS
         SELECT md.n, a.id AS old_id, gen_random_uuid() AS new_id, md.new_id AS duty_id, md.district_id,
                mo.new_id AS organisation_id
           FROM bench_map_duty md
           JOIN duty_assignment a ON a.duty_id = md.old_id
           LEFT JOIN bench_map_organisation mo ON mo.n = md.n AND mo.old_id = a.organisation_id
          WHERE a.organisation_id IS NULL OR mo.new_id IS NOT NULL`,
    );
    return exec(
      db,
      `INSERT INTO duty_assignment (id, duty_id, district_id, role, organisation_id, category, assignee_text, sort_order)
       SELECT ma.new_id, ma.duty_id, ma.district_id, a.role, ma.organisation_id, a.category, a.assignee_text, a.sort_order
         FROM bench_map_duty_assignment ma JOIN duty_assignment a ON a.id = ma.old_id`,
    );
  },
};

/**
 * Duty targets: linked to the copy's own indicator when the source links to its own plan's, and to
 * the same city indicator when it links to the city plan's (WULONG-2019's 2021 targets count toward
 * CQ-2021-GUIDANCE): every district plan of the city contributes to the one city guidance, so the
 * city dashboard of the original plan aggregates every copy's reports and duty targets.
 */
const dutyTargets: Step = {
  table: 'duty_target',
  run: (db) =>
    exec(
      db,
      `INSERT INTO duty_target (duty_id, district_id, year, value, unit, indicator_id)
       SELECT md.new_id, md.district_id, t.year, t.value, t.unit,
              CASE WHEN i.plan_id = d.plan_id THEN mi.new_id ELSE t.indicator_id END
         FROM bench_map_duty md
         JOIN duty d ON d.id = md.old_id
         JOIN duty_target t ON t.duty_id = md.old_id
         LEFT JOIN indicator i ON i.id = t.indicator_id
         LEFT JOIN bench_map_indicator mi ON mi.n = md.n AND mi.old_id = t.indicator_id`,
    ),
};

/** The district plan's reporting periods, in the copy's district. */
const reportingPeriods: Step = {
  table: 'reporting_period',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_reporting_period ON COMMIT DROP AS
         SELECT mp.n, rp.id AS old_id, gen_random_uuid() AS new_id, mp.new_id AS plan_id, mp.district_id
           FROM bench_map_plan mp JOIN reporting_period rp ON rp.plan_id = mp.old_id
          WHERE mp.district_id IS NOT NULL`,
    );
    return exec(
      db,
      `INSERT INTO reporting_period (id, plan_id, district_id, year, kind, number, starts_on, ends_on, opens_on, due_on)
       SELECT m.new_id, m.plan_id, m.district_id, rp.year, rp.kind, rp.number, rp.starts_on, rp.ends_on,
              rp.opens_on, rp.due_on
         FROM bench_map_reporting_period m JOIN reporting_period rp ON rp.id = m.old_id`,
    );
  },
};

/** Progress reports of the copied assignments and periods, by the copied organisations. */
const progressReports: Step = {
  table: 'progress_report',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_progress_report ON COMMIT DROP AS
         SELECT ma.n, r.id AS old_id, gen_random_uuid() AS new_id
           FROM bench_map_duty_assignment ma JOIN progress_report r ON r.assignment_id = ma.old_id`,
    );
    return exec(
      db,
      `INSERT INTO progress_report (id, district_id, period_id, duty_id, assignment_id, organisation_id, revision,
                                    status, value, narrative, late, submitted_at, reviewed_at)
       SELECT m.new_id, ma.district_id, mrp.new_id, ma.duty_id, ma.new_id, mo.new_id, r.revision,
              r.status, r.value, r.narrative, r.late, r.submitted_at, r.reviewed_at
         FROM bench_map_progress_report m
         JOIN progress_report r ON r.id = m.old_id
         JOIN bench_map_duty_assignment ma ON ma.n = m.n AND ma.old_id = r.assignment_id
         JOIN bench_map_reporting_period mrp ON mrp.n = m.n AND mrp.old_id = r.period_id
         JOIN bench_map_organisation mo ON mo.n = m.n AND mo.old_id = r.organisation_id`,
    );
  },
};

const progressReportItems: Step = {
  table: 'progress_report_item',
  run: (db) =>
    exec(
      db,
      `INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
       SELECT m.new_id, mr.new_id, r.district_id, i.narrative
         FROM bench_map_progress_report m
         JOIN progress_report r ON r.id = m.new_id
         JOIN progress_report_item i ON i.report_id = m.old_id
         JOIN bench_map_responsibility_item mr ON mr.n = m.n AND mr.old_id = i.responsibility_item_id`,
    ),
};

/** A city plan's official statistics, for its copy's indicators. */
const officialStatistics: Step = {
  table: 'official_statistic',
  run: (db) =>
    exec(
      db,
      `INSERT INTO official_statistic (district_id, plan_id, indicator_id, year, value, note, as_of)
       SELECT s.district_id, mp.new_id, mi.new_id, s.year, s.value, s.note, s.as_of
         FROM bench_map_plan mp
         JOIN official_statistic s ON s.plan_id = mp.old_id
         JOIN bench_map_indicator mi ON mi.n = mp.n AND mi.old_id = s.indicator_id`,
    ),
};

/** A city plan's assessment criteria (and their adjustments: next step), for its copy. */
const criteria: Step = {
  table: 'assessment_criterion',
  run: async (db) => {
    await exec(
      db,
      `CREATE TEMP TABLE bench_map_assessment_criterion ON COMMIT DROP AS
         SELECT mp.n, c.id AS old_id, gen_random_uuid() AS new_id, mp.new_id AS plan_id
           FROM bench_map_plan mp JOIN assessment_criterion c ON c.plan_id = mp.old_id`,
    );
    return exec(
      db,
      `INSERT INTO assessment_criterion (id, plan_id, district_id, name, weight, method, indicator_id, description)
       SELECT m.new_id, m.plan_id, c.district_id, c.name, c.weight, c.method, mi.new_id, c.description
         FROM bench_map_assessment_criterion m
         JOIN assessment_criterion c ON c.id = m.old_id
         LEFT JOIN bench_map_indicator mi ON mi.n = m.n AND mi.old_id = c.indicator_id`,
    );
  },
};

const adjustments: Step = {
  table: 'assessment_adjustment',
  run: (db) =>
    exec(
      db,
      `INSERT INTO assessment_adjustment (plan_id, criterion_id, district_id, organisation_id, year, points, reason)
       SELECT m.plan_id, m.new_id, x.district_id, x.organisation_id, x.year, x.points, x.reason
         FROM bench_map_assessment_criterion m JOIN assessment_adjustment x ON x.criterion_id = m.old_id`,
    ),
};

/**
 * The class ledger of the district plan's district (the city dashboard counts every district's
 * classes): each copy's district gets the classes again, at its copies of the institutions.
 */
const trainingClasses: Step = {
  table: 'training_class',
  run: (db) =>
    exec(
      db,
      `INSERT INTO training_class (district_id, organisation_id, name, training_type, catalogue_entry_id, occupation,
                                   planned_trainees, starts_on, ends_on, enterprise_employees, advanced_level,
                                   subsidy_fen, stage, applied_at, opened_on, advance_fen, advance_paid_on,
                                   trainees_completed, trainees_certified, certificate_kind, completion_filed_on,
                                   audited_on, final_subsidy_fen, final_paid_on)
       SELECT c.district_id, mo.new_id, t.name, t.training_type, t.catalogue_entry_id, t.occupation,
              t.planned_trainees, t.starts_on, t.ends_on, t.enterprise_employees, t.advanced_level,
              t.subsidy_fen, t.stage, t.applied_at, t.opened_on, t.advance_fen, t.advance_paid_on,
              t.trainees_completed, t.trainees_certified, t.certificate_kind, t.completion_filed_on,
              t.audited_on, t.final_subsidy_fen, t.final_paid_on
         FROM bench_copy c
         JOIN bench_map_organisation mo ON mo.n = c.n
         JOIN training_class t ON t.organisation_id = mo.old_id`,
    ),
};

/** The certification bodies (qualifications) of the district plan's district, likewise. */
const qualifications: Step = {
  table: 'qualification',
  run: (db) =>
    exec(
      db,
      `INSERT INTO qualification (organisation_id, district_id, kind, number, issuer, valid_from, valid_to, status,
                                  catalogue_entry_id, scope, certification_body_type)
       SELECT mo.new_id, c.district_id, q.kind, q.number, q.issuer, q.valid_from, q.valid_to, q.status,
              q.catalogue_entry_id, q.scope, q.certification_body_type
         FROM bench_copy c
         JOIN bench_map_organisation mo ON mo.n = c.n
         JOIN qualification q ON q.organisation_id = mo.old_id`,
    ),
};

/**
 * What users enter, which the seed does not hold (it loads the source documents only): the
 * benchmark's sample of it, added at every scale (×1 too) before the copies, so the city dashboard
 * has reports, statistics, classes, certification bodies and criteria to read and the copies
 * multiply them. Deterministic: the same rows on every run.
 */
const SAMPLE_INSTITUTION = '基准测试职业培训学校';
const SAMPLE_ENTERPRISE = '基准测试企业';

/**
 * Reports of the district plan's lead units (those named by organisation) for every month of 2021:
 * January–October approved, November submitted, December none; one in four sent late. The value
 * is the duty's 2021 target over twelve.
 */
const sampleReports: Step = {
  table: 'progress_report',
  run: (db) =>
    exec(
      db,
      `INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, status, value,
                                    narrative, late, submitted_at, reviewed_at)
       SELECT a.district_id, rp.id, d.id, a.id, a.organisation_id,
              CASE WHEN rp.number <= 10 THEN 'APPROVED' ELSE 'SUBMITTED' END,
              round(coalesce(t.value, 12) / 12), '按月推进', rp.number % 4 = 0, rp.due_on, rp.due_on + 3
         FROM plan p
         JOIN duty d ON d.plan_id = p.id
         JOIN duty_assignment a ON a.duty_id = d.id AND a.role = 'LEAD' AND a.organisation_id IS NOT NULL
         JOIN reporting_period rp ON rp.plan_id = p.id AND rp.year = 2021 AND rp.number <= 11
         LEFT JOIN duty_target t ON t.duty_id = d.id AND t.year = 2021
        WHERE p.code = $1`,
      [SOURCE_PLANS.district],
    ),
};

/** Every checklist item of the reports' duties, done (a narrative) in the approved reports. */
const sampleReportItems: Step = {
  table: 'progress_report_item',
  run: (db) =>
    exec(
      db,
      `INSERT INTO progress_report_item (report_id, responsibility_item_id, district_id, narrative)
       SELECT r.id, ri.id, r.district_id, CASE WHEN r.status = 'APPROVED' THEN '已完成' ELSE '' END
         FROM progress_report r JOIN responsibility_item ri ON ri.duty_id = r.duty_id`,
    ),
};

/** Official statistics of 2021 for every other district (85% of the target). */
const sampleStatistics: Step = {
  table: 'official_statistic',
  run: (db) =>
    exec(
      db,
      `INSERT INTO official_statistic (district_id, plan_id, indicator_id, year, value, note, as_of)
       SELECT t.district_id, t.plan_id, t.indicator_id, t.year, floor(t.value * 0.85), '基准测试', '2022-01-31'
         FROM target t
         JOIN plan p ON p.id = t.plan_id AND p.code = $1
         JOIN (SELECT id, row_number() OVER (ORDER BY sort_order, code) AS k FROM district) d ON d.id = t.district_id
        WHERE t.year = 2021 AND d.k % 2 = 1`,
      [SOURCE_PLANS.city],
    ),
};

/** A training institution and an enterprise in the district plan's district (copied with it). */
const sampleOrganisations: Step = {
  table: 'organisation',
  run: (db) =>
    exec(
      db,
      `INSERT INTO organisation (district_id, name, name_key, kind)
       SELECT p.district_id, o.name, o.name, o.kind
         FROM plan p CROSS JOIN (VALUES ($2, 'TRAINING_INSTITUTION'), ($3, 'ENTERPRISE')) AS o (name, kind)
        WHERE p.code = $1`,
      [SOURCE_PLANS.district, SAMPLE_INSTITUTION, SAMPLE_ENTERPRISE],
    ),
};

/** 24 classes of five types at the institution, audited through 2021. */
const sampleClasses: Step = {
  table: 'training_class',
  run: (db) =>
    exec(
      db,
      `INSERT INTO training_class (district_id, organisation_id, name, training_type, planned_trainees, starts_on,
                                   ends_on, subsidy_fen, stage, applied_at, opened_on, trainees_completed,
                                   trainees_certified, certificate_kind, completion_filed_on, audited_on)
       SELECT o.district_id, o.id, '基准测试班 ' || k,
              (ARRAY['ENTERPRISE_SKILL_UPGRADING', 'HOUSEHOLD_SERVICE', 'ENTREPRENEURSHIP', 'NEW_OCCUPATION',
                     'HR_SERVICE'])[k % 5 + 1],
              40, date '2021-01-04' + 10 * k, date '2021-01-04' + 10 * k + 20, 3200000, 'AUDITED',
              date '2021-01-04' + 10 * k - 14, date '2021-01-04' + 10 * k, 36, 30, 'SKILL_LEVEL',
              date '2021-01-04' + 10 * k + 25, date '2021-01-04' + 10 * k + 60
         FROM organisation o CROSS JOIN generate_series(1, 24) AS k
         JOIN plan p ON p.code = $1 AND p.district_id = o.district_id
        WHERE o.name_key = $2`,
      [SOURCE_PLANS.district, SAMPLE_INSTITUTION],
    ),
};

/** Two certification bodies in force (an enterprise's, a social organisation's). */
const sampleQualifications: Step = {
  table: 'qualification',
  run: (db) =>
    exec(
      db,
      `INSERT INTO qualification (organisation_id, district_id, kind, number, issuer, valid_from, valid_to, status,
                                  certification_body_type)
       SELECT o.id, o.district_id, 'CERTIFICATION_BODY', 'BENCH-' || o.kind, '市人力社保局', '2020-01-01',
              '2025-12-31', 'APPROVED',
              CASE WHEN o.kind = 'ENTERPRISE' THEN 'ENTERPRISE' ELSE 'SOCIAL_ORGANISATION' END
         FROM organisation o JOIN plan p ON p.code = $1 AND p.district_id = o.district_id
        WHERE o.name_key = ANY ($2)`,
      [SOURCE_PLANS.district, [SAMPLE_INSTITUTION, SAMPLE_ENTERPRISE]],
    ),
};

/**
 * The city plan's district criteria (completion, reporting on time, checklist: the ranking reads
 * the duty figures) and one adjustment.
 */
const sampleCriteria: Step = {
  table: 'assessment_criterion',
  run: async (db) => {
    const inserted = await exec(
      db,
      `INSERT INTO assessment_criterion (plan_id, name, weight, method)
       SELECT p.id, c.name, c.weight, c.method
         FROM plan p CROSS JOIN (VALUES ('平均完成率', 60, 'COMPLETION_RATIO'), ('按时报送', 20, 'REPORTED_ON_TIME'),
                                        ('责任清单完成', 20, 'CHECKLIST_DONE')) AS c (name, weight, method)
        WHERE p.code = $1`,
      [SOURCE_PLANS.city],
    );
    await exec(
      db,
      `INSERT INTO assessment_adjustment (plan_id, criterion_id, district_id, year, points, reason)
       SELECT c.plan_id, c.id, d.district_id, 2021, 2, '基准测试：经验做法获全市推广'
         FROM assessment_criterion c
         JOIN plan p ON p.id = c.plan_id AND p.code = $1
         JOIN plan d ON d.code = $2
        WHERE c.method = 'COMPLETION_RATIO'`,
      [SOURCE_PLANS.city, SOURCE_PLANS.district],
    );
    return inserted;
  },
};

/** In order; run at every scale. */
export const SAMPLE_STEPS: Step[] = [
  sampleReports,
  sampleReportItems,
  sampleStatistics,
  sampleOrganisations,
  sampleClasses,
  sampleQualifications,
  sampleCriteria,
];

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
  reportingPeriods,
  progressReports,
  progressReportItems,
  officialStatistics,
  criteria,
  adjustments,
  trainingClasses,
  qualifications,
];

/**
 * Adds the sample of users' entries (SAMPLE_STEPS), then copies the source plans `scale − 1` times,
 * in one transaction (as the owner: the policies let the table owner through), and returns the rows
 * inserted per table (`sample.<table>` for the sample). Scale 1 adds the sample only.
 */
export async function scaleData(db: PgClient, scale: number): Promise<Record<string, number>> {
  const inserted: Record<string, number> = {};
  await db.query('BEGIN');
  try {
    for (const step of SAMPLE_STEPS) inserted[`sample.${step.table}`] = await step.run(db, scale - 1);
    if (scale > 1) {
      for (const step of SCALE_STEPS) inserted[step.table] = await step.run(db, scale - 1);
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
  const tables = [
    'plan',
    'indicator',
    'target',
    'duty',
    'duty_assignment',
    'duty_target',
    'organisation',
    'reporting_period',
    'progress_report',
    'progress_report_item',
    'official_statistic',
    'training_class',
    'qualification',
    'assessment_criterion',
  ];
  const { rows } = await db.query<{ t: string; n: number }>(
    tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
