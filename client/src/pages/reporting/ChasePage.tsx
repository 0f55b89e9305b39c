import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/PageState';
import { graphql } from '../../gql';
import type { ChaseListQuery } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { formatTime } from '../../lib/reporting';
import { AssignmentRoleTag } from '../../components/AssignmentRoleTag';

const DistrictPlansQuery = graphql(`
  query ChasePlans {
    plans(filter: { level: DISTRICT }, first: 100) {
      nodes {
        id
        title
      }
    }
  }
`);

const ChasePeriodsQuery = graphql(`
  query ChasePeriods($planId: ID!) {
    reportingPeriods(planId: $planId) {
      id
      label
      dueOn
      state
    }
  }
`);

const ChaseListQuery = graphql(`
  query ChaseList($filter: ChaseFilter) {
    chaseList(filter: $filter) {
      state
      daysLate
      reportStatus
      lastReminderAt
      role
      period {
        id
        label
        dueOn
      }
      duty {
        id
        seq
        title
      }
      organisation {
        id
        name
      }
    }
  }
`);

const SendReminderMutation = graphql(`
  mutation SendReminder($input: SendReminderInput!) {
    sendReminder(input: $input) {
      id
      message
    }
  }
`);

type Row = ChaseListQuery['chaseList'][number];

/** 催办: who has not reported a due period, who reported late; send a reminder to a unit. */
export function ChasePage() {
  const { message } = App.useApp();
  const { data: plans } = useQuery(DistrictPlansQuery);
  const [planId, setPlanId] = useState<string | undefined>();
  const plan = planId ?? plans?.plans.nodes[0]?.id;
  const { data: periods } = useQuery(ChasePeriodsQuery, { variables: { planId: plan ?? '' }, skip: !plan });
  const [periodId, setPeriodId] = useState<string | undefined>();
  const { data, loading, error, refetch } = useQuery(ChaseListQuery, {
    variables: { filter: { planId: plan, periodId } },
    skip: !plan,
    fetchPolicy: 'cache-and-network',
  });
  const [send, sending] = useMutation(SendReminderMutation);
  const remind = async (row: Row) => {
    try {
      await send({
        variables: {
          input: { organisationId: row.organisation.id, periodId: row.period.id, dutyId: row.duty.id },
        },
      });
      void message.success(`已向${row.organisation.name}发送催办`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      await refetch();
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        催办
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label="计划"
          style={{ minWidth: 260, maxWidth: '100%' }}
          value={plan}
          options={(plans?.plans.nodes ?? []).map((p) => ({ value: p.id, label: p.title }))}
          onChange={(id) => {
            setPlanId(id);
            setPeriodId(undefined);
          }}
        />
        <Select
          aria-label="报送期"
          allowClear
          placeholder="全部已到期的报送期"
          style={{ minWidth: 200 }}
          value={periodId}
          options={(periods?.reportingPeriods ?? [])
            .filter((p) => p.state === 'CLOSED' || p.state === 'OPEN')
            .map((p) => ({ value: p.id, label: `${p.label}（截止 ${p.dueOn}）` }))}
          onChange={setPeriodId}
        />
      </Space>
      {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
      <Table<Row>
        rowKey={(r) => `${r.period.id}:${r.duty.id}:${r.organisation.id}`}
        loading={loading && !data}
        dataSource={data?.chaseList ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: '所有单位均已按时报送' }}
        columns={[
          { title: '报送期', key: 'period', width: 130, render: (_, r) => r.period.label },
          {
            title: '单位',
            key: 'org',
            render: (_, r) => (
              <Space size={4}>
                <span data-chase-org={r.organisation.name}>{r.organisation.name}</span>
                <AssignmentRoleTag role={r.role} />
              </Space>
            ),
          },
          { title: '重点工作', key: 'duty', render: (_, r) => `${r.duty.seq}. ${r.duty.title}` },
          {
            title: '情况',
            key: 'state',
            width: 150,
            render: (_, r) =>
              r.state === 'NOT_SUBMITTED' ? (
                <Tag color="red">未报送（已逾期 {r.daysLate} 天）</Tag>
              ) : (
                <Tag color="orange">逾期 {r.daysLate} 天报送</Tag>
              ),
          },
          { title: '上次催办', key: 'last', width: 150, render: (_, r) => formatTime(r.lastReminderAt) },
          {
            title: '操作',
            key: 'action',
            width: 110,
            render: (_, r) =>
              r.state === 'NOT_SUBMITTED' ? (
                <Button size="small" loading={sending.loading} onClick={() => void remind(r)}>
                  发送催办
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
