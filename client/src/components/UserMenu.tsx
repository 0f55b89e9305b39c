import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { App, Button, Space, Tag, Tooltip, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useViewer } from '../app/ViewerContext';
import { graphql } from '../gql';
import { errorMessage } from '../lib/errors';
import { ROLE_LABELS } from '../lib/labels';
import { grantScope } from '../lib/grants';
import { ViewerQuery } from '../lib/viewer';
import { ChangePasswordButton } from './ChangePasswordButton';

const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

/**
 * Header corner: who is signed in, with which grants, and 退出登录. `vertical`: stacked, for the
 * phone layout's drawer.
 */
export function UserMenu({ vertical = false }: { vertical?: boolean }) {
  const viewer = useViewer();
  const client = useApolloClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [signOut, { loading }] = useMutation(SignOutMutation);

  const onSignOut = async () => {
    try {
      await signOut();
    } catch (e) {
      message.error(errorMessage(e));
      return;
    }
    // Leave the app first (only the viewer query stays active), then forget every cached row of
    // this user: the viewer query refetches and answers null.
    client.cache.writeQuery({ query: ViewerQuery, data: { viewer: null } });
    await navigate('/');
    try {
      await client.resetStore();
    } catch {
      // A query cut off by the reset: nothing to show, the sign-in page is already there.
    }
  };

  return (
    <Space
      size="middle"
      direction={vertical ? 'vertical' : 'horizontal'}
      align={vertical ? 'start' : 'center'}
      style={{ minWidth: 0 }}
    >
      <Space size={4} wrap style={{ justifyContent: vertical ? 'flex-start' : 'flex-end' }}>
        {viewer.grants.map((g) => (
          <Tag key={g.id} color={g.role === 'CITY_ADMIN' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
            {ROLE_LABELS[g.role]} · {grantScope(g)}
          </Tag>
        ))}
      </Space>
      <Tooltip title={`用户名：${viewer.username}`}>
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="viewer-name">
          <UserOutlined /> {viewer.displayName}
        </Typography.Text>
      </Tooltip>
      <ChangePasswordButton />
      <Button icon={<LogoutOutlined />} loading={loading} onClick={() => void onSignOut()}>
        退出登录
      </Button>
    </Space>
  );
}
