import { describe, expect, it } from 'vitest';
import { OrganisationKind } from '../../organisation/organisation.entity';
import { inferOrganisationKind, writtenForm } from '../directory';
import { isTotalLabel, leadNamedInText, parseSequence, splitResponsibilityItems } from '../duty-text';
import { ImportError } from '../import.errors';
import { parseManifest } from '../manifest';
import { readSheet } from '../spreadsheet';
import { sourceFile } from './support';

/** The importer's own text rules (no database). */
describe('responsibility items', () => {
  it('splits numbered items and keeps figures such as 1.45万 inside an item', () => {
    expect(splitResponsibilityItems('1. 做好培训。2. 做好统筹协调工作。')).toEqual([
      '做好培训。',
      '做好统筹协调工作。',
    ]);
    expect(splitResponsibilityItems('1. 三年培训1.45万人次。2. 落实2.5万元补贴。3.总结')).toEqual([
      '三年培训1.45万人次。',
      '落实2.5万元补贴。',
      '总结',
    ]);
    expect(splitResponsibilityItems('依法加强资金监管。')).toEqual(['依法加强资金监管。']);
    expect(splitResponsibilityItems('  ')).toEqual([]);
  });

  it('splits file 001 annex 3, whose items use ASCII commas, into its 5 items', () => {
    const csv = sourceFile('plans/wulong-2019/annex3-institution-duties.csv').toString('utf8');
    const cell = /"(1\. [^"]+)"/u.exec(csv)?.[1] ?? '';
    const items = splitResponsibilityItems(cell);
    expect(items).toHaveLength(5);
    expect(items[1]).toBe('启动“学历证书+若干职业技能等级证书”试点工作。');
  });
});

describe('sequence numbers, totals and leads named in the text', () => {
  it('reads Arabic and Chinese sequence numbers', () => {
    expect(parseSequence('12')).toEqual({ seq: '12', order: 12 });
    expect(parseSequence('（十七）')).toEqual({ seq: '十七', order: 17 });
    expect(parseSequence('二十')).toEqual({ seq: '二十', order: 20 });
    expect(() => parseSequence('第八')).toThrow(RangeError);
  });

  it('recognises total rows', () => {
    expect(isTotalLabel('合 计')).toBe(true);
    expect(isTotalLabel('总计：')).toBe(true);
    expect(isTotalLabel('合川区')).toBe(false);
  });

  it('finds "X牵头" in a task text, preferring a known name', () => {
    const known = (n: string) => n === '区人力社保局';
    expect(leadNamedInText('建立区政府统一领导，区人力社保局牵头，相关部门、各街镇各司其职', known)).toBe(
      '区人力社保局',
    );
    expect(leadNamedInText('由区人力社保局牵头制定方案', known)).toBe('区人力社保局');
    expect(leadNamedInText('由区大数据局牵头', () => false)).toBe('区大数据局');
    expect(leadNamedInText('相关部门牵头', () => false)).toBeNull();
    expect(leadNamedInText('加强组织领导', known)).toBeNull();
  });

  it('keeps the spelling a name had in the cell and infers the kind of a new organisation', () => {
    expect(writtenForm('区人力 社保局', '区人力社保局')).toBe('区人力 社保局');
    expect(writtenForm('区教委、区财政局', '区财政局')).toBe('区财政局');
    expect(inferOrganisationKind('团区委')).toBe(OrganisationKind.MASS_ORGANISATION);
    expect(inferOrganisationKind('区工商联')).toBe(OrganisationKind.MASS_ORGANISATION);
    expect(inferOrganisationKind('区大数据发展局')).toBe(OrganisationKind.GOVERNMENT_DEPARTMENT);
    expect(inferOrganisationKind('区政府办')).toBe(OrganisationKind.GOVERNMENT_DEPARTMENT);
    expect(inferOrganisationKind('重庆某某有限公司')).toBe(OrganisationKind.OTHER);
  });
});

describe('reading files', () => {
  it('reads a tab-separated file with a byte-order mark and CRLF line ends', async () => {
    const sheet = await readSheet({
      name: 't.csv',
      content: Buffer.from('\uFEFF序号\t名称\r\n1\t钳工\r\n\r\n2\t焊工\r\n'),
    });
    expect(sheet.header).toEqual(['序号', '名称']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['1', '钳工'] },
      { row: 4, cells: ['2', '焊工'] },
    ]);
  });

  it('skips title rows above the header it recognises and notes below the table', async () => {
    const csv = '2021年计划\n单位：人次\n序号,区县,目标计划\n1,万州区,21000\n备注：\n1. 说明\n';
    const sheet = await readSheet(
      { name: 'a.csv', content: Buffer.from(csv) },
      { isHeader: (k) => k.includes('区县') },
    );
    expect(sheet.headerRow).toBe(3);
    expect(sheet.rows).toEqual([{ row: 4, cells: ['1', '万州区', '21000'] }]);
  });

  it('checks a manifest and names the field at fault', () => {
    const manifest = JSON.parse(sourceFile('plans/cq-2021-guidance/plan.json').toString('utf8')) as {
      indicators: { ceiling?: unknown; parent?: string }[];
    };
    expect(parseManifest(manifest, 'plan.json').indicators).toHaveLength(13);
    const noCeiling = structuredClone(manifest);
    delete noCeiling.indicators[3]?.ceiling;
    expect(() => parseManifest(noCeiling, 'plan.json')).toThrow(/indicators\[3\]\.ceiling/u);
    const badParent = structuredClone(manifest);
    if (badParent.indicators[2]) badParent.indicators[2].parent = 'NOTHING';
    const error = (() => {
      try {
        parseManifest(badParent, 'plan.json');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).extensions).toMatchObject({
      file: 'plan.json',
      column: 'indicators[2].parent',
    });
    expect(() => parseManifest('{ not json', 'plan.json')).toThrow(/不是有效的 JSON/u);
  });
});
