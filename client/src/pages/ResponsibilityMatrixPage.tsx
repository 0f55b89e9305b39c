import { useQuery } from '@apollo/client/react';
import { Alert, Card, Select, Space, Typography } from 'antd';
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
    # The first duty the viewer may read: its plan is where the page opens (a plan with a list).
    firstDuty: duties(first: 1) {
      nodes {
        id
        planId
        listKind
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
  const asked = params.get('planId');
  // A plan id in the address that is not among the viewer's plans (another district's, or none):
  // say so rather than silently showing another plan.
  const unknownPlan = !!asked && !!data && !plans.some((p) => p.id === asked);
  const firstDuty = data?.firstDuty.nodes[0];
  const opening = plans.find((p) => p.id === firstDuty?.planId)?.id ?? plans[0]?.id ?? null;
  const planId = asked ? (unknownPlan ? null : asked) : opening;
  const listKind =
    params.get('kind') || asked ? asListKind(params.get('kind')) : (firstDuty?.listKind ?? 'DEPARTMENT');
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
          {unknownPlan && (
            <Alert
              type="warning"
              showIcon
              data-testid="unknown-plan"
              message="地址中的计划不存在，或不在您的可见范围内"
              description="请从下面选择一个区县计划。"
            />
          )}
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
            <Typography.Text>区县计划</Typography.Text>
            <Select
              aria-label="区县计划"
              data-testid="plan-select"
              style={{ flex: '1 1 240px', maxWidth: 520, minWidth: 0 }}
              placeholder="选择区县计划"
              value={planId ?? undefined}
              onChange={(id) => select({ planId: id })}
              options={plans.map((p) => ({
                value: p.id,
                label: `${p.district?.name ?? ''} · ${p.title}（${p.documentNumber ?? planYears(p)}）`,
              }))}
            />
          </div>
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
