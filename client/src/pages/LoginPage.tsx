import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Button, Input } from 'antd';
import { useState, type ReactNode } from 'react';
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

  const [values, setValues] = useState<Values>({ username: '', password: '' });
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});

  const onFinish = async ({ username, password }: Values) => {
    setError(null);
    const empty = { username: !username.trim(), password: !password };
    setMissing(empty);
    if (empty.username || empty.password) return;
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
      {/* Plain elements rather than Card/Typography: the sign-in page loads only what it uses. */}
      <main
        style={{
          width: 400,
          maxWidth: '100%',
          boxSizing: 'border-box',
          padding: 24,
          background: '#fff',
          borderRadius: 8,
          boxShadow: '0 6px 24px rgba(0,0,0,0.08)',
        }}
      >
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <h1 style={{ fontSize: 22, fontWeight: 600, margin: '0 0 4px', color: 'rgba(0,0,0,0.88)' }}>
            职业技能提升行动责任管理平台
          </h1>
          <div style={{ color: 'rgba(0,0,0,0.45)' }}>重庆市职业技能提升行动 · 登录</div>
        </div>
        {ended && !error && (
          <Alert type="info" showIcon message="登录已失效，请重新登录" style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        {/* A plain form (not antd Form): two fields need no form library on the first page. */}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void onFinish(values);
          }}
        >
          <Field id="login-username" label="用户名" error={missing.username ? '请输入用户名' : undefined}>
            <Input
              id="login-username"
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              maxLength={100}
              status={missing.username ? 'error' : undefined}
              value={values.username}
              onChange={(e) => setValues((v) => ({ ...v, username: e.target.value }))}
            />
          </Field>
          <Field id="login-password" label="密码" error={missing.password ? '请输入密码' : undefined}>
            <Input.Password
              id="login-password"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              maxLength={100}
              status={missing.password ? 'error' : undefined}
              value={values.password}
              onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
            />
          </Field>
          <Button type="primary" htmlType="submit" block loading={loading} size="large">
            登录
          </Button>
        </form>
      </main>
    </div>
  );
}

/** A labelled field with its message below, laid out like antd's vertical form item. */
function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div style={{ marginBottom: 20 }}>
      <label htmlFor={id} style={{ display: 'block', paddingBottom: 8, color: 'rgba(0,0,0,0.88)' }}>
        {label}
      </label>
      {children}
      {error && (
        <div role="alert" style={{ color: '#ff4d4f', marginTop: 4 }}>
          {error}
        </div>
      )}
    </div>
  );
}
