import { useQuery } from '@apollo/client/react';
import { Card, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useViewer } from '../app/ViewerContext';
import { AssignmentRoleTag } from '../components/AssignmentRoleTag';
import { LoadMore } from '../components/LoadMore';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { AssignmentRole, MyDutiesQuery } from '../gql/graphql';
import { DUTY_LIST_KIND_LABELS, ORGANISATION_KIND_LABELS } from '../lib/labels';
import { useNarrow } from '../lib/media';
import { viewerOrganisations } from '../lib/viewer';

const MyDutiesQuery = graphql(`
  query MyDuties($organisationId: ID!, $after: String) {
    duties(filter: { organisationId: $organisationId }, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        seq
        title
        listKind
        targetText
        plan {
          id
          title
        }
      }
    }
  }
`);

/** The organisation's role in each duty, as the server resolves it (directly or by category). */
const MyRolesQuery = graphql(`
  query MyRoles($organisationId: ID!) {
    organisation(id: $organisationId) {
      id
      duties {
        id
        dutyId
        role
        assigneeText
      }
    }
  }
`);

type Duty = MyDutiesQuery['duties']['nodes'][number];

function useRoles(organisationId: string): Map<string, AssignmentRole> {
  const { data } = useQuery(MyRolesQuery, { variables: { organisationId } });
  const roles = new Map<string, AssignmentRole>();
  for (const a of data?.organisation?.duties ?? []) {
    if (roles.get(a.dutyId) !== 'LEAD') roles.set(a.dutyId, a.role);
  }
  return roles;
}

function DutiesOf({ organisationId }: { organisationId: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(MyDutiesQuery, {
    variables: { organisationId },
    notifyOnNetworkStatusChange: true,
  });
  const roles = useRoles(organisationId);
  const duties = data?.duties;
  const narrow = useNarrow();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
      {narrow ? (
        // On a phone each duty is a block (title, plan, list, role, target) instead of a wide row.
        <List<Duty>
          data-testid="my-duties-list"
          loading={loading}
          dataSource={duties?.nodes ?? []}
          locale={{ emptyText: error ? '任务未能加载' : '本单位没有承担的重点工作' }}
          renderItem={(d) => {
            const role = roles.get(d.id);
            return (
              <List.Item key={d.id}>
                <Space direction="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
                  <Link to={`/duties/${d.id}`} style={{ fontWeight: 500 }}>
                    {d.seq}. {d.title}
                  </Link>
                  <Typography.Text type="secondary">
                    {d.plan.title} · {DUTY_LIST_KIND_LABELS[d.listKind]}
                  </Typography.Text>
                  <Space size={4} wrap>
                    <Typography.Text>本单位：</Typography.Text>
                    {role ? <AssignmentRoleTag role={role} /> : '—'}
                  </Space>
                  {d.targetText && <Typography.Text>目标任务：{d.targetText}</Typography.Text>}
                </Space>
              </List.Item>
            );
          }}
        />
      ) : (
        <Table<Duty>
          rowKey="id"
          size="middle"
          loading={loading}
          pagination={false}
          dataSource={duties?.nodes ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: '本单位没有承担的重点工作' }}
          columns={[
            {
              title: '计划',
              key: 'plan',
              width: 260,
              render: (_, d) => <Link to={`/plans/${d.plan.id}`}>{d.plan.title}</Link>,
            },
            {
              title: '清单',
              dataIndex: 'listKind',
              width: 90,
              render: (k: Duty['listKind']) => DUTY_LIST_KIND_LABELS[k],
            },
            { title: '序号', dataIndex: 'seq', width: 60, align: 'center' },
            {
              title: '重点工作',
              key: 'title',
              render: (_, d) => <Link to={`/duties/${d.id}`}>{d.title}</Link>,
            },
            {
              title: '本单位',
              key: 'role',
              width: 80,
              render: (_, d) => {
                const role = roles.get(d.id);
                return role ? <AssignmentRoleTag role={role} /> : '—';
              },
            },
            {
              title: '目标任务（原文）',
              dataIndex: 'targetText',
              width: 260,
              render: (t: string | null) => t ?? '—',
            },
          ]}
        />
      )}
      {duties && (
        <LoadMore
          shown={duties.nodes.length}
          total={duties.totalCount}
          hasNextPage={duties.pageInfo.hasNextPage}
          loading={loading}
          onLoadMore={() => void fetchMore({ variables: { after: duties.pageInfo.endCursor } })}
        />
      )}
    </Space>
  );
}

/** 我的任务: the duties of the viewer's organisation (lead or cooperating), page by page. */
export function MyDutiesPage() {
  const viewer = useViewer();
  const organisations = viewerOrganisations(viewer);
  const [organisationId, setOrganisationId] = useState(organisations[0]?.id);
  const organisation = organisations.find((o) => o.id === organisationId);
  return (
    <Card
      title="我的任务"
      extra={
        organisations.length > 1 ? (
          <Select
            value={organisationId}
            onChange={setOrganisationId}
            style={{ minWidth: 240 }}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : (
          organisation && (
            <Space>
              <Typography.Text strong>{organisation.name}</Typography.Text>
              <Tag>{ORGANISATION_KIND_LABELS[organisation.kind]}</Tag>
            </Space>
          )
        )
      }
    >
      {organisationId ? (
        <DutiesOf key={organisationId} organisationId={organisationId} />
      ) : (
        <Typography.Text type="secondary">当前账号没有单位授权。</Typography.Text>
      )}
    </Card>
  );
}
