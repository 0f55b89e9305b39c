import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { loadSourceDocuments } from '../../../seed/source-documents';
import type { ImportResult } from '../import.model';
import { silentLog, tableCounts } from './support';

/**
 * Every shipped file through the importer (the first-start seed), checked against figures read
 * from the documents themselves (packages/source-data/README.md lists them).
 */
let db: TestDatabase;
let reports: ImportResult[];

const report = (file: string): ImportResult => {
  const r = reports.find((x) => x.file === file);
  if (!r) throw new Error(`no report for ${file}`);
  return r;
};
const q = <T>(sql: string, params: unknown[] = []) => db.dataSource.query<T[]>(sql, params);

beforeAll(async () => {
  db = await createTestDatabase();
  reports = await loadSourceDocuments(db.dataSource, silentLog);
});
afterAll(async () => {
  await db?.drop();
});

describe('reference data', () => {
  it('has the 41 districts of file 000 with their kinds', async () => {
    const kinds = await q<{ kind: string; n: number }>(
      'SELECT kind, count(*)::int AS n FROM district GROUP BY kind ORDER BY kind',
    );
    expect(kinds).toEqual([
      { kind: 'COUNTY', n: 12 },
      { kind: 'DEVELOPMENT_ZONE', n: 2 },
      { kind: 'DISTRICT', n: 26 },
      { kind: 'NEW_AREA', n: 1 },
    ]);
    const [first] = await q<{ name: string; code: string }>(
      'SELECT name, code FROM district ORDER BY sort_order LIMIT 1',
    );
    expect(first).toEqual({ name: '万州区', code: '500101' });
    const [shizhu] = await q<{ full_name: string }>(`SELECT full_name FROM district WHERE name = '石柱县'`);
    expect(shizhu?.full_name).toBe('石柱土家族自治县');
  });

  it('marks the 14 rural-revitalisation districts of file 002 (4 national, 8 municipal, 2 by reference)', async () => {
    const levels = await q<{ level: string; names: string[] }>(
      `SELECT rural_revitalisation_level AS level, array_agg(name ORDER BY sort_order) AS names
         FROM district WHERE rural_revitalisation_level IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(levels).toEqual([
      {
        level: 'MUNICIPAL',
        names: ['开州区', '武隆区', '丰都县', '云阳县', '奉节县', '巫山县', '石柱县', '秀山县'],
      },
      { level: 'NATIONAL', names: ['城口县', '巫溪县', '酉阳县', '彭水县'] },
      { level: 'REFERENCE', names: ['万州区', '黔江区'] },
    ]);
  });

  it('has the organisations of the reference table once each per district, none created by the plans', async () => {
    const perDistrict = await q<{ name: string; n: number }>(
      `SELECT d.name, count(*)::int AS n FROM organisation o JOIN district d ON d.id = o.district_id GROUP BY d.name ORDER BY d.name`,
    );
    expect(perDistrict).toEqual([
      { name: '北碚区', n: 23 },
      { name: '大渡口区', n: 1 },
      { name: '武隆区', n: 24 },
    ]);
    const categories = await q<{ name: string; category: string }>(
      'SELECT name, category FROM assignee_category ORDER BY name',
    );
    expect(categories).toHaveLength(6);
    expect(categories).toContainEqual({ name: '国有企业', category: 'STATE_OWNED_ENTERPRISE' });
  });
});

describe('file 000: 2021 guidance plan', () => {
  const sums = () =>
    q<{ code: string; computed: number; claimed: number | null }>(
      `SELECT i.code, sum(t.value)::int AS computed, c.value::int AS claimed
         FROM indicator i JOIN plan p ON p.id = i.plan_id
         JOIN target t ON t.indicator_id = i.id AND t.year = 2021
         LEFT JOIN claimed_total c ON c.indicator_id = i.id AND c.year = 2021
        WHERE p.code = 'CQ-2021-GUIDANCE' GROUP BY i.code, c.value, i.sort_order ORDER BY i.sort_order`,
    );

  it('stores every column: computed sums of the 41 districts beside the document 合计', async () => {
    expect(await sums()).toEqual([
      { code: 'GUIDANCE_PLAN', computed: 500000, claimed: 500000 },
      { code: 'ENTERPRISE_WORKER_TRAINING', computed: 190450, claimed: 190450 },
      { code: 'NEW_APPRENTICESHIP_TRAINING', computed: 30850, claimed: 30850 },
      { code: 'HOUSEHOLD_SERVICE_TRAINING', computed: 40000, claimed: 40000 },
      { code: 'CITY_HOUSEHOLD_SERVICE_BASE', computed: 10000, claimed: 10000 },
      { code: 'ENTREPRENEURSHIP_TRAINING', computed: 30000, claimed: 30000 },
      { code: 'HR_SERVICE_TRAINING', computed: 18300, claimed: 18300 },
      // the document's 合计 says 20090; the 41 rows add up to 20000: both are kept
      { code: 'NEW_OCCUPATION_TRAINING', computed: 20000, claimed: 20090 },
      { code: 'POST_TRAINING_CERTIFICATION', computed: 205800, claimed: 205800 },
      { code: 'SENIOR_LEVEL_AND_ABOVE', computed: 35000, claimed: 35000 },
      { code: 'SKILL_TALENT_EVALUATION', computed: 400000, claimed: 400000 },
      { code: 'ENTERPRISE_CERTIFICATION_BODIES', computed: 57, claimed: 57 },
      { code: 'SOCIAL_CERTIFICATION_BODIES', computed: 63, claimed: 63 },
    ]);
  });

  it('stores one target per district and non-empty cell (市级家服基地 empty for 27 districts)', async () => {
    const [row] = await q<{ annex1: number; annex2: number; districts: number }>(
      `SELECT count(*) FILTER (WHERE i.sort_order <= 10)::int AS annex1, count(*) FILTER (WHERE i.sort_order > 10)::int AS annex2,
              count(DISTINCT t.district_id)::int AS districts
         FROM target t JOIN indicator i ON i.id = t.indicator_id JOIN plan p ON p.id = t.plan_id WHERE p.code = 'CQ-2021-GUIDANCE'`,
    );
    expect(row).toEqual({ annex1: 41 * 10 - 27, annex2: 41 * 3, districts: 41 });
    const [bishan] = await q<{ value: number }>(
      `SELECT t.value::int AS value FROM target t JOIN indicator i ON i.id = t.indicator_id JOIN district d ON d.id = t.district_id
        WHERE i.code = 'HOUSEHOLD_SERVICE_TRAINING' AND d.name = '璧山区'`,
    );
    expect(bishan?.value).toBe(2500);
  });

  it('reports exactly one TOTAL_MISMATCH for annex 1 (新职业培训 20090 vs 20000) and none for annex 2', () => {
    const annex1 = report('annex1-training-targets.csv');
    const mismatches = annex1.warnings.filter((w) => w.code === 'TOTAL_MISMATCH');
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toMatchObject({
      indicator: '新职业培训',
      expected: 20090,
      actual: 20000,
      severity: 'WARNING',
      row: 43,
    });
    expect(mismatches[0]?.message).toContain('20090');
    expect(report('annex2-evaluation-targets.csv').warnings).toEqual([]);
    expect(annex1).toMatchObject({ rowsRead: 42, created: 42, updated: 0, unchanged: 0 });
  });

  it('reports the 20% ceiling of 家服培训 broken by 璧山区 (25.8%) and 酉阳县 (22.5%), and nothing else', () => {
    const annex1 = report('annex1-training-targets.csv');
    const ceilings = annex1.warnings.filter((w) => w.code === 'CEILING_EXCEEDED');
    expect(ceilings.map((w) => [w.district, w.indicator, w.expected, w.actual])).toEqual([
      ['璧山区', '家服培训', 1940, 2500],
      ['酉阳县', '家服培训', 1780, 2000],
    ]);
    expect(ceilings[0]?.message).toContain('25.8%');
    expect(ceilings[1]?.message).toContain('22.5%');
    expect(annex1.warnings).toHaveLength(3);
  });
});

describe('file 001: Wulong district plan', () => {
  const assignees = (listKind: string, seq: string) =>
    q<{ role: string; name: string | null; category: string | null; written: string }>(
      `SELECT a.role, o.name, a.category, a.assignee_text AS written
         FROM duty_assignment a JOIN duty d ON d.id = a.duty_id JOIN plan p ON p.id = d.plan_id
         LEFT JOIN organisation o ON o.id = a.organisation_id
        WHERE p.code = 'WULONG-2019' AND d.list_kind = $1 AND d.seq = $2 ORDER BY a.sort_order`,
      [listKind, seq],
    );

  it('has 26 department duties, one enterprise and one institution duty', async () => {
    const counts = await q<{ list_kind: string; n: number }>(
      `SELECT d.list_kind, count(*)::int AS n FROM duty d JOIN plan p ON p.id = d.plan_id WHERE p.code = 'WULONG-2019' GROUP BY 1 ORDER BY 1`,
    );
    expect(counts).toEqual([
      { list_kind: 'DEPARTMENT', n: 26 },
      { list_kind: 'ENTERPRISE', n: 1 },
      { list_kind: 'INSTITUTION', n: 1 },
    ]);
  });

  it('adds the yearly targets up to the 总计 (2019 4320, 2020 4880, 2021 5820) and keeps the 总计 as a claim', async () => {
    const years = await q<{ year: number; computed: number; claimed: number }>(
      `SELECT t.year, sum(t.value)::int AS computed, c.value::int AS claimed
         FROM duty_target t JOIN duty d ON d.id = t.duty_id JOIN plan p ON p.id = d.plan_id
         JOIN claimed_total c ON c.plan_id = p.id AND c.year = t.year
        WHERE p.code = 'WULONG-2019' AND d.list_kind = 'DEPARTMENT' GROUP BY t.year, c.value ORDER BY t.year`,
    );
    expect(years).toEqual([
      { year: 2019, computed: 4320, claimed: 4320 },
      { year: 2020, computed: 4880, claimed: 4880 },
      { year: 2021, computed: 5820, claimed: 5820 },
    ]);
    expect(
      report('annex1-department-duties.csv').warnings.filter((w) => w.code === 'TOTAL_MISMATCH'),
    ).toEqual([]);
  });

  it('splits the 责任清单 into numbered items: duty 1 has 2, duty 2 has 5, duty 20 one unnumbered sentence', async () => {
    const items = await q<{ seq: string; n: number; first: string }>(
      `SELECT d.seq, count(*)::int AS n, min(i.text) FILTER (WHERE i.seq = 1) AS first
         FROM responsibility_item i JOIN duty d ON d.id = i.duty_id JOIN plan p ON p.id = d.plan_id
        WHERE p.code = 'WULONG-2019' AND d.list_kind = 'DEPARTMENT' AND d.seq IN ('1', '2', '20') GROUP BY d.seq ORDER BY d.seq`,
    );
    expect(items).toEqual([
      {
        seq: '1',
        n: 2,
        first: '对农村转移就业劳动者、下岗失业人员等就业重点群体开展职业技能和就业创业能力培训。',
      },
      { seq: '2', n: 5, first: '摸清国有企业职工技能人才底数，培训工作现状。' },
      { seq: '20', n: 1, first: '围绕促进转型发展，开展智慧城市建设和新产业培训。' },
    ]);
  });

  it('assigns duty 1 to 区人力社保局 (written "区人力 社保局") with five cooperating units', async () => {
    expect(await assignees('DEPARTMENT', '1')).toEqual([
      { role: 'LEAD', name: '区人力社保局', category: null, written: '区人力 社保局' },
      { role: 'COOPERATING', name: '区农业农村委', category: null, written: '区农业农村委' },
      { role: 'COOPERATING', name: '区教委', category: null, written: '区教委' },
      { role: 'COOPERATING', name: '区总工会', category: null, written: '区总工会' },
      { role: 'COOPERATING', name: '团区委', category: null, written: '团区委' },
      { role: 'COOPERATING', name: '区妇联', category: null, written: '区妇联' },
    ]);
  });

  it('reads duty 5 as led by 区农业农村委, duty 24 with no cooperating unit, duty 25 given to 各行业主管部门', async () => {
    expect((await assignees('DEPARTMENT', '5'))[0]).toMatchObject({
      role: 'LEAD',
      name: '区农业农村委',
      written: '区农业 农村委',
    });
    expect(await assignees('DEPARTMENT', '24')).toEqual([
      { role: 'LEAD', name: '区财政局', category: null, written: '区财政局' },
    ]);
    expect((await assignees('DEPARTMENT', '25'))[1]).toEqual({
      role: 'COOPERATING',
      name: null,
      category: 'INDUSTRY_AUTHORITIES',
      written: '各行业主管部门',
    });
  });

  it('splits the enterprise list\'s "区国资委 区经济信息委" into two leads and "国有企业 规上企业" into two categories', async () => {
    expect(await assignees('ENTERPRISE', '1')).toEqual([
      { role: 'LEAD', name: '区国资委', category: null, written: '区国资委' },
      { role: 'LEAD', name: '区经济信息委', category: null, written: '区经济信息委' },
      { role: 'COOPERATING', name: null, category: 'STATE_OWNED_ENTERPRISE', written: '国有企业' },
      { role: 'COOPERATING', name: null, category: 'ABOVE_SCALE_ENTERPRISE', written: '规上企业' },
    ]);
    expect(await assignees('INSTITUTION', '1')).toEqual([
      { role: 'LEAD', name: '区教委', category: null, written: '区教委' },
      { role: 'COOPERATING', name: null, category: 'PUBLIC_VOCATIONAL_SCHOOL', written: '公办职业培训学校' },
    ]);
  });

  it('keeps "2019年80人" in 人 and says so', async () => {
    const targets = await q<{ year: number; value: number; unit: string }>(
      `SELECT t.year, t.value::int AS value, t.unit FROM duty_target t JOIN duty d ON d.id = t.duty_id JOIN plan p ON p.id = d.plan_id
        WHERE p.code = 'WULONG-2019' AND d.list_kind = 'DEPARTMENT' AND d.seq = '13' ORDER BY t.year`,
    );
    expect(targets).toEqual([
      { year: 2019, value: 80, unit: '人' },
      { year: 2020, value: 100, unit: '人次' },
      { year: 2021, value: 150, unit: '人次' },
    ]);
    const mixed = report('annex1-department-duties.csv').warnings.filter((w) => w.code === 'MIXED_UNITS');
    expect(mixed.map((w) => w.row)).toEqual([14, 15, 16, 17, 18]); // duties 13–17 (header = row 1)
  });

  it('reports the normalised and alias names the document really uses, and no unmatched name', () => {
    const names = report('annex1-department-duties.csv')
      .warnings.filter((w) => w.code === 'ALIAS_MATCH')
      .map((w) => [w.row, w.indicator, w.message.includes('按别名') ? 'alias' : 'normalised']);
    expect(names).toEqual([
      [2, '区人力 社保局', 'normalised'],
      [3, '区国 资委', 'normalised'],
      [4, '区经 济信息委', 'normalised'],
      [5, '区商 务委', 'normalised'],
      [6, '区农业 农村委', 'normalised'],
      [12, '区住房城乡建设委', 'alias'],
      [13, '区住房城乡建设委', 'alias'],
      [17, '区城市管理局', 'alias'],
    ]);
    for (const r of reports)
      expect(r.warnings.filter((w) => w.code === 'UNMATCHED_NAME' || w.code === 'UNPARSED_TARGET')).toEqual(
        [],
      );
  });
});

describe('file 004: Beibei task list', () => {
  const assignees = (seq: string) =>
    q<{ role: string; name: string | null; category: string | null }>(
      `SELECT a.role, o.name, a.category FROM duty_assignment a JOIN duty d ON d.id = a.duty_id JOIN plan p ON p.id = d.plan_id
         LEFT JOIN organisation o ON o.id = a.organisation_id WHERE p.code = 'BEIBEI-2019' AND d.seq = $1 ORDER BY a.sort_order`,
      [seq],
    );

  it('imports items (四)–(二十) as duties and skips the general requirements (一)–(三)', async () => {
    const duties = await q<{ seq: string }>(
      `SELECT d.seq FROM duty d JOIN plan p ON p.id = d.plan_id WHERE p.code = 'BEIBEI-2019' ORDER BY d.sort_order`,
    );
    expect(duties.map((d) => d.seq)).toEqual([
      '四',
      '五',
      '六',
      '七',
      '八',
      '九',
      '十',
      '十一',
      '十二',
      '十三',
      '十四',
      '十五',
      '十六',
      '十七',
      '十八',
      '十九',
      '二十',
    ]);
    expect(report('tasks.csv')).toMatchObject({ rowsRead: 20, created: 17, skipped: 3 });
  });

  it('takes the first unit of (四) as lead and matches 区民营经济发发展局 through its alias', async () => {
    expect(await assignees('四')).toEqual([
      { role: 'LEAD', name: '区人力社保局', category: null },
      { role: 'COOPERATING', name: '区教委', category: null },
      { role: 'COOPERATING', name: '区经济信息委', category: null },
      { role: 'COOPERATING', name: '区民营经济发展局', category: null },
    ]);
    const alias = report('tasks.csv').warnings.filter((w) => w.code === 'ALIAS_MATCH');
    expect(alias.map((w) => [w.row, w.indicator])).toEqual([[5, '区民营经济发发展局']]);
  });

  it('takes the lead of (十七) from its text ("区人力社保局牵头"), its 责任单位 being two categories', async () => {
    expect(await assignees('十七')).toEqual([
      { role: 'LEAD', name: '区人力社保局', category: null },
      { role: 'COOPERATING', name: null, category: 'RELEVANT_DEPARTMENTS' },
      { role: 'COOPERATING', name: null, category: 'SUBDISTRICTS_AND_TOWNS' },
    ]);
    expect((await assignees('十八'))[0]).toEqual({ role: 'LEAD', name: '区财政局', category: null });
  });
});

describe('file 002 and file 003', () => {
  it('has the 8 indicators of 专栏1 with their 2025 city-wide targets, 〔〕 ones cumulative', async () => {
    const rows = await q<{
      code: string;
      unit: string;
      parent: string | null;
      cumulative: boolean;
      value: number;
    }>(
      `SELECT i.code, i.unit, par.code AS parent, i.cumulative, t.value::int AS value
         FROM indicator i JOIN plan p ON p.id = i.plan_id LEFT JOIN indicator par ON par.id = i.parent_id
         JOIN target t ON t.indicator_id = i.id AND t.year = 2025 AND t.district_id IS NULL
        WHERE p.code = 'CQ-14TH-FYP' ORDER BY i.sort_order`,
    );
    expect(rows).toEqual([
      { code: 'SUBSIDISED_TRAINING', unit: '万人次', parent: null, cumulative: true, value: 150 },
      {
        code: 'MIGRANT_WORKER_TRAINING',
        unit: '万人次',
        parent: 'SUBSIDISED_TRAINING',
        cumulative: true,
        value: 40,
      },
      {
        code: 'NEW_APPRENTICESHIP_TRAINING',
        unit: '万人次',
        parent: 'SUBSIDISED_TRAINING',
        cumulative: true,
        value: 8,
      },
      { code: 'NEW_CERTIFICATE_HOLDERS', unit: '万人', parent: null, cumulative: true, value: 65 },
      {
        code: 'NEW_SENIOR_CERTIFICATE_HOLDERS',
        unit: '万人',
        parent: 'NEW_CERTIFICATE_HOLDERS',
        cumulative: true,
        value: 30,
      },
      { code: 'OUTSTANDING_SKILLED_TALENTS', unit: '人次', parent: null, cumulative: true, value: 240 },
      { code: 'NEW_OCCUPATION_STANDARDS', unit: '套', parent: null, cumulative: false, value: 60 },
      { code: 'ONLINE_TRAINING_PLATFORMS', unit: '个', parent: null, cumulative: false, value: 15 },
    ]);
    expect(report('main-indicators.csv')).toMatchObject({ rowsRead: 8, created: 8, warnings: [] });
  });

  it('has the 32 catalogue entries of 大渡口区', async () => {
    const entries = await q<{ seq: number; occupation: string; district: string }>(
      `SELECT e.seq, e.occupation, d.name AS district FROM catalogue_entry e JOIN district d ON d.id = e.district_id ORDER BY e.seq`,
    );
    expect(entries).toHaveLength(32);
    expect(new Set(entries.map((e) => e.district))).toEqual(new Set(['大渡口区']));
    expect(entries[0]).toMatchObject({ seq: 1, occupation: '数据标注员' });
  });
});

describe('import runs', () => {
  it('stores one import_run with its report per file', async () => {
    const counts = await tableCounts(db.dataSource);
    expect(counts.import_run).toBe(reports.length);
    expect(reports).toHaveLength(4 + 5 + 8); // reference files, plan.json files, tables
    const [run] = await q<{ report: ImportResult; checksum: string }>(
      `SELECT report, checksum FROM import_run WHERE file_name = 'annex1-training-targets.csv'`,
    );
    expect(run?.checksum).toMatch(/^[0-9a-f]{64}$/u);
    expect(run?.report.warnings).toHaveLength(3);
  });
});
