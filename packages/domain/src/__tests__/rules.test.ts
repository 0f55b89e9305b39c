import { describe, expect, it } from 'vitest';
import {
  aliasMatchWarning,
  checkCeiling,
  checkMinimum,
  checkOfWhich,
  checkTargetCoverage,
  GUIDANCE_PLAN_CEILINGS,
  GUIDANCE_PLAN_MINIMUMS,
  RAG_AMBER_TOLERANCE,
  RAG_GREEN_TOLERANCE,
  ragStatus,
  reconcileTotal,
  unmatchedNameWarning,
  unparsedTargetWarnings,
  WARNING_SEVERITY,
  type Warning,
} from '../rules';
import { parseYearlyTargets } from '../target-text';
import { ANNEX1_CLAIMED, ANNEX1_COLUMNS, ANNEX1_ROWS, ANNEX2_CLAIMED, ANNEX2_ROWS } from './fixtures/file000';
import { WULONG_DEPARTMENT_LIST } from './fixtures/file001';

/** Column of file 000 annex 1 by name, one value per district (null for an empty cell). */
function annex1Column(name: (typeof ANNEX1_COLUMNS)[number]): (number | null)[] {
  const index = ANNEX1_COLUMNS.indexOf(name);
  return ANNEX1_ROWS.map(([, , ...figures]) => figures[index] ?? null);
}

/** One district's row of annex 1 as a record by column name. */
function annex1Row(district: string): Record<(typeof ANNEX1_COLUMNS)[number], number | null> {
  const row = ANNEX1_ROWS.find((r) => r[1] === district);
  if (!row) throw new Error(`no row for ${district}`);
  const [, , ...figures] = row;
  return Object.fromEntries(ANNEX1_COLUMNS.map((c, i) => [c, figures[i] ?? null])) as Record<
    (typeof ANNEX1_COLUMNS)[number],
    number | null
  >;
}

describe('the file-000 fixture', () => {
  it('has 41 districts in each annex, from 万州区 to 万盛经开区', () => {
    expect(ANNEX1_ROWS).toHaveLength(41);
    expect(ANNEX2_ROWS).toHaveLength(41);
    expect([ANNEX1_ROWS[0]?.[1], ANNEX1_ROWS[40]?.[1]]).toEqual(['万州区', '万盛经开区']);
    expect(annex1Row('璧山区')).toEqual({
      目标计划: 9700,
      企业职工培训: 3900,
      新型学徒制培训: 1100,
      家服培训: 2500,
      市级家服基地: 1000,
      创业培训: 750,
      人力资源培训: 270,
      新职业培训: 500,
      培训后鉴定评价: 4365,
      高级工以上: 1000,
    });
  });
});

describe('reconcileTotal', () => {
  it('finds the one column of file 000 annex 1 whose 合计 differs: 新职业培训 claims 20090, the districts add up to 20000', () => {
    const results = ANNEX1_COLUMNS.map((label, i) =>
      reconcileTotal({ label, values: annex1Column(label), claimed: ANNEX1_CLAIMED[i] ?? null }),
    );
    expect(results.map((r) => r.difference)).toEqual([0, 0, 0, 0, 0, 0, 0, 90, 0, 0]);
    expect(results.filter((r) => r.warning).map((r) => r.warning)).toEqual([
      {
        code: 'TOTAL_MISMATCH',
        severity: 'WARNING',
        message: '“新职业培训”合计：文件为 20090，按各区县相加为 20000，相差 90',
        indicator: '新职业培训',
        expected: 20090,
        actual: 20000,
      },
    ]);
    expect(results[7]?.computed).toBe(20000);
    expect(results[7]?.claimed).toBe(20090);
  });

  it('counts empty cells as 0 (市级家服基地: 27 of the 41 districts have none; 合计 10000)', () => {
    const values = annex1Column('市级家服基地');
    expect(values.filter((v) => v === null)).toHaveLength(27);
    expect(reconcileTotal({ label: '市级家服基地', values, claimed: 10000 })).toEqual({
      computed: 10000,
      claimed: 10000,
      difference: 0,
      warning: null,
    });
  });

  it('agrees with every 合计 of file 000 annex 2', () => {
    const labels = [
      '技能人才评价数',
      '企业职业技能等级认定机构建设数',
      '社会培训评价组织职业技能等级认定机构建设数',
    ];
    const results = labels.map((label, i) =>
      reconcileTotal({
        label,
        values: ANNEX2_ROWS.map(([, , ...figures]) => figures[i] ?? null),
        claimed: ANNEX2_CLAIMED[i] ?? null,
      }),
    );
    expect(results.map((r) => [r.computed, r.warning])).toEqual([
      [400000, null],
      [57, null],
      [63, null],
    ]);
  });

  it('agrees with the 总计 line of file 001 annex 1 for each year', () => {
    const targets = WULONG_DEPARTMENT_LIST.slice(0, 25).flatMap((row) => parseYearlyTargets(row[4]).targets);
    const claim = parseYearlyTargets(WULONG_DEPARTMENT_LIST[25]?.[4] ?? '').targets;
    const results = claim.map((c) =>
      reconcileTotal({
        label: `${c.year}年培训目标任务`,
        values: targets.filter((x) => x.year === c.year).map((x) => x.value),
        claimed: c.value,
      }),
    );
    expect(results.map((r) => [r.computed, r.difference, r.warning])).toEqual([
      [4320, 0, null],
      [4880, 0, null],
      [5820, 0, null],
    ]);
  });

  it('reports a transcription slip in 目标计划 (万州区 typed 20900 instead of 21000)', () => {
    const values = annex1Column('目标计划');
    values[0] = 20900;
    const r = reconcileTotal({ label: '目标计划', values, claimed: 500000 });
    expect(r.difference).toBe(100);
    expect(r.warning?.message).toBe('“目标计划”合计：文件为 500000，按各区县相加为 499900，相差 100');
  });

  it('gives a negative difference when the document claims less, and the gap without sign in the message', () => {
    const r = reconcileTotal({ label: '创业培训', values: [750, 300, 850], claimed: 1800 });
    expect([r.computed, r.difference]).toEqual([1900, -100]);
    expect(r.warning?.message).toBe('“创业培训”合计：文件为 1800，按各区县相加为 1900，相差 100');
  });

  it('has nothing to compare without a claim, and does not mismatch decimals by binary noise', () => {
    expect(reconcileTotal({ label: '目标计划', values: [1, null, 2], claimed: null })).toEqual({
      computed: 3,
      claimed: null,
      difference: null,
      warning: null,
    });
    expect(reconcileTotal({ label: '占比', values: [0.1, 0.2], claimed: 0.3 }).warning).toBeNull();
  });
});

describe('checkOfWhich', () => {
  const pairs = [
    ['企业职工培训', '新型学徒制培训'],
    ['家服培训', '市级家服基地'],
    ['培训后鉴定评价', '高级工以上'],
  ] as const;

  it('finds no “of which” above its parent in any district of file 000 annex 1', () => {
    const warnings = ANNEX1_ROWS.flatMap((row) => {
      const r = annex1Row(row[1]);
      return pairs.map(([parentLabel, childLabel]) =>
        checkOfWhich({
          parentLabel,
          parent: r[parentLabel],
          childLabel,
          child: r[childLabel],
          district: row[1],
        }),
      );
    });
    expect(warnings.filter((w) => w !== null)).toEqual([]);
  });

  it('warns when a report gives more apprentices than enterprise workers (万州区)', () => {
    expect(
      checkOfWhich({
        parentLabel: '企业职工培训',
        parent: 1400,
        childLabel: '新型学徒制培训',
        child: 1500,
        district: '万州区',
      }),
    ).toEqual({
      code: 'OF_WHICH_EXCEEDS_PARENT',
      severity: 'WARNING',
      message: '万州区“新型学徒制培训”为 1500，超过其所属的“企业职工培训” 1400，多 100',
      indicator: '新型学徒制培训',
      district: '万州区',
      expected: 1400,
      actual: 1500,
    });
  });

  it('accepts equality and has nothing to check when a figure is missing', () => {
    expect(
      checkOfWhich({ parentLabel: '家服培训', parent: 1000, childLabel: '市级家服基地', child: 1000 }),
    ).toBeNull();
    expect(
      checkOfWhich({ parentLabel: '家服培训', parent: 300, childLabel: '市级家服基地', child: null }),
    ).toBeNull();
    expect(
      checkOfWhich({ parentLabel: '家服培训', parent: null, childLabel: '市级家服基地', child: 5 }),
    ).toBeNull();
  });

  it('names no district when none is given', () => {
    expect(
      checkOfWhich({ parentLabel: '培训后鉴定评价', parent: 10, childLabel: '高级工以上', child: 12 })
        ?.message,
    ).toBe('“高级工以上”为 12，超过其所属的“培训后鉴定评价” 10，多 2');
  });
});

describe('checkCeiling (file 000 note 2: 家服培训、创业培训，原则上不超过指导计划的20%)', () => {
  it('warns for 璧山区: 目标计划 9700, 家服培训 2500 (25.8%)', () => {
    const r = annex1Row('璧山区');
    expect(
      checkCeiling({
        label: '家服培训',
        value: r.家服培训,
        base: r.目标计划,
        ratio: 0.2,
        baseLabel: '目标计划',
        district: '璧山区',
      }),
    ).toEqual({
      code: 'CEILING_EXCEEDED',
      severity: 'WARNING',
      message: '璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%',
      indicator: '家服培训',
      district: '璧山区',
      expected: 1940,
      actual: 2500,
    });
  });

  it('is fine for 万州区: 目标计划 21000, 家服培训 2500 (11.9%)', () => {
    const r = annex1Row('万州区');
    expect(
      checkCeiling({
        label: '家服培训',
        value: r.家服培训,
        base: r.目标计划,
        ratio: 0.2,
        baseLabel: '目标计划',
        district: '万州区',
      }),
    ).toBeNull();
  });

  it('applied to each indicator separately, flags exactly 璧山区 and 酉阳县 in the 2021 plan', () => {
    const warnings = ANNEX1_ROWS.flatMap((row) => {
      const r = annex1Row(row[1]);
      return GUIDANCE_PLAN_CEILINGS.map((c) =>
        checkCeiling({
          label: c.indicator,
          value: r[c.indicator as (typeof ANNEX1_COLUMNS)[number]],
          base: r[c.base as (typeof ANNEX1_COLUMNS)[number]],
          ratio: c.ratio,
          baseLabel: c.base,
          district: row[1],
        }),
      );
    }).filter((w): w is Warning => w !== null);
    expect(warnings.map((w) => w.message)).toEqual([
      '璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%',
      '酉阳县“家服培训”为 2000，超过“目标计划” 8900 的 20%（上限 1780），实际占 22.5%',
    ]);
  });

  it('the city total respects both ceilings (家服 40000 and 创业 30000 of 500000)', () => {
    for (const [label, value] of [
      ['家服培训', 40000],
      ['创业培训', 30000],
    ] as const) {
      expect(checkCeiling({ label, value, base: 500000, ratio: 0.2, baseLabel: '目标计划' })).toBeNull();
    }
  });

  it('accepts a value exactly at the ceiling, and a ratio that is not a round percent', () => {
    expect(
      checkCeiling({ label: '创业培训', value: 2000, base: 10000, ratio: 0.2, baseLabel: '目标计划' }),
    ).toBeNull();
    expect(
      checkCeiling({ label: '创业培训', value: 2001, base: 10000, ratio: 0.2, baseLabel: '目标计划' })
        ?.message,
    ).toBe('“创业培训”为 2001，超过“目标计划” 10000 的 20%（上限 2000），实际占 20.0%');
    expect(
      checkCeiling({ label: '预拨资金', value: 13, base: 100, ratio: 0.125, baseLabel: '补贴资金' })?.message,
    ).toBe('“预拨资金”为 13，超过“补贴资金” 100 的 12.5%（上限 12.5），实际占 13.0%');
  });

  it('handles a missing figure and a zero base', () => {
    expect(
      checkCeiling({ label: '家服培训', value: null, base: 9700, ratio: 0.2, baseLabel: '目标计划' }),
    ).toBeNull();
    expect(
      checkCeiling({ label: '家服培训', value: 2500, base: null, ratio: 0.2, baseLabel: '目标计划' }),
    ).toBeNull();
    expect(
      checkCeiling({ label: '家服培训', value: 0, base: 0, ratio: 0.2, baseLabel: '目标计划' }),
    ).toBeNull();
    expect(
      checkCeiling({ label: '家服培训', value: 5, base: 0, ratio: 0.2, baseLabel: '目标计划' })?.message,
    ).toBe('“家服培训”为 5，超过“目标计划” 0 的 20%（上限 0）');
  });
});

describe('checkMinimum (file 000 note 3 “原则上不低于指导性计划”, annex 2 note 4 “最低目标数”)', () => {
  it('warns when 万州区 trains fewer enterprise workers than its 8400', () => {
    expect(
      checkMinimum({
        label: '企业职工培训',
        value: 8000,
        minimum: annex1Row('万州区').企业职工培训,
        district: '万州区',
      }),
    ).toEqual({
      code: 'MINIMUM_NOT_MET',
      severity: 'WARNING',
      message: '万州区“企业职工培训”为 8000，低于最低目标 8400，差 400',
      indicator: '企业职工培训',
      district: '万州区',
      expected: 8400,
      actual: 8000,
    });
  });

  it('accepts the minimum itself and more', () => {
    expect(
      checkMinimum({ label: '企业职工培训', value: 8400, minimum: 8400, district: '万州区' }),
    ).toBeNull();
    expect(
      checkMinimum({ label: '企业职工培训', value: 9000, minimum: 8400, district: '万州区' }),
    ).toBeNull();
  });

  it('counts one short of 万州区’s 15840 技能人才评价数 (annex 2)', () => {
    expect(
      checkMinimum({
        label: '技能人才评价数',
        value: 15839,
        minimum: ANNEX2_ROWS[0]?.[2] ?? null,
        district: '万州区',
      })?.message,
    ).toBe('万州区“技能人才评价数”为 15839，低于最低目标 15840，差 1');
  });

  it('has nothing to check when a figure is missing', () => {
    expect(checkMinimum({ label: '新职业培训', value: null, minimum: 420 })).toBeNull();
    expect(checkMinimum({ label: '新职业培训', value: 0, minimum: null })).toBeNull();
  });

  it('lists as minimums only columns that exist in file 000', () => {
    const annex2 = [
      '技能人才评价数',
      '企业职业技能等级认定机构建设数',
      '社会培训评价组织职业技能等级认定机构建设数',
    ];
    const columns: readonly string[] = [...ANNEX1_COLUMNS, ...annex2];
    expect(GUIDANCE_PLAN_MINIMUMS.filter((m) => !columns.includes(m))).toEqual([]);
    expect(GUIDANCE_PLAN_MINIMUMS).toHaveLength(9);
  });
});

describe('checkTargetCoverage', () => {
  const wulong2021 = WULONG_DEPARTMENT_LIST.slice(0, 25).flatMap((row) => parseYearlyTargets(row[4]).targets);

  it('武隆区 2021: the duties (5820 in all) cover the city’s 目标计划 of 4800', () => {
    expect(annex1Row('武隆区').目标计划).toBe(4800);
    expect(
      checkTargetCoverage({
        label: '目标计划',
        year: 2021,
        allocated: 4800,
        dutyTargets: wulong2021,
        district: '武隆区',
      }),
    ).toBeNull();
  });

  it('武隆区 2021 企业职工培训 (1200): the enterprise duties 2, 3, 4, 11, 12, 13 add up to 1000 (illustrative choice of duties)', () => {
    const enterpriseDuties = [2, 3, 4, 11, 12, 13].flatMap(
      (seq) => parseYearlyTargets(WULONG_DEPARTMENT_LIST[seq - 1]?.[4] ?? '').targets,
    );
    expect(
      checkTargetCoverage({
        label: '企业职工培训',
        year: 2021,
        allocated: annex1Row('武隆区').企业职工培训,
        dutyTargets: enterpriseDuties,
        district: '武隆区',
      }),
    ).toEqual({
      code: 'TARGET_GAP',
      severity: 'WARNING',
      message: '武隆区2021年“企业职工培训”：市下达 1200，各项重点工作目标合计 1000，缺口 200',
      indicator: '企业职工培训',
      district: '武隆区',
      expected: 1200,
      actual: 1000,
    });
  });

  it('adds only the targets of the year asked', () => {
    const targets = [
      { year: 2020, value: 5000 },
      { year: 2021, value: 100 },
    ];
    expect(
      checkTargetCoverage({ label: '目标计划', year: 2021, allocated: 150, dutyTargets: targets })?.actual,
    ).toBe(100);
    expect(
      checkTargetCoverage({ label: '目标计划', year: 2021, allocated: 100, dutyTargets: targets }),
    ).toBeNull();
    expect(
      checkTargetCoverage({ label: '目标计划', year: 2021, allocated: null, dutyTargets: [] }),
    ).toBeNull();
    expect(
      checkTargetCoverage({ label: '目标计划', year: 2022, allocated: 50, dutyTargets: targets })?.message,
    ).toBe('2022年“目标计划”：市下达 50，各项重点工作目标合计 0，缺口 50');
  });
});

describe('name and target-text warnings', () => {
  it('UNMATCHED_NAME for a spelling found nowhere (file 004: “区民营经济发发展局”)', () => {
    expect(
      unmatchedNameWarning({ name: '区民营经济发发展局', context: '责任单位', district: '北碚区' }),
    ).toEqual({
      code: 'UNMATCHED_NAME',
      severity: 'WARNING',
      message: '北碚区责任单位“区民营经济发发展局”未找到对应单位，请核对名称或添加别名',
      indicator: '区民营经济发发展局',
      district: '北碚区',
    });
  });

  it('ALIAS_MATCH is information (file 001 writes both 区人社局 and 区人力社保局)', () => {
    expect(aliasMatchWarning({ name: '区人社局', matched: '区人力社保局', district: '武隆区' })).toEqual({
      code: 'ALIAS_MATCH',
      severity: 'INFO',
      message: '武隆区“区人社局”按别名识别为“区人力社保局”',
      indicator: '区人社局',
      district: '武隆区',
    });
  });

  it('UNPARSED_TARGET, one per problem of parseYearlyTargets', () => {
    const { problems } = parseYearlyTargets('2019年若干人次；2020年50人次');
    expect(unparsedTargetWarnings(problems, { label: '开展妇女职业技能培训', district: '武隆区' })).toEqual([
      {
        code: 'UNPARSED_TARGET',
        severity: 'WARNING',
        message:
          '武隆区“开展妇女职业技能培训”的目标：无法识别的目标：“2019年若干人次”（应写作“年份+数值+单位”，如“2019年2000人次”）',
        indicator: '开展妇女职业技能培训',
        district: '武隆区',
      },
    ]);
    expect(unparsedTargetWarnings([], { label: '资金保障' })).toEqual([]);
  });

  it('gives every code a severity: INFO for an alias match and the import records, WARNING for rule breaks', () => {
    expect(Object.entries(WARNING_SEVERITY).filter(([, s]) => s === 'INFO')).toEqual([
      ['ALIAS_MATCH', 'INFO'],
      ['MIXED_UNITS', 'INFO'],
      ['ROW_SKIPPED', 'INFO'],
      ['ROW_REMOVED', 'INFO'],
    ]);
    // A re-import that overwrote a district admin's edits is a warning: the edit is lost.
    expect(WARNING_SEVERITY.MANUAL_EDIT_OVERWRITTEN).toBe('WARNING');
    expect(Object.keys(WARNING_SEVERITY)).toHaveLength(12);
  });
});

describe('ragStatus', () => {
  it('documents its thresholds', () => {
    expect([RAG_GREEN_TOLERANCE, RAG_AMBER_TOLERANCE]).toEqual([0.05, 0.2]);
  });

  it('万州区 目标计划 21000, half the year gone', () => {
    const at = (achieved: number) => ragStatus({ achieved, target: 21000, elapsedShare: 0.5 });
    expect(at(10500)).toBe('GREEN'); // 50%
    expect(at(9450)).toBe('GREEN'); // 45%: exactly 5 points behind
    expect(at(9449)).toBe('AMBER');
    expect(at(6300)).toBe('AMBER'); // 30%: exactly 20 points behind
    expect(at(6299)).toBe('RED');
    expect(at(0)).toBe('RED');
  });

  it('holds its boundaries against floating-point noise (0.7 − 0.2 ≠ 0.5 in binary)', () => {
    expect(ragStatus({ achieved: 500, target: 1000, elapsedShare: 0.7 })).toBe('AMBER');
    expect(ragStatus({ achieved: 650, target: 1000, elapsedShare: 0.7 })).toBe('GREEN');
    expect(ragStatus({ achieved: 649, target: 1000, elapsedShare: 0.7 })).toBe('AMBER');
  });

  it('is GREEN at the start of a period and clamps the elapsed share to 0..1', () => {
    expect(ragStatus({ achieved: 0, target: 1000, elapsedShare: 0 })).toBe('GREEN');
    expect(ragStatus({ achieved: 950, target: 1000, elapsedShare: 1.5 })).toBe('GREEN');
    expect(ragStatus({ achieved: 949, target: 1000, elapsedShare: 1.5 })).toBe('AMBER');
    expect(ragStatus({ achieved: 0, target: 1000, elapsedShare: -1 })).toBe('GREEN');
  });

  it('is NONE without a positive target', () => {
    expect(ragStatus({ achieved: 10, target: 0, elapsedShare: 0.5 })).toBe('NONE');
    expect(ragStatus({ achieved: 10, target: null, elapsedShare: 0.5 })).toBe('NONE');
    expect(ragStatus({ achieved: 10, target: -5, elapsedShare: 0.5 })).toBe('NONE');
  });
});
