import { describe, expect, it } from 'vitest';
import { groupIndicators, type Matrix } from '../AllocationMatrixTable';

type Indicator = Matrix['indicators'][number];

function indicator(id: string, name: string, parentId: string | null = null): Indicator {
  return { id, name, parentId, unit: '人次', nature: 'EXPECTED', ceilingRatio: null, ceilingOf: null };
}

describe('groupIndicators', () => {
  it('puts "其中" columns under their parent, in the document’s order', () => {
    const groups = groupIndicators([
      indicator('a', '目标计划'),
      indicator('b', '企业职工培训'),
      indicator('c', '新型学徒制培训', 'b'),
      indicator('d', '家服培训'),
      indicator('e', '市级家服基地', 'd'),
      indicator('f', '创业培训'),
    ]);
    expect(groups.map((g) => [g.indicator.name, g.children.map((c) => c.name)])).toEqual([
      ['目标计划', []],
      ['企业职工培训', ['新型学徒制培训']],
      ['家服培训', ['市级家服基地']],
      ['创业培训', []],
    ]);
  });

  it('keeps a child whose parent is not a column as a column of its own', () => {
    const groups = groupIndicators([indicator('c', '新型学徒制培训', 'missing')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.indicator.name).toBe('新型学徒制培训');
  });
});
