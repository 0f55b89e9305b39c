import { describe, expect, it } from 'vitest';
import { parseYearlyTargets, type YearlyTarget } from '../target-text';
import { WULONG_DEPARTMENT_LIST } from './fixtures/file001';

const HINT = '（应写作“年份+数值+单位”，如“2019年2000人次”）';

/** Shorthand: [year, value, unit] → YearlyTarget. */
const t = (year: number, value: number, unit: string): YearlyTarget => ({ year, value, unit });

/**
 * Every cell of the column "2019—2021年 培训目标任务" of file 001 annex 1 (武隆区推进职业技能提升行动部门责任清单),
 * quoted as extracted, with the reading expected. Note rows 13–17: the document writes 2019 in 人 and
 * 2020/2021 in 人次; the units are kept as written.
 */
const WULONG_CELLS: readonly [number, string, YearlyTarget[]][] = [
  [
    1,
    '2019年2000人次； 2020年2100人次； 2021年2200人次。',
    [t(2019, 2000, '人次'), t(2020, 2100, '人次'), t(2021, 2200, '人次')],
  ],
  [
    2,
    '2019年200人次； 2020年200人次； 2021年200人次。',
    [t(2019, 200, '人次'), t(2020, 200, '人次'), t(2021, 200, '人次')],
  ],
  [
    3,
    '2019年100人次； 2020年150人次； 2021年200人次。',
    [t(2019, 100, '人次'), t(2020, 150, '人次'), t(2021, 200, '人次')],
  ],
  [
    4,
    '2019年150人次； 2020年180人次； 2021年200人次。',
    [t(2019, 150, '人次'), t(2020, 180, '人次'), t(2021, 200, '人次')],
  ],
  [
    5,
    '2019年700人次； 2020年700人次； 2021年700人次。',
    [t(2019, 700, '人次'), t(2020, 700, '人次'), t(2021, 700, '人次')],
  ],
  [
    6,
    '2019年30人次； 2020年50人次； 2021年100人次。',
    [t(2019, 30, '人次'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    7,
    '2019年500人次； 2020年600人次； 2021年700人次。',
    [t(2019, 500, '人次'), t(2020, 600, '人次'), t(2021, 700, '人次')],
  ],
  [
    8,
    '2019年80人次； 2020年100人次； 2021年120人次。',
    [t(2019, 80, '人次'), t(2020, 100, '人次'), t(2021, 120, '人次')],
  ],
  [
    9,
    '2019年30人次； 2020年50人次； 2021年100人次。',
    [t(2019, 30, '人次'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    10,
    '2019年80人次； 2020年100人次； 2021年150人次。',
    [t(2019, 80, '人次'), t(2020, 100, '人次'), t(2021, 150, '人次')],
  ],
  [
    11,
    '2019年30人次； 2020年50人次； 2021年100人次。',
    [t(2019, 30, '人次'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    12,
    '2019年80人次；2020年100人次；2021年150人次。',
    [t(2019, 80, '人次'), t(2020, 100, '人次'), t(2021, 150, '人次')],
  ],
  [
    13,
    '2019年80人；2020年100人次；2021年150人次。',
    [t(2019, 80, '人'), t(2020, 100, '人次'), t(2021, 150, '人次')],
  ],
  [
    14,
    '2019年30人；2020年50人次；2021年100人次。',
    [t(2019, 30, '人'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    15,
    '2019年30人；2020年50人次；2021年100人次。',
    [t(2019, 30, '人'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    16,
    '2019年80人；2020年100人次；2021年150人次。',
    [t(2019, 80, '人'), t(2020, 100, '人次'), t(2021, 150, '人次')],
  ],
  [
    17,
    '2019年30人；2020年50人次；2021年100人次。',
    [t(2019, 30, '人'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    18,
    '2019年30人次；2020年50人次；2021年100人次。',
    [t(2019, 30, '人次'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    19,
    '2019年30人次；2020年50人次；2021年100人次。',
    [t(2019, 30, '人次'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [
    20,
    '2019年30人次； 2020年50人次； 2021年100人次。',
    [t(2019, 30, '人次'), t(2020, 50, '人次'), t(2021, 100, '人次')],
  ],
  [21, '', []],
  [22, '', []],
  [23, '', []],
  [24, '', []],
  [25, '', []],
  [
    26,
    '总计：2019年4320人次；2020年4880人次；2021年5820人次。',
    [t(2019, 4320, '人次'), t(2020, 4880, '人次'), t(2021, 5820, '人次')],
  ],
];

describe('parseYearlyTargets — every target cell of file 001 annex 1 (武隆区)', () => {
  it('quotes the cells exactly as the transcription of the document has them', () => {
    expect(WULONG_DEPARTMENT_LIST.map((row) => [row[0], row[4]])).toEqual(
      WULONG_CELLS.map(([seq, text]) => [seq, text]),
    );
  });

  it.each(WULONG_CELLS)('row %i: “%s”', (seq, text, expected) => {
    const result = parseYearlyTargets(text);
    expect(result).toEqual({ targets: expected, total: seq === 26, problems: [] });
  });

  it('the 总计 line equals the sum of rows 1–25 for each year (units 人 and 人次 added as the document does)', () => {
    const rows = WULONG_CELLS.filter(([seq]) => seq !== 26).flatMap(
      ([, text]) => parseYearlyTargets(text).targets,
    );
    const sum = (year: number) => rows.filter((x) => x.year === year).reduce((a, x) => a + x.value, 0);
    expect([sum(2019), sum(2020), sum(2021)]).toEqual([4320, 4880, 5820]);
  });
});

describe('parseYearlyTargets — accepted spellings', () => {
  it('reads 万 as ×10000 and keeps the unit without 万 (file 001 body: “1.45万人次”)', () => {
    expect(parseYearlyTargets('2019年1.5万人次；2020年1.45万人次').targets).toEqual([
      t(2019, 15000, '人次'),
      t(2020, 14500, '人次'),
    ]);
  });

  it('reads half-width semicolons, commas, 、, spaces only, and line breaks as separators', () => {
    expect(
      parseYearlyTargets('2019年10个;2020年12家,2021年3期，2022年4项、2023年5人 2024年6人次\n2025年7人次')
        .targets,
    ).toEqual([
      t(2019, 10, '个'),
      t(2020, 12, '家'),
      t(2021, 3, '期'),
      t(2022, 4, '项'),
      t(2023, 5, '人'),
      t(2024, 6, '人次'),
      t(2025, 7, '人次'),
    ]);
  });

  it('reads stray spaces, full-width digits, 年度, a colon after the year and thousands separators', () => {
    expect(
      parseYearlyTargets('2019 年 2000 人次；２０２０年度：2,100人次；2021年1，200人次；2022年１，３００人次')
        .targets,
    ).toEqual([t(2019, 2000, '人次'), t(2020, 2100, '人次'), t(2021, 1200, '人次'), t(2022, 1300, '人次')]);
  });

  it('reads a 合计 prefix with a half-width colon, or none, as a total line', () => {
    expect(parseYearlyTargets('合计:2019年10人次').total).toBe(true);
    expect(parseYearlyTargets('总计 2019年10人次').total).toBe(true);
    expect(parseYearlyTargets('2019年10人次').total).toBe(false);
  });

  it('reads several targets written without any separator', () => {
    expect(parseYearlyTargets('2019年2000人次2020年2100人次').targets).toEqual([
      t(2019, 2000, '人次'),
      t(2020, 2100, '人次'),
    ]);
  });

  it('gives nothing and no problem for empty or blank text', () => {
    expect(parseYearlyTargets('')).toEqual({ targets: [], total: false, problems: [] });
    expect(parseYearlyTargets(' \u3000\n')).toEqual({ targets: [], total: false, problems: [] });
  });
});

describe('parseYearlyTargets — problems', () => {
  it('names a vague figure', () => {
    expect(parseYearlyTargets('2019年若干人次')).toEqual({
      targets: [],
      total: false,
      problems: [`无法识别的目标：“2019年若干人次”${HINT}`],
    });
  });

  it('names a target without a year, keeping the readable ones', () => {
    expect(parseYearlyTargets('每年不少于2000人次；2021年2200人次。')).toEqual({
      targets: [t(2021, 2200, '人次')],
      total: false,
      problems: [`无法识别的目标：“每年不少于2000人次”${HINT}`],
    });
  });

  it('names a duplicated year and keeps the first figure', () => {
    expect(parseYearlyTargets('2019年2000人次；2020年2100人次；2020年2200人次。')).toEqual({
      targets: [t(2019, 2000, '人次'), t(2020, 2100, '人次')],
      total: false,
      problems: ['年份重复：“2020年2200人次”中的2020年已在前面出现（2100人次），已按前一个数值读取，请核对'],
    });
  });

  it('names a unit outside the list, a missing unit, a year range, and a fractional count', () => {
    expect(parseYearlyTargets('2019年2000名；2020年2100；2019—2021年；2021年0.5人次').problems).toEqual([
      `无法识别的目标：“2019年2000名”${HINT}`,
      `无法识别的目标：“2020年2100”${HINT}`,
      `无法识别的目标：“2019—2021年”${HINT}`,
      '目标数值不是整数：“2021年0.5人次”（人次只能是整数）',
    ]);
  });

  it('names a total line with no figures', () => {
    expect(parseYearlyTargets('总计：')).toEqual({
      targets: [],
      total: true,
      problems: [`“总计：”后没有可识别的目标${HINT}`],
    });
  });

  it('names a 总计 that is not at the start', () => {
    expect(parseYearlyTargets('2019年10人次；总计：2019年10人次').problems).toEqual([
      `无法识别的目标：“总计：2019年10人次”${HINT}`,
    ]);
  });
});
