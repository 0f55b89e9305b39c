import fs from 'node:fs';
import path from 'node:path';
import { getNamedType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer';
import { REPO_ROOT } from '../../src/config/env';
import { buildBareSchema } from '../../src/graphql/schema';
import { createTestApi, type TestApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedTenants, type FixtureUser, type Tenants } from '../support/fixtures';
import { operationFor, uuidsIn, type ArgumentChooser } from '../support/operations';
import { SEEDED_TEMPLATE } from '../support/templates';
import { ensureAllPlanPeriods } from '../../src/modules/report/period.service';

/**
 * The isolation suite: signed in as every role of district A (武隆区), call EVERY query and mutation
 * of the schema aimed at district B's (北碚区) rows — by id, through nested fields, aliases and a
 * fragment, and through list filters — and check that no id of B comes back and no row of B
 * changes. Then the same for a department head against the duties of another department of its own
 * district. Operations are generated from the schema, so a new field is covered the day it lands.
 */

/** Tables whose rows belong to a district through district_id. */
const DISTRICT_ROW_TABLES = [
  'organisation',
  'organisation_alias',
  'plan',
  'duty',
  'responsibility_item',
  'duty_assignment',
  'duty_target',
  'catalogue_entry',
  'qualification',
  'import_run',
  'user_grant',
  'target',
  'reporting_period',
  'progress_report',
  'progress_report_event',
  'reminder',
  'evidence_file',
  'qualification_filing',
  'training_class',
  'training_class_visit',
];
/** Tables whose rows belong to a plan (and so to the plan's district). */
const PLAN_ROW_TABLES = ['indicator', 'claimed_total', 'assessment_criterion'];
/** Fields that take no tenant row and change only the caller's own session. */
const SESSION_MUTATIONS = new Set(['signIn', 'signOut', 'changeOwnPassword']);

type Row = Record<string, unknown>;

/** The probes call every field once per probe id and role: minutes on a busy machine. */
const PROBE_TIMEOUT = 600_000;

/**
 * Institution rows of B (issue 12): an institution with a profile, an approved qualification, a
 * pending filing, an open class with a supervision visit, so every institution field has a row of B
 * to aim at.
 */
async function seedInstitutionRowsOfB(db: TestDatabase, beibei: string): Promise<void> {
  const q = (sql: string, params: unknown[]) => db.dataSource.query(sql, params) as Promise<Row[]>;
  const [org] = await q(
    `INSERT INTO organisation (district_id, name, name_key, kind, category, registered_name, social_credit_code)
      VALUES ($1, '北碚区隔离测试培训学校', '北碚区隔离测试培训学校', 'TRAINING_INSTITUTION', 'PRIVATE_TRAINING_SCHOOL',
        '重庆市北碚区隔离测试培训学校', '91110000802100433B') RETURNING id`,
    [beibei],
  );
  const [plan] = await q(
    `INSERT INTO plan (code, title, issuer, level, district_id, start_year, end_year, cadence)
      VALUES ('ISOLATION-BEIBEI-CATALOGUE', '目录', '区人力社保局', 'DISTRICT', $1, 2026, 2026, 'QUARTERLY') RETURNING id`,
    [beibei],
  );
  const [entry] = await q(
    `INSERT INTO catalogue_entry (plan_id, district_id, seq, occupation) VALUES ($1, $2, 1, '焊工') RETURNING id`,
    [plan?.id, beibei],
  );
  await q(
    `INSERT INTO qualification (organisation_id, district_id, kind, number, issuer, valid_from, valid_to, status, certification_body_type)
      VALUES ($1, $2, 'CERTIFICATION_BODY', '北碚认定009', '北碚区人力社保局', '2020-01-01', '2030-12-31', 'APPROVED', 'ENTERPRISE')`,
    [org?.id, beibei],
  );
  await q(
    `INSERT INTO qualification_filing (district_id, organisation_id, kind, number, issuer, valid_from, catalogue_entry_id, filed_at)
      VALUES ($1, $2, 'APPROVED_OCCUPATION', '北碚项目001', '北碚区人力社保局', '2026-01-01', $3, now())`,
    [beibei, org?.id, entry?.id],
  );
  const [klass] = await q(
    `INSERT INTO training_class (district_id, organisation_id, name, training_type, catalogue_entry_id, planned_trainees,
        starts_on, ends_on, subsidy_fen, stage, applied_at, opened_on, advance_fen, advance_paid_on, trainees_completed,
        trainees_certified, certificate_kind, audited_on)
      VALUES ($1, $2, '北碚焊工班', 'PROJECT_KEY_GROUPS', $3, 20, '2021-03-01', '2021-04-01', 1000000, 'AUDITED', now(),
        '2021-03-01', 200000, '2021-03-02', 20, 18, 'SKILL_LEVEL', '2021-04-10') RETURNING id`,
    [beibei, org?.id, entry?.id],
  );
  await q(
    `INSERT INTO training_class_visit (district_id, class_id, visited_on, finding, recorded_at) VALUES ($1, $2, '2021-03-15', '正常', now())`,
    [beibei, klass?.id],
  );
}

describe('tenant isolation', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  let schema: GraphQLSchema;
  let beibei: string;
  /** Ids of B's rows (and B's users) that must never reach a caller of A. */
  const foreignIds = new Set<string>();
  /** Ids aimed at by the probes: one of each kind of B's rows, and the city plan (its B row). */
  let probes: { label: string; id: string }[] = [];
  let beibeiPlanCode: string;
  let beibeiTasksCsv: string;

  const q = async (sql: string, params?: unknown[]) => (await db.dataSource.query(sql, params)) as Row[];

  /** A digest of every row of B, to prove that nothing of B changed. */
  async function digestOfB(): Promise<Record<string, string>> {
    const digest: Record<string, string> = {};
    for (const table of DISTRICT_ROW_TABLES) {
      const [row] = await q(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t WHERE district_id = $1`,
        [beibei],
      );
      digest[table] = `${row?.n}:${row?.h}`;
    }
    for (const table of PLAN_ROW_TABLES) {
      const [row] = await q(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h
           FROM ${table} t JOIN plan p ON p.id = t.plan_id WHERE p.district_id = $1`,
        [beibei],
      );
      digest[table] = `${row?.n}:${row?.h}`;
    }
    const [users] = await q(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(u::text, '|' ORDER BY u::text), '')) AS h
         FROM app_user u WHERE u.id IN (SELECT user_id FROM user_grant WHERE district_id = $1)`,
      [beibei],
    );
    digest.app_user = `${users?.n}:${users?.h}`;
    return digest;
  }

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
    schema = await buildBareSchema();
    beibei = t.districts.beibei.id;
    // The reporting cycle's rows of B: periods, a submitted report with its history, a reminder.
    await ensureAllPlanPeriods(db.dataSource.manager);
    await q(
      `WITH a AS (SELECT a.id, a.duty_id, a.organisation_id, a.district_id, d.plan_id FROM duty_assignment a
                    JOIN duty d ON d.id = a.duty_id WHERE a.district_id = $1 AND a.organisation_id IS NOT NULL LIMIT 1),
            r AS (INSERT INTO progress_report (district_id, period_id, duty_id, assignment_id, organisation_id, status, value, narrative, submitted_at)
                  SELECT a.district_id, (SELECT id FROM reporting_period p WHERE p.plan_id = a.plan_id ORDER BY starts_on LIMIT 1),
                         a.duty_id, a.id, a.organisation_id, 'SUBMITTED', 5, 'B', now() FROM a RETURNING *),
            e AS (INSERT INTO progress_report_event (district_id, report_id, version, revision, action, status, occurred_at, snapshot)
                  SELECT district_id, id, 1, 1, 'SUBMIT', 'SUBMITTED', now(), '{}' FROM r RETURNING id),
            f AS (INSERT INTO evidence_file (district_id, organisation_id, owner_type, owner_id, file_name, content_type, byte_size, sha256, content)
                  SELECT district_id, organisation_id, 'PROGRESS_REPORT', id, 'b.pdf', 'application/pdf', 5, 'x', '%PDF-' FROM r RETURNING id)
       INSERT INTO reminder (district_id, organisation_id, period_id, duty_id, message, sent_at)
       SELECT district_id, organisation_id, period_id, duty_id, '催办', now() FROM r`,
      [beibei],
    );
    await seedInstitutionRowsOfB(db, beibei);

    for (const table of DISTRICT_ROW_TABLES) {
      for (const { id } of await q(`SELECT id FROM ${table} WHERE district_id = $1`, [beibei])) {
        foreignIds.add(String(id));
      }
    }
    for (const table of PLAN_ROW_TABLES) {
      for (const { id } of await q(
        `SELECT t.id FROM ${table} t JOIN plan p ON p.id = t.plan_id WHERE p.district_id = $1`,
        [beibei],
      )) {
        foreignIds.add(String(id));
      }
    }
    const onlyB = await q(
      `SELECT DISTINCT user_id AS id FROM user_grant WHERE district_id = $1
        EXCEPT SELECT user_id FROM user_grant WHERE district_id IS DISTINCT FROM $1`,
      [beibei],
    );
    for (const { id } of onlyB) foreignIds.add(String(id));
    // B's district id itself is public reference data (the district list); it must not appear
    // anywhere else, e.g. as a row of the city's allocation matrix.
    foreignIds.add(beibei);

    const one = async (sql: string, label: string) => {
      const [row] = await q(sql, [beibei]);
      if (row) probes.push({ label, id: String(row.id) });
    };
    await one(`SELECT id FROM plan WHERE district_id = $1 ORDER BY code LIMIT 1`, 'B plan');
    await one(`SELECT id FROM duty WHERE district_id = $1 ORDER BY sort_order LIMIT 1`, 'B duty');
    await one(`SELECT id FROM organisation WHERE district_id = $1 ORDER BY name LIMIT 1`, 'B organisation');
    await one(`SELECT id FROM organisation_alias WHERE district_id = $1 LIMIT 1`, 'B alias');
    await one(`SELECT id FROM duty_assignment WHERE district_id = $1 LIMIT 1`, 'B assignment');
    await one(`SELECT user_id AS id FROM user_grant WHERE district_id = $1 LIMIT 1`, 'B user');
    await one(`SELECT id FROM user_grant WHERE district_id = $1 LIMIT 1`, 'B grant');
    await one(`SELECT $1::uuid AS id`, 'B district');
    await one(
      `SELECT id FROM reporting_period WHERE district_id = $1 ORDER BY starts_on LIMIT 1`,
      'B period',
    );
    await one(`SELECT id FROM progress_report WHERE district_id = $1 LIMIT 1`, 'B report');
    await one(`SELECT id FROM reminder WHERE district_id = $1 LIMIT 1`, 'B reminder');
    await one(`SELECT id FROM evidence_file WHERE district_id = $1 LIMIT 1`, 'B evidence file');
    await one(`SELECT id FROM qualification_filing WHERE district_id = $1 LIMIT 1`, 'B qualification filing');
    await one(`SELECT id FROM training_class WHERE district_id = $1 LIMIT 1`, 'B training class');
    await one(
      `SELECT id FROM organisation WHERE district_id = $1 AND kind = 'TRAINING_INSTITUTION' LIMIT 1`,
      'B institution',
    );
    const [cityPlan] = await q(`SELECT id FROM plan WHERE code = 'CQ-2021-GUIDANCE'`);
    probes.push({ label: 'city plan (B row of its allocation)', id: String(cityPlan?.id) });
    probes = probes.filter((p) => p.id !== 'undefined');

    const [plan] = await q(`SELECT code FROM plan WHERE district_id = $1 LIMIT 1`, [beibei]);
    beibeiPlanCode = String(plan?.code);
    const tasks = fs.readFileSync(
      path.join(REPO_ROOT, 'packages/source-data/plans/beibei-2019/tasks.csv'),
      'utf8',
    );
    beibeiTasksCsv = tasks.replace('加强组织领导', '加强组织领导（篡改）');
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** Argument values: every ID at the probe, filters at B, strings that name B's plan. */
  function chooserFor(probe: string): ArgumentChooser {
    return (_path, name, type: GraphQLInputType) => {
      const named = getNamedType(type).name;
      if (named === 'ID') return name === 'districtId' ? beibei : probe;
      if (name === 'planCode') return beibeiPlanCode;
      if (name === 'contentBase64') return Buffer.from(beibeiTasksCsv).toString('base64');
      if (name === 'fileName') return 'tasks.csv';
      if (name === 'kind' && named === 'ImportTableKind') return 'TASK_LIST';
      if (name === 'search') return '北碚';
      if (name === 'username') return `probe-${Math.random().toString(36).slice(2, 8)}`;
      if (name === 'password' || name === 'newPassword') return 'Probe-pass-2026';
      if (name === 'year') return 2021;
      if (name === 'ownerType') return 'PROGRESS_REPORT';
      return undefined;
    };
  }

  const rolesOfA = (): [string, FixtureUser][] => [
    ['district admin', t.users.wulongAdmin],
    ['viewer', t.users.wulongViewer],
    ['department head', t.users.wulongHrHead],
    ['institution admin', t.users.wulongInstitutionAdmin],
    ['enterprise admin', t.users.wulongEnterpriseAdmin],
  ];

  async function probe(kind: 'query' | 'mutation', viewer: Viewer, forbidden: Set<string>) {
    const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
    const leaks: string[] = [];
    const internal: string[] = [];
    /** Error codes seen, per field: proves the probes reached the resolvers (not stopped by validation). */
    const codes: Record<string, string[]> = {};
    let calls = 0;
    for (const field of Object.keys(root?.getFields() ?? {})) {
      if (kind === 'mutation' && SESSION_MUTATIONS.has(field)) continue;
      for (const target of probes) {
        const operation = operationFor(schema, kind, field, chooserFor(target.id));
        const result = await api.query(operation, undefined, viewer);
        calls++;
        for (const id of uuidsIn(result.data)) {
          if (forbidden.has(id) && !(field === 'districts' && id === beibei)) {
            leaks.push(`${field} aimed at ${target.label} returned ${id}`);
          }
        }
        for (const error of result.errors ?? []) {
          const code = String(error.extensions?.code);
          if (
            code === 'INTERNAL_SERVER_ERROR' ||
            code === 'GRAPHQL_VALIDATION_FAILED' ||
            code === 'GRAPHQL_PARSE_FAILED'
          ) {
            internal.push(`${field} (${target.label}): ${code} ${error.message}`);
          }
          (codes[field] ??= []).push(code);
        }
      }
    }
    return { leaks, internal, calls, codes };
  }

  it('aims at real rows of B (the probes are not empty)', () => {
    expect(probes.map((p) => p.label)).toEqual(
      expect.arrayContaining([
        'B plan',
        'B duty',
        'B organisation',
        'B user',
        'B grant',
        'B district',
        'B period',
        'B report',
        'B reminder',
        'B evidence file',
      ]),
    );
    expect(foreignIds.size).toBeGreaterThan(100);
  });

  it(
    'detects rows of B where they may be seen: the city admin reads every district',
    async () => {
      const { leaks, internal } = await probe('query', t.viewerOf(t.users.cityAdmin), foreignIds);
      expect(internal).toEqual([]);
      // The control: the same probes, by a viewer entitled to B, do return B's rows.
      expect(leaks.length).toBeGreaterThan(10);
    },
    PROBE_TIMEOUT,
  );

  it(
    'returns no row of B to any role of A, through any query',
    async () => {
      for (const [role, user] of rolesOfA()) {
        const { leaks, internal, calls } = await probe('query', t.viewerOf(user), foreignIds);
        expect({ role, leaks, internal }).toEqual({ role, leaks: [], internal: [] });
        expect(calls).toBeGreaterThan(50);
      }
    },
    PROBE_TIMEOUT,
  );

  it(
    'changes no row of B through any mutation, and answers with coded errors',
    async () => {
      const before = await digestOfB();
      for (const [role, user] of rolesOfA()) {
        const { leaks, internal, codes } = await probe('mutation', t.viewerOf(user), foreignIds);
        expect({ role, leaks, internal }).toEqual({ role, leaks: [], internal: [] });
        // Every mutation was refused by a rule or a service, with a code a client can act on.
        for (const [field, seen] of Object.entries(codes)) {
          expect(
            seen.every((c) => ['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT'].includes(c)),
            `${role} ${field}: ${seen}`,
          ).toBe(true);
        }
        const probed = Object.keys(schema.getMutationType()?.getFields() ?? {}).filter(
          (f) => !SESSION_MUTATIONS.has(f),
        );
        expect(probed.length).toBeGreaterThan(3);
        expect(Object.keys(codes).sort()).toEqual(probed.sort());
      }
      expect(await digestOfB()).toEqual(before);
    },
    PROBE_TIMEOUT,
  );

  it(
    'shows a department head no duty of another department of its own district',
    async () => {
      const head = t.users.wulongEducationHead;
      const own = t.organisations.wulongEducation.id;
      const others = await q(
        `SELECT d.id FROM duty d WHERE d.district_id = $1
          AND NOT EXISTS (SELECT 1 FROM duty_assignment a WHERE a.duty_id = d.id AND a.organisation_id = $2)
          AND NOT EXISTS (SELECT 1 FROM duty_assignment a WHERE a.duty_id = d.id AND a.category IS NOT NULL)`,
        [t.districts.wulong.id, own],
      );
      expect(others.length).toBeGreaterThan(0);
      const forbidden = new Set<string>(others.map((r) => String(r.id)));
      for (const { id } of await q(
        `SELECT i.id FROM responsibility_item i WHERE i.duty_id = ANY ($1::uuid[])
        UNION ALL SELECT x.id FROM duty_target x WHERE x.duty_id = ANY ($1::uuid[])`,
        [[...forbidden]],
      )) {
        forbidden.add(String(id));
      }
      const saved = probes;
      probes = [
        ...others.slice(0, 3).map((r) => ({ label: 'other department duty', id: String(r.id) })),
        ...saved,
      ];
      try {
        const { leaks, internal } = await probe('query', t.viewerOf(head), forbidden);
        expect({ leaks, internal }).toEqual({ leaks: [], internal: [] });
      } finally {
        probes = saved;
      }
      // …while its own duties are there (the probe can see what it should).
      const [mine] = await q(
        `SELECT count(DISTINCT duty_id)::int AS n FROM duty_assignment WHERE organisation_id = $1`,
        [own],
      );
      const result = await api.query<{ duties: { totalCount: number } }>(
        `{ duties(first: 100) { totalCount } }`,
        undefined,
        t.viewerOf(head),
      );
      expect(result.data?.duties.totalCount).toBe(mine?.n);
      expect(mine?.n).toBeGreaterThan(0);
    },
    PROBE_TIMEOUT,
  );
});
