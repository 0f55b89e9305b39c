import { describe, expect, it } from 'vitest';
import { displayWidth, formatReportTable, type ImportReport } from '../report';
import { aliasMatchWarning, checkCeiling, reconcileTotal, type Warning } from '../rules';

describe('displayWidth', () => {
  it('counts CJK and full-width characters as 2, others as 1', () => {
    expect(displayWidth('璧山区')).toBe(6);
    expect(displayWidth('TOTAL_MISMATCH')).toBe(14);
    expect(displayWidth('（上限 1940），')).toBe(2 + 4 + 1 + 4 + 2 + 2);
    expect(displayWidth('\u3000')).toBe(2);
    expect(displayWidth('“”')).toBe(2);
    expect(displayWidth('')).toBe(0);
  });
});

describe('formatReportTable', () => {
  it('renders an import of file 000 annex 1 with its real findings', () => {
    const warnings: Warning[] = [
      reconcileTotal({ label: '新职业培训', values: [20000], claimed: 20090 }).warning,
      checkCeiling({
        label: '家服培训',
        value: 2500,
        base: 9700,
        ratio: 0.2,
        baseLabel: '目标计划',
        district: '璧山区',
      }),
      checkCeiling({
        label: '家服培训',
        value: 2000,
        base: 8900,
        ratio: 0.2,
        baseLabel: '目标计划',
        district: '酉阳县',
      }),
      aliasMatchWarning({ name: '重庆高新区', matched: '高新区', district: '重庆高新区' }),
    ].filter((w): w is Warning => w !== null);
    const report: ImportReport = {
      file: '000_2021年全市职业技能提升行动指导性计划.xlsx',
      rowsRead: 42,
      created: 41,
      updated: 0,
      unchanged: 1,
      warnings,
    };
    expect(formatReportTable(report)).toBe(
      [
        '文件 000_2021年全市职业技能提升行动指导性计划.xlsx：读取 42 行，新建 41，更新 0，未变 1；警告 3 条，提示 1 条',
        '级别     代码              区县        说明',
        '-------  ----------------  ----------  ----',
        'WARNING  TOTAL_MISMATCH                “新职业培训”合计：文件为 20090，按各区县相加为 20000，相差 90',
        'WARNING  CEILING_EXCEEDED  璧山区      璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%',
        'WARNING  CEILING_EXCEEDED  酉阳县      酉阳县“家服培训”为 2000，超过“目标计划” 8900 的 20%（上限 1780），实际占 22.5%',
        'INFO     ALIAS_MATCH       重庆高新区  重庆高新区“重庆高新区”按别名识别为“高新区”',
        '',
      ].join('\n'),
    );
  });

  it('aligns the message column by display width, not by string length', () => {
    const out = formatReportTable({
      file: 'x.csv',
      rowsRead: 2,
      created: 0,
      updated: 2,
      unchanged: 0,
      warnings: [
        { code: 'UNMATCHED_NAME', severity: 'WARNING', message: 'A', district: '万盛经开区' },
        { code: 'OF_WHICH_EXCEEDS_PARENT', severity: 'WARNING', message: 'B', district: 'X' },
      ],
    });
    const lines = out.split('\n').slice(3, 5);
    expect(lines.map((l) => displayWidth(l))).toEqual([47, 47]);
    expect(lines.map((l) => displayWidth(l.slice(0, l.length - 1)))).toEqual([46, 46]);
  });

  it('prints only the summary when there is nothing to report', () => {
    expect(
      formatReportTable({
        file: '001.csv',
        rowsRead: 26,
        created: 26,
        updated: 0,
        unchanged: 0,
        warnings: [],
      }),
    ).toBe('文件 001.csv：读取 26 行，新建 26，更新 0，未变 0；警告 0 条\n');
  });

  it('never leaves trailing spaces', () => {
    const out = formatReportTable({
      file: 'f',
      rowsRead: 1,
      created: 0,
      updated: 0,
      unchanged: 1,
      warnings: [{ code: 'TARGET_GAP', severity: 'WARNING', message: '' }],
    });
    expect(out.split('\n').filter((l) => l !== l.trimEnd())).toEqual([]);
    expect(out.split('\n')[3]).toBe('WARNING  TARGET_GAP');
  });
});
