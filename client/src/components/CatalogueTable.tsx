import { useQuery } from '@apollo/client/react';
import { Table } from 'antd';
import { graphql } from '../gql';
import { ErrorAlert } from './PageState';

const CatalogueQuery = graphql(`
  query Catalogue($planId: ID!) {
    catalogue(planId: $planId) {
      id
      seq
      occupation
      district {
        id
        name
      }
    }
  }
`);

/** 项目制培训目录: the urgently needed occupations a district lists under a plan. */
export function CatalogueTable({ planId }: { planId: string }) {
  const { data, loading, error, refetch } = useQuery(CatalogueQuery, { variables: { planId } });
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  return (
    <Table
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.catalogue ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个职业` }}
      locale={{ emptyText: '本计划没有项目制培训目录' }}
      columns={[
        { title: '序号', dataIndex: 'seq', width: 80 },
        { title: '职业（工种）', dataIndex: 'occupation' },
        { title: '区县', key: 'district', width: 120, render: (_, e) => e.district.name },
      ]}
    />
  );
}
