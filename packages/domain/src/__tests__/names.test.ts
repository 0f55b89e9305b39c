import { describe, expect, it, vi } from 'vitest';
import { chineseOrdinal, looksLikeUnitName, normaliseName, splitUnitList } from '../names';
import {
  WULONG_DEPARTMENT_LIST,
  WULONG_ENTERPRISE_ASSIGNEES,
  WULONG_INSTITUTION_ASSIGNEES,
} from './fixtures/file001';

describe('normaliseName', () => {
  it('removes the PDF line-break space of file 001 (“区人力 社保局”)', () => {
    expect(normaliseName('区人力 社保局')).toBe('区人力社保局');
  });

  it('removes ideographic spaces, no-break spaces, line breaks and zero-width characters', () => {
    expect(normaliseName('\u3000区教委\u00A0')).toBe('区教委');
    expect(normaliseName('区经\n济信息委')).toBe('区经济信息委');
    expect(normaliseName('区国\u200B资委')).toBe('区国资委');
  });

  it('turns full-width brackets and letters into half-width (file 002: “中国（重庆）职业技能公共实训中心”)', () => {
    expect(normaliseName('中国（重庆）职业技能公共实训中心')).toBe('中国(重庆)职业技能公共实训中心');
    expect(normaliseName('ＳＹＢ创业培训')).toBe('SYB创业培训');
  });

  it('gives the same key for both spellings of a name and different keys for different names', () => {
    expect(normaliseName('区国 资委')).toBe(normaliseName('区国资委'));
    expect(normaliseName('区住房城乡建委')).not.toBe(normaliseName('区住房城乡建设委'));
  });
});

describe('looksLikeUnitName', () => {
  it.each([
    ['区国资委', true],
    ['区经济信息委', true],
    ['国有企业', true],
    ['规上企业', true],
    ['团区委', true],
    ['区残联', true],
    ['各行业主管部门', true],
    ['公办职业培训学校', true],
    ['区人力', false],
    ['区经', false],
    ['区农业', false],
    ['局', false],
    ['', false],
  ])('%s → %s', (name, expected) => {
    expect(looksLikeUnitName(name)).toBe(expected);
  });
});

describe('splitUnitList — file 001 (武隆区) assignee cells', () => {
  it('splits a cooperating-unit cell on 、 (row 1: “区农业农村委、区教委、区总工会、团区委、区妇联”)', () => {
    expect(splitUnitList('区农业农村委、区教委、区总工会、团区委、区妇联')).toEqual([
      '区农业农村委',
      '区教委',
      '区总工会',
      '团区委',
      '区妇联',
    ]);
  });

  it.each([
    ['区人力 社保局', ['区人力社保局']],
    ['区国 资委', ['区国资委']],
    ['区经 济信息委', ['区经济信息委']],
    ['区商 务委', ['区商务委']],
    ['区农业 农村委', ['区农业农村委']],
    ['区国资委 区经济信息委', ['区国资委', '区经济信息委']],
    ['国有企业 规上企业', ['国有企业', '规上企业']],
    ['公办职业培训学校', ['公办职业培训学校']],
  ])('“%s” → %j (no list of known names)', (cell, expected) => {
    expect(splitUnitList(cell)).toEqual(expected);
  });

  it('reads every lead-unit cell of annex 1 as exactly one unit', () => {
    expect(WULONG_DEPARTMENT_LIST.map((row) => splitUnitList(row[2]))).toEqual([
      ['区人力社保局'],
      ['区国资委'],
      ['区经济信息委'],
      ['区商务委'],
      ['区农业农村委'],
      ['区教委'],
      ['区扶贫办'],
      ['区退役军人事务局'],
      ['区司法局'],
      ['区残联'],
      ['区应急局'],
      ['区住房城乡建设委'],
      ['区交通局'],
      ['团区委'],
      ['区妇联'],
      ['区科技局'],
      ['区公安局'],
      ['区民政局'],
      ['区卫生健康委'],
      ['区城管局'],
      ['区总工会'],
      ['区审计局'],
      ['区发展改革委'],
      ['区财政局'],
      ['区财政局'],
      ['区人力社保局'],
    ]);
  });

  it('reads the cooperating-unit cells of annex 1 (row 16 has ten units, row 24 none)', () => {
    const counts = WULONG_DEPARTMENT_LIST.map((row) => splitUnitList(row[3]).length);
    expect(counts).toEqual([5, 5, 5, 6, 3, 4, 4, 2, 2, 2, 4, 3, 2, 2, 2, 10, 3, 2, 2, 3, 3, 2, 1, 0, 1, 1]);
    expect(splitUnitList(WULONG_DEPARTMENT_LIST[15]?.[3] ?? '')).toEqual([
      '区人力社保局',
      '区教委',
      '区经济信息委',
      '区农业农村委',
      '区商务委',
      '区公安局',
      '区民政局',
      '区住房城乡建委',
      '区城市管理局',
      '区卫生健康委',
    ]);
    expect(splitUnitList(WULONG_DEPARTMENT_LIST[24]?.[3] ?? '')).toEqual(['各行业主管部门']);
  });

  it('reads annexes 2 and 3, whose assignees are categories of organisations', () => {
    expect(WULONG_ENTERPRISE_ASSIGNEES.map((cell) => splitUnitList(cell))).toEqual([
      ['区国资委', '区经济信息委'],
      ['国有企业', '规上企业'],
    ]);
    expect(WULONG_INSTITUTION_ASSIGNEES.map((cell) => splitUnitList(cell))).toEqual([
      ['区教委'],
      ['公办职业培训学校'],
    ]);
  });
});

describe('splitUnitList — file 004 (北碚区) “责任单位” lists', () => {
  it('drops the trailing 等 and keeps the document’s spelling, typo included (（一）: “区民营经济发发展局等”)', () => {
    expect(splitUnitList('区人力社保局、区教委、区经济信息委、区民营经济发发展局等')).toEqual([
      '区人力社保局',
      '区教委',
      '区经济信息委',
      '区民营经济发发展局',
    ]);
  });

  it('reads a list cut by a page break (（十八）: “区财政局、区人力社保局、” … “区审计局、区教委等”)', () => {
    expect(splitUnitList('区财政局、区人力社保局、\n\n\n\n区审计局、区教委等')).toEqual([
      '区财政局',
      '区人力社保局',
      '区审计局',
      '区教委',
    ]);
  });

  it('reads （十七）: “区级有关部门、各街镇”', () => {
    expect(splitUnitList('区级有关部门、各街镇')).toEqual(['区级有关部门', '各街镇']);
  });
});

describe('splitUnitList — separators, spaces and odd input', () => {
  it('splits on ，,；; and line breaks and drops empty items', () => {
    expect(splitUnitList('区财政局，区教委,区审计局；区人力社保局;区总工会\n团区委、、 ；')).toEqual([
      '区财政局',
      '区教委',
      '区审计局',
      '区人力社保局',
      '区总工会',
      '团区委',
    ]);
    expect(splitUnitList('')).toEqual([]);
    expect(splitUnitList(' 等 ')).toEqual([]);
  });

  it('treats ideographic and no-break spaces like spaces', () => {
    expect(splitUnitList('区国资委\u3000区经济信息委')).toEqual(['区国资委', '区经济信息委']);
    expect(splitUnitList('区人力\u00A0社保局')).toEqual(['区人力社保局']);
  });

  it('drops “ 等” after a space and trims, but does not normalise inside a name', () => {
    expect(splitUnitList('  区教委 等 ')).toEqual(['区教委']);
    expect(splitUnitList('中国（重庆）职业技能公共实训中心')).toEqual(['中国（重庆）职业技能公共实训中心']);
  });

  it('keeps a name together when the halves disagree on the 区 prefix (illustrative: “区社会 保险局”)', () => {
    expect(splitUnitList('区社会 保险局')).toEqual(['区社会保险局']);
  });

  it('splits three names and repairs a cut one among them', () => {
    expect(splitUnitList('区国资委 区经 济信息委 团区委')).toEqual(['区国资委', '区经济信息委', '团区委']);
  });

  it('joins parts that are not names at all', () => {
    expect(splitUnitList('区教委 牵头')).toEqual(['区教委牵头']);
  });
});

describe('splitUnitList — with a list of known names', () => {
  const known = new Set(['区人力社保局', '区国资委', '区经济信息委', '区社会保险局'].map(normaliseName));
  const isKnown = (name: string) => known.has(normaliseName(name));

  it('splits only into known names', () => {
    expect(splitUnitList('区人力 社保局', isKnown)).toEqual(['区人力社保局']);
    expect(splitUnitList('区国资委 区经济信息委', isKnown)).toEqual(['区国资委', '区经济信息委']);
    expect(splitUnitList('区国资委 区经 济信息委', isKnown)).toEqual(['区国资委', '区经济信息委']);
  });

  it('calls isKnown with the text as written, spaces removed', () => {
    const spy = vi.fn((name: string) => name === '区国资委');
    expect(splitUnitList('区国 资委', spy)).toEqual(['区国资委']);
    const asked = spy.mock.calls.map((c) => c[0]);
    expect(asked).toContain('区国资委');
    expect(asked.every((name) => ['区国', '资委', '区国资委'].includes(name))).toBe(true);
  });

  it('falls back to the suffix heuristic when no grouping is made of known names (categories of file 001 annex 2)', () => {
    expect(splitUnitList('国有企业 规上企业', isKnown)).toEqual(['国有企业', '规上企业']);
    expect(splitUnitList('区农业 农村委', isKnown)).toEqual(['区农业农村委']);
  });
});

describe('chineseOrdinal', () => {
  it.each([
    ['一', 1],
    ['二', 2],
    ['三', 3],
    ['四', 4],
    ['五', 5],
    ['六', 6],
    ['七', 7],
    ['八', 8],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['十二', 12],
    ['十九', 19],
    ['二十', 20],
    ['二十一', 21],
    ['九十九', 99],
  ])('%s → %i', (s, n) => {
    expect(chineseOrdinal(s)).toBe(n);
  });

  it('reads the bracketed forms of the documents: “（二十）” (file 004), “( 三 )” and “(二)” (file 001)', () => {
    expect(chineseOrdinal('（十二）')).toBe(12);
    expect(chineseOrdinal('(十二)')).toBe(12);
    expect(chineseOrdinal('（二十）')).toBe(20);
    expect(chineseOrdinal('( 三 )')).toBe(3);
    expect(chineseOrdinal('(二)')).toBe(2);
    expect(chineseOrdinal(' 五 ')).toBe(5);
  });

  it.each(['', '零', '两', '一十', '百', '十十', '二十二十', '1', '（十二', '十二）', '第三', '一百'])(
    'rejects “%s” with a RangeError',
    (s) => {
      expect(() => chineseOrdinal(s)).toThrow(RangeError);
    },
  );

  it('says in Chinese what it expected', () => {
    expect(() => chineseOrdinal('零')).toThrow('不是中文序号：“零”（应为一至九十九，如“十二”或“（十二）”）');
  });
});
