import { useQuery } from '@apollo/client/react';
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../gql';
import { RULE_WARNING_CODE_LABELS } from '../lib/labels';
import { formatValue } from '../lib/numbers';
import { planYearList } from '../lib/plans';
import { AllocationMatrixTable, type Matrix } from './AllocationMatrixTable';
import { EmptyState, ErrorAlert, Loading } from './PageState';

const AllocationMatrixQuery = graphql(`
  query AllocationMatrix($planId: ID!, $year: Int!) {
    allocationMatrix(planId: $planId, year: $year) {
      year
      complete
      indicators {
        id
        name
        unit
        nature
        parentId
        ceilingRatio
        ceilingOf {
          id
          name
        }
      }
      rows {
        district {
          id
          name
        }
        cells {
          indicatorId
          value
        }
      }
      totals {
        indicatorId
        computed
        claimed
        difference
      }
      cityTargets {
        indicatorId
        value
      }
      warnings {
        code
        severity
        message
        districtId
        indicatorId
        expected
        actual
      }
    }
  }
`);

/** The rules' findings over the visible rows, each with its message. */
function WarningsList({ warnings }: { warnings: Matrix['warnings'] }) {
  if (warnings.length === 0) {
    return <Alert type="success" showIcon message="规则检查：未发现问题（合计、其中项、上限、最低目标）" />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="allocation-warnings"
      message={`规则提示（${warnings.length} 条）`}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {warnings.map((w, i) => (
            <li key={i}>
              <Tag color={w.severity === 'WARNING' ? 'red' : 'default'}>
                {RULE_WARNING_CODE_LABELS[w.code]}
              </Tag>
              {w.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** City-wide targets of a plan that allocates nothing to districts (e.g. the 14th five-year plan). */
function CityTargetsTable({ matrix }: { matrix: Matrix }) {
  const values = new Map(matrix.cityTargets.map((c) => [c.indicatorId, c.value]));
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={matrix.indicators.filter((i) => values.has(i.id))}
      columns={[
        { title: '指标', dataIndex: 'name' },
        { title: '单位', dataIndex: 'unit', width: 90 },
        {
          title: '全市目标',
          key: 'v',
          width: 120,
          align: 'right',
          render: (_, i) => formatValue(values.get(i.id)),
        },
      ]}
    />
  );
}

function MatrixView({ matrix }: { matrix: Matrix }) {
  const hasDistrictFigures = matrix.rows.some((r) => r.cells.some((c) => c.value != null));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {!matrix.complete && hasDistrictFigures && (
        <Alert
          type="info"
          showIcon
          message="仅显示您可见的区县"
          description="合计只包含这些行，因此不与文件合计比较。"
        />
      )}
      {hasDistrictFigures && <WarningsList warnings={matrix.warnings} />}
      {hasDistrictFigures ? (
        <AllocationMatrixTable matrix={matrix} />
      ) : matrix.cityTargets.length > 0 ? (
        <>
          <Typography.Text type="secondary">
            {matrix.year} 年未向区县分配目标，以下为全市目标。
          </Typography.Text>
          <CityTargetsTable matrix={matrix} />
        </>
      ) : (
        <EmptyState description={`${matrix.year} 年没有分配数据，请选择其他年度`} />
      )}
    </Space>
  );
}

/** 年度分配表 of a city plan, for a year the user picks within the plan's period. */
export function AllocationSection({
  plan,
}: {
  plan: { id: string; startYear: number; endYear?: number | null };
}) {
  const years = planYearList(plan);
  const [year, setYear] = useState(years[years.length - 1]!);
  const { data, loading, error, refetch } = useQuery(AllocationMatrixQuery, {
    variables: { planId: plan.id, year },
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Typography.Text>年度</Typography.Text>
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: `${y} 年` }))}
          aria-label="年度"
        />
      </Space>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : data ? (
        <MatrixView matrix={data.allocationMatrix} />
      ) : null}
    </Space>
  );
}
