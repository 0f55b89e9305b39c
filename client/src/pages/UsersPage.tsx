import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useViewer } from '../app/ViewerContext';
import { CreateUserModal } from '../components/CreateUserModal';
import { GrantRoleModal } from '../components/GrantRoleModal';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { UserRowFieldsFragment } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { ROLE_LABELS } from '../lib/labels';
import { grantScope } from '../lib/grants';
import { isCityAdmin } from '../lib/viewer';

export const UserRowFields = graphql(`
  fragment UserRowFields on User {
    id
    username
    displayName
    active
    createdAt
    grants {
      id
      role
      district {
        id
        name
      }
      organisation {
        id
        name
      }
    }
  }
`);

const UsersQuery = graphql(`
  query Users($districtId: ID) {
    users(districtId: $districtId) {
      ...UserRowFields
    }
  }
`);

const UsersDistrictsQuery = graphql(`
  query UsersDistricts {
    districts {
      id
      name
    }
  }
`);

const RevokeGrantMutation = graphql(`
  mutation RevokeGrant($grantId: ID!) {
    revokeGrant(grantId: $grantId) {
      ...UserRowFields
    }
  }
`);

const SetUserActiveMutation = graphql(`
  mutation SetUserActive($userId: ID!, $active: Boolean!) {
    setUserActive(userId: $userId, active: $active) {
      ...UserRowFields
    }
  }
`);

type User = UserRowFieldsFragment;

function GrantTags({ user, self }: { user: User; self: boolean }) {
  const { message } = App.useApp();
  const [revoke] = useMutation(RevokeGrantMutation, { refetchQueries: ['Users'] });
  const onRevoke = async (grantId: string) => {
    try {
      await revoke({ variables: { grantId } });
      message.success('已撤销授权');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Space size={[4, 4]} wrap>
      {user.grants.map((g) => (
        <Tag key={g.id} color={g.role === 'CITY_ADMIN' ? 'red' : 'blue'} style={{ whiteSpace: 'normal' }}>
          {ROLE_LABELS[g.role]} · {grantScope(g)}
          {!self && (
            <Popconfirm
              title="撤销授权"
              description={`撤销 ${user.displayName} 的“${ROLE_LABELS[g.role]} · ${grantScope(g)}”？`}
              okText="撤销"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => onRevoke(g.id)}
            >
              <Typography.Link style={{ marginInlineStart: 6, fontSize: 12 }} type="danger">
                撤销
              </Typography.Link>
            </Popconfirm>
          )}
        </Tag>
      ))}
      {user.grants.length === 0 && <Typography.Text type="secondary">无授权</Typography.Text>}
    </Space>
  );
}

function ActiveToggle({ user, self }: { user: User; self: boolean }) {
  const { message } = App.useApp();
  const [setActive, { loading }] = useMutation(SetUserActiveMutation);
  const onToggle = async () => {
    try {
      await setActive({ variables: { userId: user.id, active: !user.active } });
      message.success(user.active ? '已停用，该用户的登录已全部退出' : '已启用');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  if (self) return <Tooltip title="不能停用自己的账号">—</Tooltip>;
  return (
    <Popconfirm
      title={user.active ? '停用账号' : '启用账号'}
      description={
        user.active ? `停用 ${user.displayName}？停用后其所有登录立即失效。` : `启用 ${user.displayName}？`
      }
      okText={user.active ? '停用' : '启用'}
      okButtonProps={{ danger: user.active }}
      cancelText="取消"
      onConfirm={onToggle}
    >
      <Button size="small" danger={user.active} loading={loading}>
        {user.active ? '停用' : '启用'}
      </Button>
    </Popconfirm>
  );
}

/** 用户管理 (city and district admins): accounts in the caller's scope, grants, (de)activation. */
export function UsersPage() {
  const viewer = useViewer();
  const city = isCityAdmin(viewer);
  const [districtId, setDistrictId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);
  const { data, loading, error, refetch } = useQuery(UsersQuery, {
    variables: { districtId: districtId ?? null },
  });
  const districts = useQuery(UsersDistrictsQuery, { skip: !city });

  return (
    <Card
      title="用户管理"
      extra={
        <Space>
          {city && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="全部区县"
              style={{ width: 160 }}
              value={districtId}
              onChange={setDistrictId}
              options={(districts.data?.districts ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建用户
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
        <Table<User>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.users ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个用户` }}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '没有用户' }}
          columns={[
            { title: '用户名', dataIndex: 'username', width: 180 },
            {
              title: '显示名称',
              dataIndex: 'displayName',
              width: 210,
              render: (name: string, u) => (
                <Space>
                  {name}
                  {u.id === viewer.id && <Tag>我</Tag>}
                </Space>
              ),
            },
            {
              title: '授权',
              key: 'grants',
              render: (_, u) => <GrantTags user={u} self={u.id === viewer.id} />,
            },
            {
              title: '状态',
              dataIndex: 'active',
              width: 80,
              render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
            },
            {
              title: '创建时间',
              dataIndex: 'createdAt',
              width: 170,
              // One line, never cut ("2026/12/1 21:40:05"); the table scrolls instead.
              render: (t: string) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {new Date(t).toLocaleString('zh-CN', { hour12: false })}
                </span>
              ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_, u) => (
                <Space>
                  <Button size="small" disabled={u.id === viewer.id} onClick={() => setGranting(u)}>
                    添加授权
                  </Button>
                  <ActiveToggle user={u} self={u.id === viewer.id} />
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      <GrantRoleModal user={granting} onClose={() => setGranting(null)} />
    </Card>
  );
}
