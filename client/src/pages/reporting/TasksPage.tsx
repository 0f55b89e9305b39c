import { useQuery } from '@apollo/client/react';
import { TASK_STATE_LABEL } from '@skills/domain';
import { Alert, Button, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { AssignmentRoleTag } from '../../components/AssignmentRoleTag';
import { ErrorAlert } from '../../components/PageState';
import { graphql } from '../../gql';
import type { MyReportingTasksQuery } from '../../gql/graphql';
import { formatCount, TASK_STATE_COLOR } from '../../lib/reporting';

const TasksQuery = graphql(`
  query MyReportingTasks {
    myReportingTasks {
      duty {
        id
        seq
        title
        plan {
          id
          title
        }
      }
      organisation {
        id
        name
      }
      role
      state
      overdueCount
      year
      yearTarget
      unit
      yearValue
      approvedValue
      period {
        id
        label
        dueOn
        state
      }
      report {
        id
        status
      }
    }
  }
`);

type Task = MyReportingTasksQuery['myReportingTasks'][number];

/** 我的任务: per duty, the period to act on, its state, and the year's progress. */
export function TasksPage() {
  const { data, loading, error, refetch } = useQuery(TasksQuery, { fetchPolicy: 'cache-and-network' });
  const tasks = data?.myReportingTasks ?? [];
  const overdue = tasks.filter((t) => t.state === 'OVERDUE').length;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的任务
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        message="报送期按系统当前日期判断"
        description="截止日期过后仍可补报，报送会被标记为逾期并出现在区县的催办清单上。2019—2021 年计划的各期均已过截止日期。"
      />
      {overdue > 0 && <Alert type="warning" showIcon message={`${overdue} 项重点工作有逾期未报送的报送期`} />}
      {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
      <Table<Task>
        rowKey={(t) => `${t.duty.id}:${t.organisation.id}`}
        loading={loading && !data}
        dataSource={tasks}
        pagination={false}
        scroll={{ x: 880 }}
        locale={{ emptyText: '本单位没有需要报送的重点工作' }}
        columns={[
          {
            title: '重点工作',
            key: 'duty',
            render: (_, t) => (
              <Space direction="vertical" size={0}>
                <span>
                  {t.duty.seq}. {t.duty.title}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t.organisation.name}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '分工', key: 'role', width: 80, render: (_, t) => <AssignmentRoleTag role={t.role} /> },
          {
            title: '当前报送期',
            key: 'period',
            width: 150,
            render: (_, t) => (
              <Space direction="vertical" size={0}>
                <span>{t.period.label}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  截止 {t.period.dueOn}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '状态',
            key: 'state',
            width: 120,
            render: (_, t) => (
              <Space direction="vertical" size={0}>
                <Tag color={TASK_STATE_COLOR[t.state]} data-task-state={t.state}>
                  {TASK_STATE_LABEL[t.state]}
                </Tag>
                {t.overdueCount > 0 && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    逾期 {t.overdueCount} 期
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '本年进度',
            key: 'progress',
            width: 200,
            render: (_, t) =>
              t.yearTarget ? (
                <Space direction="vertical" size={0} style={{ width: '100%' }}>
                  <Progress
                    percent={Math.min(100, Math.round((t.yearValue / t.yearTarget) * 100))}
                    size="small"
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t.year}年 已报 {formatCount(t.yearValue)} / 目标 {formatCount(t.yearTarget)}{' '}
                    {t.unit ?? ''}
                    （已通过 {formatCount(t.approvedValue)}）
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">无数量目标</Typography.Text>
              ),
          },
          {
            title: '操作',
            key: 'action',
            width: 100,
            render: (_, t) => (
              <Link to={`/report/${t.duty.id}/${t.period.id}`}>
                <Button
                  type={t.state === 'APPROVED' || t.state === 'SUBMITTED' ? 'default' : 'primary'}
                  size="small"
                >
                  {t.state === 'APPROVED' || t.state === 'SUBMITTED' ? '查看' : '填报'}
                </Button>
              </Link>
            ),
          },
        ]}
      />
    </Space>
  );
}
