import { Table, Tag, Tooltip, Typography } from 'antd';
import { graphql } from '../gql';
import type { IndicatorFieldsFragment } from '../gql/graphql';
import { INDICATOR_NATURE_COLORS, INDICATOR_NATURE_LABELS } from '../lib/labels';
import { formatRatio } from '../lib/numbers';

export const IndicatorFields = graphql(`
  fragment IndicatorFields on Indicator {
    id
    code
    name
    unit
    nature
    cumulative
    basis
    sortOrder
    parentId
    parent {
      id
      name
    }
    ceilingRatio
    ceilingOf {
      id
      name
    }
  }
`);

/** 性质 of an indicator, with the ceiling's share and base: 上限（不超过“目标计划”的 20%）. */
export function IndicatorNatureTag({ indicator }: { indicator: IndicatorFieldsFragment }) {
  const label = INDICATOR_NATURE_LABELS[indicator.nature];
  const detail =
    indicator.nature === 'CEILING' && indicator.ceilingRatio != null && indicator.ceilingOf
      ? `不超过“${indicator.ceilingOf.name}”的 ${formatRatio(indicator.ceilingRatio)}`
      : null;
  return (
    <Tag color={INDICATOR_NATURE_COLORS[indicator.nature]}>
      {label}
      {detail && `（${detail}）`}
    </Tag>
  );
}

/** A plan's indicators in the document's order: 名称, 单位, 性质, 其中 (parent), 累计, 依据. */
export function IndicatorsTable({ indicators }: { indicators: IndicatorFieldsFragment[] }) {
  return (
    <Table<IndicatorFieldsFragment>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={indicators}
      scroll={{ x: 900 }}
      locale={{ emptyText: '本计划没有指标' }}
      columns={[
        { title: '序', key: 'n', width: 50, render: (_, __, i) => i + 1 },
        {
          title: '名称',
          dataIndex: 'name',
          render: (name: string, ind) => (
            <span style={{ paddingLeft: ind.parentId ? 20 : 0 }}>
              {ind.parentId && <Typography.Text type="secondary">其中：</Typography.Text>}
              {name}
            </span>
          ),
        },
        { title: '单位', dataIndex: 'unit', width: 80 },
        {
          title: '性质',
          key: 'nature',
          width: 240,
          render: (_, ind) => <IndicatorNatureTag indicator={ind} />,
        },
        {
          title: '其中（所属指标）',
          key: 'parent',
          width: 180,
          render: (_, ind) => ind.parent?.name ?? '—',
        },
        {
          title: '累计',
          dataIndex: 'cumulative',
          width: 110,
          render: (c: boolean) => (c ? <Tag color="purple">规划期累计</Tag> : '按年度'),
        },
        {
          title: '依据',
          dataIndex: 'basis',
          width: 280,
          ellipsis: { showTitle: false },
          render: (basis: string | null) =>
            basis ? (
              <Tooltip title={basis} placement="topLeft">
                {basis}
              </Tooltip>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
