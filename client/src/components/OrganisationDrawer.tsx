import { useQuery } from '@apollo/client/react';
import { Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { OrganisationDetailQuery } from '../gql/graphql';
import {
  DUTY_LIST_KIND_LABELS,
  ORGANISATION_CATEGORY_LABELS,
  ORGANISATION_KIND_LABELS,
  QUALIFICATION_KIND_LABELS,
  QUALIFICATION_STATUS_COLORS,
  QUALIFICATION_STATUS_LABELS,
} from '../lib/labels';
import { formatValue } from '../lib/numbers';
import { AssignmentRoleTag } from './AssignmentRoleTag';
import { EmptyState, ErrorAlert, Loading } from './PageState';

const OrganisationDetailQuery = graphql(`
  query OrganisationDetail($id: ID!) {
    organisation(id: $id) {
      id
      name
      kind
      category
      district {
        id
        name
      }
      aliases {
        id
        alias
      }
      dutyCount
      duties {
        id
        role
        assigneeText
        duty {
          id
          seq
          title
          listKind
          plan {
            id
            title
          }
        }
      }
      qualifications {
        id
        kind
        number
        issuer
        status
        validFrom
        validTo
        catalogueEntry {
          id
          occupation
        }
      }
    }
  }
`);

type Organisation = NonNullable<OrganisationDetailQuery['organisation']>;

function OrganisationDetail({ organisation: o }: { organisation: Organisation }) {
  const visibleDuties = new Set(o.duties.map((a) => a.duty.id)).size;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="名称">{o.name}</Descriptions.Item>
        <Descriptions.Item label="别名">
          {o.aliases.length ? o.aliases.map((a) => <Tag key={a.id}>{a.alias}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="类型">{ORGANISATION_KIND_LABELS[o.kind]}</Descriptions.Item>
        <Descriptions.Item label="类别">
          {o.category ? ORGANISATION_CATEGORY_LABELS[o.category] : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="区县">{o.district?.name ?? '市级'}</Descriptions.Item>
      </Descriptions>
      <div>
        {/* dutyCount counts every duty of the unit; duties only those this viewer may read. */}
        <Typography.Title level={5} data-testid="organisation-duty-count">
          承担的重点工作（{formatValue(o.dutyCount)}）
        </Typography.Title>
        {visibleDuties < o.dutyCount && visibleDuties > 0 && (
          <Typography.Paragraph type="secondary">
            您可查看其中 {formatValue(visibleDuties)} 项，其余不在您的可见范围内。
          </Typography.Paragraph>
        )}
        <Table
          rowKey="id"
          size="small"
          pagination={o.duties.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={o.duties}
          locale={{
            emptyText:
              o.dutyCount > 0
                ? `该单位承担 ${formatValue(o.dutyCount)} 项重点工作，均不在您的可见范围内`
                : '没有承担的重点工作',
          }}
          columns={[
            {
              title: '角色',
              dataIndex: 'role',
              width: 70,
              render: (r: Organisation['duties'][number]['role']) => <AssignmentRoleTag role={r} />,
            },
            {
              title: '清单',
              key: 'list',
              width: 80,
              render: (_, a) => DUTY_LIST_KIND_LABELS[a.duty.listKind],
            },
            { title: '序号', key: 'seq', width: 56, render: (_, a) => a.duty.seq },
            {
              title: '重点工作',
              key: 'title',
              render: (_, a) => <Link to={`/duties/${a.duty.id}`}>{a.duty.title}</Link>,
            },
            { title: '计划', key: 'plan', width: 180, render: (_, a) => a.duty.plan.title },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>资质（{o.qualifications.length}）</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={o.qualifications}
          locale={{ emptyText: '没有资质记录' }}
          columns={[
            {
              title: '类型',
              key: 'kind',
              render: (_, q) =>
                `${QUALIFICATION_KIND_LABELS[q.kind]}${q.catalogueEntry ? `：${q.catalogueEntry.occupation}` : ''}`,
            },
            { title: '编号', dataIndex: 'number', render: (v: string | null) => v ?? '—' },
            { title: '发证机关', dataIndex: 'issuer', render: (v: string | null) => v ?? '—' },
            {
              title: '有效期',
              key: 'valid',
              render: (_, q) =>
                q.validFrom || q.validTo ? `${q.validFrom ?? '…'} 至 ${q.validTo ?? '…'}` : '—',
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: Organisation['qualifications'][number]['status']) => (
                <Tag color={QUALIFICATION_STATUS_COLORS[s]}>{QUALIFICATION_STATUS_LABELS[s]}</Tag>
              ),
            },
          ]}
        />
      </div>
    </Space>
  );
}

function Body({ organisationId }: { organisationId: string }) {
  const { data, loading, error, refetch } = useQuery(OrganisationDetailQuery, {
    variables: { id: organisationId },
  });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!data?.organisation) return <EmptyState description="未找到该单位" />;
  return <OrganisationDetail organisation={data.organisation} />;
}

/** 单位详情: aliases, the duties it leads or cooperates on, its qualifications. */
export function OrganisationDrawer({
  organisationId,
  onClose,
}: {
  organisationId: string | null;
  onClose: () => void;
}) {
  return (
    <Drawer title="单位详情" width={760} open={organisationId !== null} onClose={onClose} destroyOnHidden>
      {organisationId && <Body organisationId={organisationId} />}
    </Drawer>
  );
}
