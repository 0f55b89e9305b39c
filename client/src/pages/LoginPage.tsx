import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../gql';
import { errorMessage } from '../lib/errors';
import { clearSessionEnded, sessionEnded } from '../lib/session';

const SignInMutation = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) {
      expiresAt
      user {
        id
      }
    }
  }
`);

interface Values {
  username: string;
  password: string;
}

/**
 * 登录: shown at any address while signed out. The server's answer is shown as it is (wrong
 * credentials, deactivated account, the lockout with its time). After sign-in the store is reset, so
 * the app (at the same address) loads with this user's data only.
 */
export function LoginPage() {
  const client = useApolloClient();
  const [signIn, { loading }] = useMutation(SignInMutation);
  const [error, setError] = useState<string | null>(null);
  const [ended] = useState(sessionEnded);

  const onFinish = async ({ username, password }: Values) => {
    setError(null);
    try {
      await signIn({ variables: { username: username.trim(), password } });
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    clearSessionEnded();
    try {
      await client.resetStore();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)',
        padding: 16,
      }}
    >
      <Card style={{ width: 400, boxShadow: '0 6px 24px rgba(0,0,0,0.08)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            职业技能提升行动责任管理平台
          </Typography.Title>
          <Typography.Text type="secondary">重庆市职业技能提升行动 · 登录</Typography.Text>
        </div>
        {ended && !error && (
          <Alert type="info" showIcon message="登录已失效，请重新登录" style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form<Values> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={100} />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loading} size="large">
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
