import { useQuery } from '@apollo/client/react';
import { Alert, Button, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { errorMessage, errorTitle } from '../lib/errors';
import { ViewerQuery } from '../lib/viewer';

// Signed out loads only the sign-in page; signed in only the frame and the page visited.
const LoginPage = lazy(async () => ({ default: (await import('../pages/LoginPage')).LoginPage }));
const SignedInApp = lazy(async () => ({ default: (await import('./SignedInApp')).SignedInApp }));

function FullPageSpin() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '30vh' }}>
      <Spin size="large" tip="加载中…">
        <div style={{ width: 200, height: 60 }} />
      </Spin>
    </div>
  );
}

/**
 * The sign-in gate: signed out, every route shows the sign-in page (and keeps its address, so the
 * user lands where they wanted after signing in); signed in, the app of `ROUTES`.
 */
export function AppRoutes() {
  const { data, loading, error, refetch } = useQuery(ViewerQuery);
  if (loading && !data) return <FullPageSpin />;
  if (error && !data) {
    return (
      <div style={{ maxWidth: 560, margin: '20vh auto 0', padding: 16 }}>
        <Alert
          type="error"
          showIcon
          message={errorTitle(error)}
          description={errorMessage(error)}
          action={<Button onClick={() => void refetch()}>重试</Button>}
        />
      </div>
    );
  }
  const viewer = data?.viewer;
  return (
    <Suspense fallback={<FullPageSpin />}>
      {viewer ? (
        <SignedInApp viewer={viewer} />
      ) : (
        <Routes>
          <Route path="*" element={<LoginPage />} />
        </Routes>
      )}
    </Suspense>
  );
}
