import { useQuery } from '@apollo/client/react';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useViewer } from '../app/ViewerContext';
import { LoadMore } from '../components/LoadMore';
import { OrganisationDrawer } from '../components/OrganisationDrawer';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { OrganisationKind, OrganisationsQuery } from '../gql/graphql';
import { ORGANISATION_CATEGORY_LABELS, ORGANISATION_KIND_LABELS, ORGANISATION_KINDS } from '../lib/labels';
import { isCityAdmin } from '../lib/viewer';

const OrganisationsQuery = graphql(`
  query Organisations($filter: OrganisationFilter, $after: String) {
    organisations(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
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
      }
    }
  }
`);

const DistrictsQuery = graphql(`
  query Districts {
    districts {
      id
      name
    }
  }
`);

type Organisation = OrganisationsQuery['organisations']['nodes'][number];

/** 区县 filter for a city viewer, who sees every district's organisations. */
function DistrictFilter({ value, onChange }: { value: string | undefined; onChange: (id?: string) => void }) {
  const { data, loading } = useQuery(DistrictsQuery);
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder="全部区县"
      loading={loading}
      value={value}
      onChange={onChange}
      style={{ width: 160 }}
      options={[
        { value: 'CITY', label: '市级单位' },
        ...(data?.districts ?? []).map((d) => ({ value: d.id, label: d.name })),
      ]}
    />
  );
}

/** 单位: organisations in scope, searchable by name or alias, filtered by kind and district. */
export function OrganisationsPage() {
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const kind = (params.get('kind') as OrganisationKind | null) ?? undefined;
  const district = params.get('district') ?? undefined;
  const [text, setText] = useState(search);
  const [openId, setOpenId] = useState<string | null>(null);

  const update = (next: Record<string, string | undefined>) => {
    const merged: Record<string, string | undefined> = { q: search, kind, district, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)) as Record<string, string>, {
      replace: true,
    });
  };

  // Search as the user types, after a short pause.
  useEffect(() => {
    if (text.trim() === search) return;
    const timer = setTimeout(() => update({ q: text.trim() || undefined }), 350);
    return () => clearTimeout(timer);
  });

  const filter = {
    ...(search ? { search } : {}),
    ...(kind ? { kind } : {}),
    ...(district === 'CITY' ? { cityLevel: true } : district ? { districtId: district } : {}),
  };
  const { data, loading, error, refetch, fetchMore } = useQuery(OrganisationsQuery, {
    variables: { filter },
    notifyOnNetworkStatusChange: true,
  });
  const orgs = data?.organisations;

  return (
    <Card title="单位">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder="名称或别名，如 区人社局"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
            aria-label="搜索单位"
          />
          <Select
            allowClear
            placeholder="全部类型"
            value={kind}
            onChange={(v?: OrganisationKind) => update({ kind: v })}
            style={{ width: 160 }}
            options={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))}
          />
          {isCityAdmin(viewer) && (
            <DistrictFilter value={district} onChange={(v) => update({ district: v })} />
          )}
          {(search || kind || district) && (
            <Button
              type="link"
              onClick={() => {
                setText('');
                setParams({}, { replace: true });
              }}
            >
              清除筛选
            </Button>
          )}
        </Space>
        {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
        <Table<Organisation>
          rowKey="id"
          size="middle"
          loading={loading}
          pagination={false}
          dataSource={orgs?.nodes ?? []}
          scroll={{ x: 800 }}
          locale={{
            // A failed load is not an empty list: the error above says what happened.
            emptyText: error
              ? '单位列表未能加载'
              : search
                ? `没有名称或别名包含“${search}”的单位`
                : '没有单位',
          }}
          onRow={(o) => ({ onClick: () => setOpenId(o.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '名称',
              dataIndex: 'name',
              render: (name: string) => <Typography.Link>{name}</Typography.Link>,
            },
            {
              title: '别名',
              key: 'aliases',
              render: (_, o) =>
                o.aliases.length ? o.aliases.map((a) => <Tag key={a.id}>{a.alias}</Tag>) : '—',
            },
            {
              title: '类型',
              dataIndex: 'kind',
              width: 110,
              render: (k: Organisation['kind']) => ORGANISATION_KIND_LABELS[k],
            },
            {
              title: '类别',
              dataIndex: 'category',
              width: 150,
              render: (c: Organisation['category']) => (c ? ORGANISATION_CATEGORY_LABELS[c] : '—'),
            },
            { title: '区县', key: 'district', width: 110, render: (_, o) => o.district?.name ?? '市级' },
          ]}
        />
        {orgs && (
          <LoadMore
            shown={orgs.nodes.length}
            total={orgs.totalCount}
            hasNextPage={orgs.pageInfo.hasNextPage}
            loading={loading}
            onLoadMore={() => void fetchMore({ variables: { after: orgs.pageInfo.endCursor } })}
          />
        )}
      </Space>
      <OrganisationDrawer organisationId={openId} onClose={() => setOpenId(null)} />
    </Card>
  );
}
