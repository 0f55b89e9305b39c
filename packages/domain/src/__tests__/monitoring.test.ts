import { describe, expect, it } from 'vitest';
import {
  actualDifferenceText,
  checkCeilingRule,
  checkGroupCeiling,
  criterionPoints,
  DEFAULT_MONITORING_THRESHOLDS,
  expectedProgress,
  formatCompletion,
  monitoringThresholds,
  progressStatus,
  rankByScore,
} from '../monitoring';
import { ANNEX1_COLUMNS, ANNEX1_ROWS } from './fixtures/file000';

const figure = (row: (typeof ANNEX1_ROWS)[number], name: (typeof ANNEX1_COLUMNS)[number]) =>
  (row[ANNEX1_COLUMNS.indexOf(name) + 2] as number | null | undefined) ?? null;

describe('expectedProgress', () => {
  const months = Array.from({ length: 12 }, (_, i) => ({
    endsOn: `2021-${String(i + 1).padStart(2, '0')}-${['31', '28', '31', '30', '31', '30', '31', '31', '30', '31', '30', '31'][i]}`,
  }));
  it('counts the periods of the year that have ended', () => {
    // Calendar quarters when the plan has no periods: on 15 July, Q1 and Q2 have ended → 2/4.
    expect(expectedProgress({ year: 2021, today: '2021-07-15' })).toBe(0.5);
    // The last day of a quarter is still inside it: 30 June → only Q1 ended.
    expect(expectedProgress({ year: 2021, today: '2021-06-30' })).toBe(0.25);
    // Monthly periods: on 15 May, January..April ended → 4/12.
    expect(expectedProgress({ year: 2021, today: '2021-05-15', periods: months })).toBeCloseTo(4 / 12, 10);
  });
  it('is 0 before the year and 1 after it', () => {
    expect(expectedProgress({ year: 2021, today: '2020-12-31' })).toBe(0);
    expect(expectedProgress({ year: 2021, today: '2022-01-01' })).toBe(1);
    expect(expectedProgress({ year: 2021, today: '2021-01-01' })).toBe(0);
  });
});

describe('progressStatus (defaults: 关注 10 points behind, 滞后 25 points behind)', () => {
  it('compares completion with the expected progress, boundaries inclusive', () => {
    // Expected 50%: 420/1000 = 42% is 8 behind → 正常; 400 = 10 behind → 关注;
    // 260 = 24 behind → 关注; 250 = 25 behind → 滞后.
    expect(progressStatus({ actual: 420, target: 1000, expected: 0.5 })).toBe('NORMAL');
    expect(progressStatus({ actual: 400, target: 1000, expected: 0.5 })).toBe('WATCH');
    expect(progressStatus({ actual: 260, target: 1000, expected: 0.5 })).toBe('WATCH');
    expect(progressStatus({ actual: 250, target: 1000, expected: 0.5 })).toBe('LAGGING');
    expect(progressStatus({ actual: 1000, target: 1000, expected: 0.5 })).toBe('DONE');
    expect(progressStatus({ actual: 1200, target: 1000, expected: 1 })).toBe('DONE');
    expect(progressStatus({ actual: null, target: 1000, expected: 0 })).toBe('NORMAL');
    expect(progressStatus({ actual: 5, target: null, expected: 0.5 })).toBe('NO_TARGET');
    expect(progressStatus({ actual: 5, target: 0, expected: 0.5 })).toBe('NO_TARGET');
  });
  it('turns a duty 滞后 when its lead missed a due period, unless done', () => {
    expect(progressStatus({ actual: 900, target: 1000, expected: 0.5, missedPeriods: 1 })).toBe('LAGGING');
    expect(progressStatus({ actual: 1000, target: 1000, expected: 0.5, missedPeriods: 1 })).toBe('DONE');
  });
  it('takes thresholds from configuration and refuses nonsense', () => {
    const strict = monitoringThresholds({ watchBelow: 0.05, lagBelow: 0.15 });
    expect(progressStatus({ actual: 420, target: 1000, expected: 0.5, thresholds: strict })).toBe('WATCH');
    expect(progressStatus({ actual: 350, target: 1000, expected: 0.5, thresholds: strict })).toBe('LAGGING');
    expect(monitoringThresholds()).toEqual(DEFAULT_MONITORING_THRESHOLDS);
    expect(() => monitoringThresholds({ watchBelow: 0.3, lagBelow: 0.2 })).toThrow(/监测阈值/);
  });
});

describe('group ceilings on the 2021 guidance plan (file 000 annex 1, note 2)', () => {
  const findings = (reading: 'EACH' | 'SUM' | 'EACH_AND_SUM') =>
    ANNEX1_ROWS.flatMap((row) =>
      checkCeilingRule({
        reading,
        members: [
          { label: '家服培训', value: figure(row, '家服培训') },
          { label: '创业培训', value: figure(row, '创业培训') },
        ],
        base: figure(row, '目标计划'),
        ratio: 0.2,
        baseLabel: '目标计划',
        district: row[1],
      }).map((w) => `${w.district} ${w.indicator} ${w.actual}/${w.expected}`),
    );
  it('EACH (the reading the shipped plan uses): 璧山区 and 酉阳县 for 家服培训 alone', () => {
    // 璧山区 2500 > 9700 × 20% = 1940 (25.8%); 酉阳县 2000 > 8900 × 20% = 1780 (22.5%).
    expect(findings('EACH')).toEqual(['璧山区 家服培训 2500/1940', '酉阳县 家服培训 2000/1780']);
  });
  it('SUM: five districts, their sum above 20%', () => {
    // 沙坪坝 2000+1300=3300 > 3040; 北碚 1500+1300=2800 > 2200; 璧山 2500+750=3250 > 1940;
    // 荣昌 1500+700=2200 > 2140; 酉阳 2000+250=2250 > 1780.
    expect(findings('SUM')).toEqual([
      '沙坪坝区 家服培训+创业培训 3300/3040',
      '北碚区 家服培训+创业培训 2800/2200',
      '璧山区 家服培训+创业培训 3250/1940',
      '荣昌区 家服培训+创业培训 2200/2140',
      '酉阳县 家服培训+创业培训 2250/1780',
    ]);
    expect(findings('EACH_AND_SUM')).toHaveLength(7);
  });
  it('names the group and the share in the message', () => {
    expect(
      checkGroupCeiling({
        labels: ['家服培训', '创业培训'],
        values: [2500, 750],
        base: 9700,
        ratio: 0.2,
        baseLabel: '目标计划',
        district: '璧山区',
      })?.message,
    ).toBe('璧山区“家服培训+创业培训”为 3250，超过“目标计划” 9700 的 20%（上限 1940），实际占 33.5%');
    expect(
      checkGroupCeiling({ labels: ['a', 'b'], values: [null, null], base: 10, ratio: 0.2, baseLabel: 'x' }),
    ).toBeNull();
  });
});

describe('criterionPoints and rankByScore', () => {
  it('scores each method as worked by hand', () => {
    expect(criterionPoints('COMPLETION_RATIO', 40, { actual: 750, target: 1000 })).toBe(30);
    expect(criterionPoints('COMPLETION_RATIO', 40, { actual: 1200, target: 1000 })).toBe(40);
    expect(criterionPoints('COMPLETION_RATIO', 40, { actual: 10, target: null })).toBe(0);
    expect(criterionPoints('MINIMUM_MET', 10, { actual: 8400, target: 8400 })).toBe(10);
    expect(criterionPoints('MINIMUM_MET', 10, { actual: 8399, target: 8400 })).toBe(0);
    expect(criterionPoints('CEILING_RESPECTED', 10, { actual: 1941, target: 1940 })).toBe(0);
    expect(criterionPoints('CEILING_RESPECTED', 10, { actual: 1940, target: 1940 })).toBe(10);
    expect(criterionPoints('REPORTED_ON_TIME', 20, { done: 2, of: 3 })).toBe(13.33);
    expect(criterionPoints('REPORTED_ON_TIME', 20, { done: 0, of: 0 })).toBe(20);
    expect(criterionPoints('CHECKLIST_DONE', 30, { done: 1, of: 4 })).toBe(7.5);
  });
  it('ranks highest first, ties share a rank', () => {
    const ranked = rankByScore([
      { name: '乙', score: 80 },
      { name: '甲', score: 90 },
      { name: '丙', score: 80 },
      { name: '丁', score: 70 },
    ]);
    expect(ranked.map((r) => `${r.rank}${r.name}`)).toEqual(['1甲', '2丙', '2乙', '4丁']);
  });
  it('formats completion and differences', () => {
    expect(formatCompletion(0.4567)).toBe('45.7%');
    expect(formatCompletion(null)).toBe('—');
    expect(actualDifferenceText(1200, 1080)).toBe('统计数比报表汇总多 120');
    expect(actualDifferenceText(1000, 1080)).toBe('统计数比报表汇总少 80');
    expect(actualDifferenceText(null, 1)).toBeNull();
  });
});

describe('cadencePeriods', () => {
  it('gives month ends, quarter ends or the year end', async () => {
    const { cadencePeriods } = await import('../monitoring');
    expect(cadencePeriods(2024, 'MONTHLY')[1]).toEqual({ endsOn: '2024-02-29' });
    expect(cadencePeriods(2021, 'QUARTERLY').map((p) => p.endsOn)).toEqual([
      '2021-03-31',
      '2021-06-30',
      '2021-09-30',
      '2021-12-31',
    ]);
    expect(
      expectedProgress({ year: 2021, today: '2021-10-01', periods: cadencePeriods(2021, 'ANNUAL') }),
    ).toBe(0);
  });
});
