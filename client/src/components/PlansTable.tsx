import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { PlanListFieldsFragment } from '../gql/graphql';
import { CADENCE_LABELS, PLAN_LEVEL_LABELS } from '../lib/labels';
import { planYears } from '../lib/plans';

export const PlanListFields = graphql(`
  fragment PlanListFields on Plan {
    id
    code
    title
    documentNumber
    issuer
    level
    startYear
    endYear
    cadence
    district {
      id
      name
    }
  }
`);

/** Plans as a table: 文号, 标题 (link to the plan), 发文单位, 年度, level and district. */
export function PlansTable({ plans, loading }: { plans: PlanListFieldsFragment[]; loading?: boolean }) {
  return (
    <Table<PlanListFieldsFragment>
      rowKey="id"
      size="middle"
      loading={loading}
      pagination={false}
      dataSource={plans}
      scroll={{ x: 900 }}
      locale={{ emptyText: '没有可见的计划' }}
      columns={[
        {
          title: '文号',
          dataIndex: 'documentNumber',
          width: 200,
          render: (v: string | null) => v ?? <Typography.Text type="secondary">（无文号）</Typography.Text>,
        },
        {
          title: '标题',
          dataIndex: 'title',
          render: (title: string, plan) => <Link to={`/plans/${plan.id}`}>{title}</Link>,
        },
        { title: '发文单位', dataIndex: 'issuer', width: 240 },
        { title: '年度', key: 'years', width: 120, render: (_, plan) => planYears(plan) },
        {
          title: '层级',
          dataIndex: 'level',
          width: 90,
          render: (level: PlanListFieldsFragment['level']) => (
            <Tag color={level === 'CITY' ? 'red' : 'blue'}>{PLAN_LEVEL_LABELS[level]}</Tag>
          ),
        },
        {
          title: '区县',
          key: 'district',
          width: 100,
          render: (_, plan) => plan.district?.name ?? '全市',
        },
        {
          title: '报送',
          dataIndex: 'cadence',
          width: 70,
          render: (c: PlanListFieldsFragment['cadence']) => CADENCE_LABELS[c],
        },
      ]}
    />
  );
}
