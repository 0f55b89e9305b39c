import { useQuery } from '@apollo/client/react';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { LoadMore } from '../components/LoadMore';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { AuditEventsQuery, Role } from '../gql/graphql';
import { ROLE_LABELS } from '../lib/labels';
import { beijingDayStart, formatTime } from '../lib/time';

const AuditEventsQueryDoc = graphql(`
  query AuditEvents($filter: AuditEventFilter, $after: String) {
    auditEvents(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        occurredAt
        actorName
        actorRole
        district {
          id
          name
        }
        entityType
        entityId
        action
        before
        after
        reason
      }
    }
  }
`);

type AuditEvent = AuditEventsQuery['auditEvents']['nodes'][number];

export const ENTITY_TYPE_LABELS: Record<string, string> = {
  DUTY: '重点工作',
  DUTY_TARGET: '年度目标',
  PLAN: '计划',
  REFERENCE_DATA: '参考数据',
  USER: '用户',
  GRANT: '授权',
};

export const ACTION_LABELS: Record<string, string> = {
  CREATE: '新增',
  UPDATE: '修改',
  DELETE: '删除',
  IMPORT: '导入',
  IMPORT_OVERWRITE: '导入覆盖手工修改',
  ACTIVATE: '启用',
  DEACTIVATE: '停用',
  CHANGE_PASSWORD: '修改密码',
};

/** A value of before/after as one readable line. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('；');
  return JSON.stringify(value);
}

/** The fields of before/after side by side, changed ones marked: what the event changed. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const asObject = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (!keys.length) return <Typography.Text type="secondary">没有记录修改前后的内容</Typography.Text>;
  const rows = keys.map((key) => {
    const old = show(b[key]);
    const now = show(a[key]);
    return { key, old: before == null ? '—' : old, now: after == null ? '—' : now, changed: old !== now };
  });
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      rowClassName={(r) => (r.changed ? 'audit-diff-changed' : '')}
      columns={[
        { title: '字段', dataIndex: 'key', width: 160 },
        {
          title: '修改前',
          dataIndex: 'old',
          render: (v: string, r) => (r.changed ? <Typography.Text delete>{v}</Typography.Text> : v),
        },
        {
          title: '修改后',
          dataIndex: 'now',
          render: (v: string, r) => (r.changed ? <Typography.Text mark>{v}</Typography.Text> : v),
        },
      ]}
    />
  );
}

/** 操作日志: the audit events the viewer may read (admins and viewers), newest first. */
export function AuditLogPage() {
  const [entityType, setEntityType] = useState<string | undefined>();
  const [action, setAction] = useState<string | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = {
    entityType: entityType ?? null,
    action: action ?? null,
    from: from ? beijingDayStart(from) : null,
    // The end date is inclusive: up to the start of the next day.
    to: to ? beijingDayStart(to, 1) : null,
  };
  const { data, loading, error, refetch, fetchMore } = useQuery(AuditEventsQueryDoc, {
    variables: { filter },
    notifyOnNetworkStatusChange: true,
  });
  const page = data?.auditEvents;
  return (
    <Card title="操作日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部对象"
          style={{ width: 140 }}
          value={entityType}
          onChange={setEntityType}
          options={Object.entries(ENTITY_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          aria-label="对象类型"
        />
        <Select
          allowClear
          placeholder="全部操作"
          style={{ width: 170 }}
          value={action}
          onChange={setAction}
          options={Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }))}
          aria-label="操作"
        />
        <Space>
          <Typography.Text>从</Typography.Text>
          <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="开始日期" />
          <Typography.Text>到</Typography.Text>
          <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label="结束日期" />
        </Space>
        <Button
          onClick={() => {
            setEntityType(undefined);
            setAction(undefined);
            setFrom('');
            setTo('');
          }}
        >
          清除筛选
        </Button>
      </Space>
      {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={loading && !data}
        pagination={false}
        dataSource={page?.nodes ?? []}
        locale={{ emptyText: '没有符合条件的操作记录' }}
        expandable={{
          expandedRowRender: (e) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {e.reason && <Typography.Text>原因：{e.reason}</Typography.Text>}
              <AuditDiff before={e.before} after={e.after} />
            </Space>
          ),
        }}
        columns={[
          { title: '时间', key: 'at', width: 170, render: (_, e) => formatTime(e.occurredAt) },
          {
            title: '操作人',
            key: 'actor',
            render: (_, e) =>
              e.actorName ? (
                <Space size={4}>
                  {e.actorName}
                  {e.actorRole && <Tag>{ROLE_LABELS[e.actorRole as Role] ?? e.actorRole}</Tag>}
                </Space>
              ) : (
                <Tag>系统</Tag>
              ),
          },
          { title: '区县', key: 'district', render: (_, e) => e.district?.name ?? '全市' },
          {
            title: '对象',
            key: 'entity',
            render: (_, e) => ENTITY_TYPE_LABELS[e.entityType] ?? e.entityType,
          },
          { title: '操作', key: 'action', render: (_, e) => ACTION_LABELS[e.action] ?? e.action },
          { title: '原因', dataIndex: 'reason', render: (v: string | null) => v ?? '' },
        ]}
      />
      {page && (
        <LoadMore
          shown={page.nodes.length}
          total={page.totalCount}
          hasNextPage={page.pageInfo.hasNextPage}
          loading={loading}
          onLoadMore={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}
        />
      )}
    </Card>
  );
}
