import { useQuery } from '@apollo/client/react';
import { Card, Select, Space, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../components/PageState';
import { ResponsibilityMatrixView } from '../components/ResponsibilityMatrixView';
import { graphql } from '../gql';
import type { DutyListKind } from '../gql/graphql';
import { DUTY_LIST_KINDS } from '../lib/labels';
import { planYears } from '../lib/plans';

const DistrictPlansQuery = graphql(`
  query DistrictPlans {
    plans(filter: { level: DISTRICT }, first: 200) {
      totalCount
      nodes {
        id
        title
        documentNumber
        startYear
        endYear
        district {
          id
          name
        }
      }
    }
  }
`);

function asListKind(value: string | null): DutyListKind {
  return DUTY_LIST_KINDS.find((k) => k === value) ?? 'DEPARTMENT';
}

/** 责任矩阵: pick a district plan in scope and a list; the matrix and its duties below. */
export function ResponsibilityMatrixPage() {
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(DistrictPlansQuery);
  const plans = data?.plans.nodes ?? [];
  const planId = plans.find((p) => p.id === params.get('planId'))?.id ?? plans[0]?.id ?? null;
  const listKind = asListKind(params.get('kind'));
  const plan = plans.find((p) => p.id === planId);

  const select = (next: { planId?: string; kind?: DutyListKind }) =>
    setParams({ planId: next.planId ?? planId ?? '', kind: next.kind ?? listKind }, { replace: true });

  return (
    <Card title="责任矩阵" extra={plan && <Link to={`/plans/${plan.id}`}>查看计划</Link>}>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : plans.length === 0 ? (
        <EmptyState description="您的可见范围内没有区县计划" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <Typography.Text>区县计划</Typography.Text>
            <Select
              aria-label="区县计划"
              data-testid="plan-select"
              style={{ minWidth: 520 }}
              value={planId}
              onChange={(id) => select({ planId: id })}
              options={plans.map((p) => ({
                value: p.id,
                label: `${p.district?.name ?? ''} · ${p.title}（${p.documentNumber ?? planYears(p)}）`,
              }))}
            />
          </Space>
          {planId && (
            <ResponsibilityMatrixView
              key={planId}
              planId={planId}
              listKind={listKind}
              onListKindChange={(kind) => select({ kind })}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
