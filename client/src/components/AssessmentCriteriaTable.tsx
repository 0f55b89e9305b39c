import { useQuery } from '@apollo/client/react';
import { Table } from 'antd';
import { graphql } from '../gql';
import { ASSESSMENT_METHOD_LABELS } from '../lib/labels';
import { ErrorAlert } from './PageState';

const AssessmentCriteriaQuery = graphql(`
  query AssessmentCriteria($planId: ID!) {
    assessmentCriteria(planId: $planId) {
      id
      name
      weight
      method
      description
      indicator {
        id
        name
      }
    }
  }
`);

/** 考核标准 of a plan: weight, method and the indicator measured. */
export function AssessmentCriteriaTable({ planId }: { planId: string }) {
  const { data, loading, error, refetch } = useQuery(AssessmentCriteriaQuery, { variables: { planId } });
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  return (
    <Table
      rowKey="id"
      size="middle"
      loading={loading}
      pagination={false}
      dataSource={data?.assessmentCriteria ?? []}
      locale={{ emptyText: '本计划尚未设定考核标准' }}
      columns={[
        { title: '名称', dataIndex: 'name' },
        { title: '权重', dataIndex: 'weight', width: 80, align: 'right' },
        {
          title: '考核方式',
          dataIndex: 'method',
          width: 140,
          render: (m: keyof typeof ASSESSMENT_METHOD_LABELS) => ASSESSMENT_METHOD_LABELS[m],
        },
        { title: '考核指标', key: 'indicator', render: (_, c) => c.indicator?.name ?? '—' },
        { title: '说明', dataIndex: 'description', render: (d: string | null) => d ?? '—' },
      ]}
    />
  );
}
