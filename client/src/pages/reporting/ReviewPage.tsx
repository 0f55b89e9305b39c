import { useQuery } from '@apollo/client/react';
import { REPORT_STATUS_LABEL } from '@skills/domain';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/PageState';
import { graphql } from '../../gql';
import type { ReportStatus, ReviewQueueQuery } from '../../gql/graphql';
import { formatCount, formatTime, REPORT_STATUS_COLOR } from '../../lib/reporting';
import { ReviewActions } from './ReviewActions';

const ReviewQueueQuery = graphql(`
  query ReviewQueue($filter: ReviewFilter) {
    reviewQueue(filter: $filter) {
      id
      status
      version
      revision
      value
      late
      submittedAt
      narrative
      organisation {
        id
        name
      }
      duty {
        id
        seq
        title
      }
      period {
        id
        label
      }
    }
  }
`);

type Row = ReviewQueueQuery['reviewQueue'][number];

const STATUS_FILTERS: { value: string; label: string; statuses: ReportStatus[] }[] = [
  { value: 'waiting', label: '待审核', statuses: ['SUBMITTED', 'RESUBMITTED'] },
  { value: 'returned', label: '已退回', statuses: ['RETURNED'] },
  { value: 'approved', label: '已通过', statuses: ['APPROVED'] },
  { value: 'draft', label: '草稿', statuses: ['DRAFT'] },
];

/** 审核: the district's reports waiting for review, approve or return with a reason. */
export function ReviewPage() {
  const [filter, setFilter] = useState('waiting');
  const statuses = STATUS_FILTERS.find((f) => f.value === filter)!.statuses;
  const { data, loading, error, refetch } = useQuery(ReviewQueueQuery, {
    variables: { filter: { statuses } },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          审核
        </Typography.Title>
        <Select
          aria-label="状态"
          style={{ width: 140 }}
          value={filter}
          options={STATUS_FILTERS}
          onChange={setFilter}
        />
      </Space>
      {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
      <Table<Row>
        rowKey="id"
        loading={loading && !data}
        dataSource={data?.reviewQueue ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: '没有需要审核的报送' }}
        columns={[
          {
            title: '单位',
            key: 'org',
            render: (_, r) => <span data-review-org={r.organisation.name}>{r.organisation.name}</span>,
          },
          {
            title: '重点工作',
            key: 'duty',
            render: (_, r) => (
              <Link to={`/report/${r.duty.id}/${r.period.id}`}>
                {r.duty.seq}. {r.duty.title}
              </Link>
            ),
          },
          { title: '报送期', key: 'period', width: 120, render: (_, r) => r.period.label },
          {
            title: '完成数',
            key: 'value',
            width: 100,
            align: 'right',
            render: (_, r) => formatCount(r.value),
          },
          {
            title: '状态',
            key: 'status',
            width: 170,
            render: (_, r) => (
              <Space size={4} wrap>
                <Tag color={REPORT_STATUS_COLOR[r.status]}>{REPORT_STATUS_LABEL[r.status]}</Tag>
                {r.revision > 1 && <Tag>第 {r.revision} 版</Tag>}
                {r.late && <Tag color="red">逾期</Tag>}
              </Space>
            ),
          },
          { title: '提交时间', key: 'at', width: 150, render: (_, r) => formatTime(r.submittedAt) },
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_, r) => <ReviewActions report={r} onDone={() => void refetch()} />,
          },
        ]}
      />
    </Space>
  );
}
