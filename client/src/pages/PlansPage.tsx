import { useQuery } from '@apollo/client/react';
import { Card, Segmented, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { LoadMore } from '../components/LoadMore';
import { ErrorAlert } from '../components/PageState';
import { PlansTable } from '../components/PlansTable';
import { graphql } from '../gql';
import type { PlanLevel } from '../gql/graphql';
import { PLAN_LEVEL_LABELS } from '../lib/labels';

const PlansQuery = graphql(`
  query Plans($filter: PlanFilter, $after: String) {
    plans(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...PlanListFields
      }
    }
  }
`);

type LevelChoice = PlanLevel | 'ALL';

/** 计划: the plans the viewer may see, filtered by level. */
export function PlansPage() {
  const [params, setParams] = useSearchParams();
  const level = (params.get('level') as PlanLevel | null) ?? null;
  const { data, loading, error, refetch, fetchMore } = useQuery(PlansQuery, {
    variables: { filter: level ? { level } : null },
    notifyOnNetworkStatusChange: true,
  });
  const plans = data?.plans;

  return (
    <Card
      title="计划"
      extra={
        <Segmented<LevelChoice>
          value={level ?? 'ALL'}
          options={[
            { label: '全部', value: 'ALL' },
            { label: PLAN_LEVEL_LABELS.CITY, value: 'CITY' },
            { label: PLAN_LEVEL_LABELS.DISTRICT, value: 'DISTRICT' },
          ]}
          onChange={(v) => setParams(v === 'ALL' ? {} : { level: v })}
        />
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
        <PlansTable plans={plans?.nodes ?? []} loading={loading} />
        {plans && (
          <LoadMore
            shown={plans.nodes.length}
            total={plans.totalCount}
            hasNextPage={plans.pageInfo.hasNextPage}
            loading={loading}
            onLoadMore={() => void fetchMore({ variables: { after: plans.pageInfo.endCursor } })}
          />
        )}
      </Space>
    </Card>
  );
}
