import { useQuery } from '@apollo/client/react';
import { Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import { formatCompletion, formatFigure, STATUS_LABELS } from '../lib/monitoring';

const DistrictDashboardQuery = graphql(`
  query DistrictDashboard($year: Int!, $planId: ID, $districtId: ID) {
    districtDashboard(year: $year, planId: $planId, districtId: $districtId) {
      district {
        id
        name
      }
      today
      chaseCount
      plan {
        title
      }
      indicators {
        id
        name
        unit
      }
      progress {
        indicatorId
        target
        reported
        official
        actual
        difference
        dutyTargets
        completion
        status
      }
      warnings {
        message
      }
      duties {
        duty {
          id
          seq
          title
        }
        leadText
        target
        actual
        completion
        missedPeriods
        status
      }
      dutiesByStatus {
        status
        count
      }
      units {
        organisation {
          id
          name
        }
        score
        rank
      }
    }
  }
`);

/** 区县监测: a district's indicators against its allocation, duties by status, units ranked. */
export function DistrictMonitoringPage() {
  const { districtId } = useParams();
  const [params] = useSearchParams();
  const year = Number(params.get('year') ?? 2021);
  const { data, error, refetch, loading } = useQuery(DistrictDashboardQuery, {
    variables: { year, planId: params.get('plan') || null, districtId: districtId ?? null },
  });
  const d = data?.districtDashboard;
  const name = (id: string) => d?.indicators.find((i) => i.id === id);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card title={`${d?.district.name ?? ''} ${year}年监测`} loading={loading && !d}>
        <Row gutter={16}>
          {(d?.dutiesByStatus ?? [])
            .filter((s) => s.count > 0)
            .map((s) => (
              <Col key={s.status}>
                <Statistic title={`重点工作·${STATUS_LABELS[s.status].label}`} value={s.count} />
              </Col>
            ))}
          <Col>
            <Statistic title="催报" value={d?.chaseCount ?? 0} />
          </Col>
        </Row>
      </Card>
      <Card title={`指标对照市下达目标${d?.plan ? `（${d.plan.title}）` : ''}`}>
        <Table
          rowKey="indicatorId"
          size="small"
          pagination={false}
          dataSource={d?.progress ?? []}
          columns={[
            { title: '指标', render: (_, p) => name(p.indicatorId)?.name },
            { title: '市下达', render: (_, p) => formatFigure(p.target) },
            { title: '重点工作目标', render: (_, p) => formatFigure(p.dutyTargets) },
            { title: '报表汇总', render: (_, p) => formatFigure(p.reported) },
            { title: '统计数', render: (_, p) => formatFigure(p.official) },
            { title: '差额', render: (_, p) => formatFigure(p.difference) },
            { title: '完成率', render: (_, p) => formatCompletion(p.completion) },
            {
              title: '状态',
              render: (_, p) => (
                <Tag color={STATUS_LABELS[p.status].color}>{STATUS_LABELS[p.status].label}</Tag>
              ),
            },
          ]}
        />
        {(d?.warnings ?? []).map((w) => (
          <div key={w.message}>
            <Tag color="orange">提示</Tag>
            {w.message}
          </div>
        ))}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title="重点工作">
            <Table
              rowKey={(r) => `${r.duty.id}/${r.leadText ?? ''}`}
              size="small"
              pagination={{ pageSize: 30 }}
              dataSource={d?.duties ?? []}
              columns={[
                { title: '序号', render: (_, r) => r.duty.seq },
                { title: '重点工作', render: (_, r) => r.duty.title },
                { title: '牵头单位', dataIndex: 'leadText' },
                { title: '目标', render: (_, r) => formatFigure(r.target) },
                { title: '完成', render: (_, r) => formatFigure(r.actual) },
                { title: '完成率', render: (_, r) => formatCompletion(r.completion) },
                { title: '未报期数', dataIndex: 'missedPeriods' },
                {
                  title: '状态',
                  render: (_, r) => (
                    <Tag color={STATUS_LABELS[r.status].color}>{STATUS_LABELS[r.status].label}</Tag>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title="单位排名">
            <Table
              rowKey={(r) => r.organisation.id}
              size="small"
              pagination={false}
              dataSource={d?.units ?? []}
              columns={[
                { title: '名次', dataIndex: 'rank' },
                { title: '单位', render: (_, r) => r.organisation.name },
                { title: '得分', render: (_, r) => r.score.toFixed(2) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
