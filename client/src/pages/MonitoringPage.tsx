import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  Button,
  Card,
  Col,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  message,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { CompletionChart } from '../components/CompletionChart';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { MonitoringExportKind } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { downloadBase64, formatCompletion, formatFigure, STATUS_LABELS } from '../lib/monitoring';

const CityPlansQuery = graphql(`
  query MonitoringPlans {
    plans(filter: { level: CITY }, first: 50) {
      nodes {
        id
        code
        title
        startYear
        endYear
      }
    }
  }
`);

const CityDashboardQuery = graphql(`
  query CityDashboard($planId: ID!, $year: Int!) {
    cityDashboard(planId: $planId, year: $year) {
      today
      expectedProgress
      ceilingReading
      indicators {
        id
        name
        unit
      }
      rows {
        district {
          id
          name
        }
        completion
        status
        warningCount
        cells {
          indicatorId
          target
          actual
          reported
          official
          completion
          status
        }
      }
      warnings {
        code
        message
        districtId
      }
      ranking {
        district {
          id
          name
        }
        score
        rank
        breakdown {
          name
          weight
          points
          adjustment
          adjustmentReason
        }
      }
    }
  }
`);

export const MonitoringExportQuery = graphql(`
  query MonitoringExport($kind: MonitoringExportKind!, $planId: ID!, $year: Int) {
    monitoringExport(kind: $kind, planId: $planId, year: $year) {
      fileName
      contentType
      contentBase64
    }
  }
`);

/** 监测: the city dashboard of a plan and year (a district user sees their own district). */
export function MonitoringPage() {
  const navigate = useNavigate();
  const client = useApolloClient();
  const [params, setParams] = useSearchParams();
  const plans = useQuery(CityPlansQuery);
  const planList = plans.data?.plans.nodes ?? [];
  const planId =
    params.get('plan') ?? planList.find((p) => p.code === 'CQ-2021-GUIDANCE')?.id ?? planList[0]?.id;
  const plan = planList.find((p) => p.id === planId);
  const year = Number(params.get('year') ?? plan?.startYear ?? 2021);
  const { data, loading, error, refetch } = useQuery(CityDashboardQuery, {
    variables: { planId: planId ?? '', year },
    skip: !planId,
  });
  const d = data?.cityDashboard;
  const [exporting, setExporting] = useState<MonitoringExportKind | null>(null);

  const exportFile = async (kind: MonitoringExportKind) => {
    if (!planId) return;
    setExporting(kind);
    try {
      const result = await client.query({
        query: MonitoringExportQuery,
        variables: { kind, planId, year },
        fetchPolicy: 'no-cache',
      });
      const f = result.data?.monitoringExport;
      if (f) downloadBase64(f.fileName, f.contentType, f.contentBase64);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setExporting(null);
    }
  };

  const rows = useMemo(() => d?.rows ?? [], [d]);
  const open = useCallback(
    (id: string) => navigate(`/monitoring/district/${id}?plan=${planId ?? ''}&year=${year}`),
    [navigate, planId, year],
  );
  const bars = useMemo(
    () => rows.map((r) => ({ id: r.district.id, name: r.district.name, completion: r.completion ?? null })),
    [rows],
  );

  const columns = [
    {
      title: '区县',
      key: 'district',
      fixed: 'left' as const,
      render: (_: unknown, r: (typeof rows)[number]) => (
        <a onClick={() => open(r.district.id)} data-testid="district-link">
          {r.district.name}
        </a>
      ),
    },
    {
      title: '完成率',
      key: 'completion',
      sorter: (a: (typeof rows)[number], b: (typeof rows)[number]) =>
        (a.completion ?? -1) - (b.completion ?? -1),
      render: (_: unknown, r: (typeof rows)[number]) => formatCompletion(r.completion),
    },
    {
      title: '状态',
      key: 'status',
      render: (_: unknown, r: (typeof rows)[number]) => (
        <Tag color={STATUS_LABELS[r.status].color}>{STATUS_LABELS[r.status].label}</Tag>
      ),
    },
    {
      title: '提示',
      key: 'warnings',
      sorter: (a: (typeof rows)[number], b: (typeof rows)[number]) => a.warningCount - b.warningCount,
      render: (_: unknown, r: (typeof rows)[number]) => {
        const list = d?.warnings.filter((w) => w.districtId === r.district.id) ?? [];
        return list.length ? (
          <Tooltip
            title={list.map((w) => (
              <div key={w.message}>{w.message}</div>
            ))}
          >
            <Tag color="orange">{list.length} 条</Tag>
          </Tooltip>
        ) : null;
      },
    },
    ...(d?.indicators ?? []).map((indicator, i) => ({
      title: `${indicator.name}（${indicator.unit}）`,
      key: indicator.id,
      sorter: (a: (typeof rows)[number], b: (typeof rows)[number]) =>
        (a.cells[i]?.completion ?? -1) - (b.cells[i]?.completion ?? -1),
      render: (_: unknown, r: (typeof rows)[number]) => {
        const c = r.cells[i];
        if (!c) return null;
        return (
          <Tooltip title={`报表汇总 ${formatFigure(c.reported)}；统计数 ${formatFigure(c.official)}`}>
            <div style={{ whiteSpace: 'nowrap' }}>
              {formatFigure(c.actual)} / {formatFigure(c.target)}
            </div>
            <div>
              <Tag color={STATUS_LABELS[c.status].color}>{formatCompletion(c.completion)}</Tag>
            </div>
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title="监测"
        extra={
          <Space wrap>
            <Select
              style={{ width: 320 }}
              value={planId}
              options={planList.map((p) => ({ value: p.id, label: p.title }))}
              onChange={(v) =>
                setParams({ plan: v, year: String(planList.find((p) => p.id === v)?.startYear ?? year) })
              }
            />
            <InputNumber
              value={year}
              min={plan?.startYear ?? 2000}
              max={plan?.endYear ?? 2100}
              onChange={(v) => v && setParams({ plan: planId ?? '', year: String(v) })}
            />
            <Button
              loading={exporting === 'ALLOCATION'}
              onClick={() => void exportFile('ALLOCATION')}
              data-testid="export-allocation"
            >
              导出分配表
            </Button>
            <Button loading={exporting === 'RANKING'} onClick={() => void exportFile('RANKING')}>
              导出排名
            </Button>
          </Space>
        }
      >
        {(error ?? plans.error) && (
          <ErrorAlert error={(error ?? plans.error)!} onRetry={() => void refetch()} />
        )}
        {d && (
          <Typography.Paragraph type="secondary">
            截至 {d.today}，按时间进度应完成 {formatCompletion(d.expectedProgress)}；上限按
            {d.ceilingReading === 'SUM' ? '合计' : d.ceilingReading === 'EACH' ? '单项' : '单项及合计'}核对。
          </Typography.Paragraph>
        )}
        <CompletionChart bars={bars} onSelect={open} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card title="区县 × 指标">
            <Table
              rowKey={(r) => r.district.id}
              loading={loading}
              dataSource={rows}
              columns={columns}
              pagination={false}
              size="small"
              scroll={{ x: 'max-content' }}
              data-testid="city-dashboard-table"
            />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card title="排名">
            <Table
              rowKey={(r) => r.district.id}
              dataSource={d?.ranking ?? []}
              pagination={false}
              size="small"
              columns={[
                { title: '名次', dataIndex: 'rank' },
                {
                  title: '区县',
                  render: (_, r) => <a onClick={() => open(r.district.id)}>{r.district.name}</a>,
                },
                {
                  title: '得分',
                  render: (_, r) => (
                    <Tooltip
                      title={r.breakdown.map((l) => (
                        <div key={l.name}>
                          {l.name}（权重 {l.weight}）：{l.points.toFixed(2)}
                          {l.adjustment
                            ? `，调整 ${l.adjustment > 0 ? '+' : ''}${l.adjustment}（${l.adjustmentReason ?? ''}）`
                            : ''}
                        </div>
                      ))}
                    >
                      {r.score.toFixed(2)}
                    </Tooltip>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
