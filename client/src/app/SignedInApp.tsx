import { Alert, App as AntApp } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../components/PageState';
import type { Viewer } from '../lib/viewer';
import { AppLayout } from './AppLayout';
import { ROUTES } from './routes';
import { ViewerContext } from './ViewerContext';

const NotFoundPage = lazy(async () => ({ default: (await import('../pages/NotFoundPage')).NotFoundPage }));

const forbidden = (
  <Alert type="warning" showIcon message="没有权限" description="当前账号的角色不能使用此功能。" />
);

/** The signed-in frame and the pages of `ROUTES` (loaded as a chunk of its own after sign-in). */
export function SignedInApp({ viewer }: { viewer: Viewer }) {
  return (
    <ViewerContext.Provider value={viewer}>
      {/* message/modal hooks (App.useApp) live here: the sign-in page does not load them. */}
      <AntApp>
        <AppLayout>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/login" element={<Navigate to="/" replace />} />
              {ROUTES.map(({ path, page: Page, allowed }) => (
                <Route key={path} path={path} element={!allowed || allowed(viewer) ? <Page /> : forbidden} />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </AppLayout>
      </AntApp>
    </ViewerContext.Provider>
  );
}
