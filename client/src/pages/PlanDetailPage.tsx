import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Descriptions, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { AllocationSection } from '../components/AllocationSection';
import { AssessmentCriteriaTable } from '../components/AssessmentCriteriaTable';
import { CatalogueTable } from '../components/CatalogueTable';
import { IndicatorsTable } from '../components/IndicatorsTable';
import { EmptyState, ErrorAlert, Loading } from '../components/PageState';
import { ResponsibilityMatrixView } from '../components/ResponsibilityMatrixView';
import { graphql } from '../gql';
import type { DutyListKind } from '../gql/graphql';
import { CADENCE_LABELS, PLAN_LEVEL_LABELS } from '../lib/labels';
import { planYears } from '../lib/plans';

const PlanDetailQuery = graphql(`
  query PlanDetail($id: ID!) {
    plan(id: $id) {
      ...PlanListFields
      source
      createdAt
      indicators {
        ...IndicatorFields
      }
    }
  }
`);

/** 计划详情: the plan, its indicators, and (city) the yearly allocation or (district) its duties. */
export function PlanDetailPage() {
  const { planId = '' } = useParams();
  const navigate = useNavigate();
  const [listKind, setListKind] = useState<DutyListKind>('DEPARTMENT');
  const { data, loading, error, refetch } = useQuery(PlanDetailQuery, { variables: { id: planId } });
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/plans')}>
      返回计划列表
    </Button>
  );
  if (loading && !data) return <Loading />;
  if (error)
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {back}
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </Space>
    );
  const plan = data?.plan;
  if (!plan) return <EmptyState description="未找到该计划">{back}</EmptyState>;

  const tabs = [
    {
      key: 'indicators',
      label: `指标（${plan.indicators.length}）`,
      children: <IndicatorsTable indicators={plan.indicators} />,
    },
    plan.level === 'CITY'
      ? { key: 'allocation', label: '年度分配表', children: <AllocationSection plan={plan} /> }
      : {
          key: 'matrix',
          label: '责任矩阵',
          children: (
            <ResponsibilityMatrixView planId={plan.id} listKind={listKind} onListKindChange={setListKind} />
          ),
        },
    { key: 'criteria', label: '考核标准', children: <AssessmentCriteriaTable planId={plan.id} /> },
    { key: 'catalogue', label: '项目制培训目录', children: <CatalogueTable planId={plan.id} /> },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {back}
      <Card
        title={plan.title}
        extra={<Tag color={plan.level === 'CITY' ? 'red' : 'blue'}>{PLAN_LEVEL_LABELS[plan.level]}</Tag>}
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label="文号">{plan.documentNumber ?? '（无文号）'}</Descriptions.Item>
          <Descriptions.Item label="发文单位">{plan.issuer}</Descriptions.Item>
          <Descriptions.Item label="年度">{planYears(plan)}</Descriptions.Item>
          <Descriptions.Item label="区县">{plan.district?.name ?? '全市'}</Descriptions.Item>
          <Descriptions.Item label="报送周期">{CADENCE_LABELS[plan.cadence]}</Descriptions.Item>
          <Descriptions.Item label="编码">{plan.code}</Descriptions.Item>
          {plan.source && <Descriptions.Item label="来源">{plan.source}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card>
        <Tabs items={tabs} defaultActiveKey={plan.level === 'CITY' ? 'allocation' : 'matrix'} />
      </Card>
    </Space>
  );
}
