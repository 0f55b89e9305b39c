import { describe, expect, it } from 'vitest';
import {
  linkIndicatorRows,
  parseColumnHeader,
  parseIndicatorLabel,
  parseIndicatorValue,
  parseNumberCell,
} from '../headers';
import { ANNEX1_COLUMNS } from './fixtures/file000';

describe('parseColumnHeader — file 000 annex 1 (2021年全市职业技能提升行动指导性计划)', () => {
  // The ten figure columns, the two header rows merged per column; line breaks as the PDF extraction has them.
  const headers = [
    '目标\n计划',
    '企业职工培训',
    '其中，新型学徒制培训',
    '家服\n培训',
    '其中，市级家服基地',
    '创业\n培训',
    '人力资\n源培训',
    '新职业培训',
    '培训后鉴定评价',
    '其中，高级工以上',
  ];

  it('reads every column', () => {
    expect(headers.map(parseColumnHeader)).toEqual([
      { name: '目标计划', unit: null, ofWhich: false },
      { name: '企业职工培训', unit: null, ofWhich: false },
      { name: '新型学徒制培训', unit: null, ofWhich: true },
      { name: '家服培训', unit: null, ofWhich: false },
      { name: '市级家服基地', unit: null, ofWhich: true },
      { name: '创业培训', unit: null, ofWhich: false },
      { name: '人力资源培训', unit: null, ofWhich: false },
      { name: '新职业培训', unit: null, ofWhich: false },
      { name: '培训后鉴定评价', unit: null, ofWhich: false },
      { name: '高级工以上', unit: null, ofWhich: true },
    ]);
    expect(headers.map((h) => parseColumnHeader(h).name)).toEqual([...ANNEX1_COLUMNS]);
  });

  it('reads the two leading columns', () => {
    expect(parseColumnHeader('序号')).toEqual({ name: '序号', unit: null, ofWhich: false });
    expect(parseColumnHeader('\t区县')).toEqual({ name: '区县', unit: null, ofWhich: false });
  });
});

describe('parseColumnHeader — file 000 annex 2 (2021年全市技能人才评价指导性计划)', () => {
  it('takes the unit out of the full-width bracket', () => {
    expect(
      [
        '技能人才评价数（人次）',
        '企业职业技能等级认定机构建设数（个）',
        '社会培训评价组织职业技能等级认定机构建设数（个）',
      ].map(parseColumnHeader),
    ).toEqual([
      { name: '技能人才评价数', unit: '人次', ofWhich: false },
      { name: '企业职业技能等级认定机构建设数', unit: '个', ofWhich: false },
      { name: '社会培训评价组织职业技能等级认定机构建设数', unit: '个', ofWhich: false },
    ]);
  });
});

describe('parseColumnHeader — other spellings', () => {
  it('reads 其中 with a colon, a half-width comma, or nothing', () => {
    expect(parseColumnHeader('其中：新型学徒制培训')).toEqual({
      name: '新型学徒制培训',
      unit: null,
      ofWhich: true,
    });
    expect(parseColumnHeader('其中:新型学徒制培训')).toEqual({
      name: '新型学徒制培训',
      unit: null,
      ofWhich: true,
    });
    expect(parseColumnHeader('其中,新型学徒制培训')).toEqual({
      name: '新型学徒制培训',
      unit: null,
      ofWhich: true,
    });
    expect(parseColumnHeader('其中高级工以上')).toEqual({ name: '高级工以上', unit: null, ofWhich: true });
    expect(parseColumnHeader('其 中，高级工\n以上（人次）')).toEqual({
      name: '高级工以上',
      unit: '人次',
      ofWhich: true,
    });
  });

  it('reads half-width brackets, spaces and 万 units', () => {
    expect(parseColumnHeader('技能人才评价数(人次)')).toEqual({
      name: '技能人才评价数',
      unit: '人次',
      ofWhich: false,
    });
    expect(parseColumnHeader('人力资 源培训')).toEqual({ name: '人力资源培训', unit: null, ofWhich: false });
    expect(parseColumnHeader('补贴性培训（万人次）')).toEqual({
      name: '补贴性培训',
      unit: '万人次',
      ofWhich: false,
    });
    expect(parseColumnHeader('完成率（%）')).toEqual({ name: '完成率', unit: '%', ofWhich: false });
  });

  it('keeps a bracket that is not a unit in the name', () => {
    expect(parseColumnHeader('区县（自治县）')).toEqual({
      name: '区县（自治县）',
      unit: null,
      ofWhich: false,
    });
  });
});

/** File 002 (渝人社〔2021〕444号) 专栏1 “十四五”时期职业技能培训主要指标, label and 2025年 cells as extracted. */
const COLUMN1: readonly [string, string][] = [
  ['\t1.开展补贴性职业技能培训（万人次）', '\t〔150〕'],
  ['\t2.其中：农民工参加职业技能培训人次（万人次）', '\t〔40〕'],
  ['\t        企业新型学徒制培训（万人次）', '\t〔8〕'],
  ['\t3.新增取得职业资格证书或职业技能等级证书人数（万人）', '\t〔65〕'],
  ['\t4.其中：新增取得高级工以上职业资格证书或职业技能等级证书人数（万人）', '\t〔30〕'],
  [
    '\t5.新增中华技能大奖获得者、全国技术能手、享受国务院政府特殊津贴专家、重庆英才･高技能领军人才、重庆英才･青年拔尖人才（高技能人才类）等杰出技能人才（人次）',
    '\t〔240〕',
  ],
  ['\t6.开发新职业培训标准、考核标准（套）', '\t60'],
  ['\t7.第三方线上培训平台（个）', '\t15'],
];

describe('parseIndicatorLabel — file 002 专栏1', () => {
  it('reads every row', () => {
    expect(COLUMN1.map(([label]) => parseIndicatorLabel(label))).toEqual([
      { seq: 1, name: '开展补贴性职业技能培训', unit: '万人次', ofWhich: false },
      { seq: 2, name: '农民工参加职业技能培训人次', unit: '万人次', ofWhich: true },
      { seq: null, name: '企业新型学徒制培训', unit: '万人次', ofWhich: false },
      { seq: 3, name: '新增取得职业资格证书或职业技能等级证书人数', unit: '万人', ofWhich: false },
      { seq: 4, name: '新增取得高级工以上职业资格证书或职业技能等级证书人数', unit: '万人', ofWhich: true },
      {
        seq: 5,
        name: '新增中华技能大奖获得者、全国技术能手、享受国务院政府特殊津贴专家、重庆英才･高技能领军人才、重庆英才･青年拔尖人才（高技能人才类）等杰出技能人才',
        unit: '人次',
        ofWhich: false,
      },
      { seq: 6, name: '开发新职业培训标准、考核标准', unit: '套', ofWhich: false },
      { seq: 7, name: '第三方线上培训平台', unit: '个', ofWhich: false },
    ]);
  });

  it('reads a number written with a full-width point or 、', () => {
    expect(parseIndicatorLabel('12．第三方线上培训平台（个）').seq).toBe(12);
    expect(parseIndicatorLabel('3、新职业培训').seq).toBe(3);
  });

  it('does not take a year or a bare number for a row number', () => {
    expect(parseIndicatorLabel('2025年目标')).toEqual({
      seq: null,
      name: '2025年目标',
      unit: null,
      ofWhich: false,
    });
  });
});

describe('linkIndicatorRows — file 002 专栏1', () => {
  it('links 2 and the unnumbered 企业新型学徒制培训 to 1, and 4 to 3', () => {
    const rows = linkIndicatorRows(COLUMN1.map(([label]) => label));
    expect(rows.map((r) => [r.seq, r.ofWhich, r.parentIndex])).toEqual([
      [1, false, null],
      [2, true, 0],
      [null, true, 0],
      [3, false, null],
      [4, true, 3],
      [5, false, null],
      [6, false, null],
      [7, false, null],
    ]);
  });

  it('leaves an unnumbered row after a top-level row at the top level', () => {
    expect(linkIndicatorRows(['1.甲（人）', '乙（人）']).map((r) => r.parentIndex)).toEqual([null, null]);
  });
});

describe('parseIndicatorValue', () => {
  it('reads every value of 专栏1: 〔〕 marks a five-year cumulative figure', () => {
    expect(COLUMN1.map(([, value]) => parseIndicatorValue(value))).toEqual([
      { value: 150, cumulative: true },
      { value: 40, cumulative: true },
      { value: 8, cumulative: true },
      { value: 65, cumulative: true },
      { value: 30, cumulative: true },
      { value: 240, cumulative: true },
      { value: 60, cumulative: false },
      { value: 15, cumulative: false },
    ]);
  });

  it('reads an empty cell as null and other brackets as cumulative', () => {
    expect(parseIndicatorValue('')).toBeNull();
    expect(parseIndicatorValue(' \t')).toBeNull();
    expect(parseIndicatorValue('[150]')).toEqual({ value: 150, cumulative: true });
    expect(parseIndicatorValue('〔 1.5 〕')).toEqual({ value: 1.5, cumulative: true });
  });

  it.each(['预期性', '〔〕', '〔150', '约60', '-60', '〔〔150〕〕'])(
    'rejects “%s” with a RangeError in Chinese',
    (cell) => {
      expect(() => parseIndicatorValue(cell)).toThrow(RangeError);
      expect(() => parseIndicatorValue(cell)).toThrow(
        `无法识别的指标值：“${cell}”（应为数字，或用〔〕括起的累计数，如“〔150〕”）`,
      );
    },
  );
});

describe('parseNumberCell', () => {
  it('reads the figures of file 000 as integers', () => {
    expect(parseNumberCell('21000')).toBe(21000);
    expect(parseNumberCell('\t500000')).toBe(500000);
    expect(parseNumberCell('21,000')).toBe(21000);
    expect(parseNumberCell('21，000')).toBe(21000);
    expect(parseNumberCell(' 1 600 ')).toBe(1600);
    expect(parseNumberCell('２１０００')).toBe(21000);
    expect(Number.isInteger(parseNumberCell('322'))).toBe(true);
  });

  it('reads an empty cell (大渡口区 市级家服基地) as null', () => {
    expect(parseNumberCell('')).toBeNull();
    expect(parseNumberCell('\t')).toBeNull();
    expect(parseNumberCell(' \u3000 ')).toBeNull();
  });

  it('multiplies 万 exactly', () => {
    expect(parseNumberCell('1.5万')).toBe(15000);
    expect(parseNumberCell('1.45万')).toBe(14500);
    expect(parseNumberCell('1.15万')).toBe(11500);
    expect(parseNumberCell('30万')).toBe(300000);
  });

  it('allows decimals and a % sign (percentage columns: file 001 “24%”, “28%”)', () => {
    expect(parseNumberCell('24%')).toBe(24);
    expect(parseNumberCell('12.5')).toBe(12.5);
    expect(parseNumberCell('12.5％')).toBe(12.5);
  });

  it.each(['-5', 'NaN', '—', '约2000', '2000以上', '1e3', '+5', '2,10', '1.5万%', '.5', '5.', '〔150〕'])(
    'rejects “%s”',
    (cell) => {
      expect(() => parseNumberCell(cell)).toThrow(RangeError);
      expect(() => parseNumberCell(cell)).toThrow(`不是有效数字：“${cell}”`);
    },
  );

  it('quotes the cell trimmed in the message', () => {
    expect(() => parseNumberCell(' 约2000 ')).toThrow('不是有效数字：“约2000”');
  });
});
