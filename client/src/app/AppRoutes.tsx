import { useQuery } from '@apollo/client/react';
import { Alert, Button, Result, Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import { errorMessage } from '../lib/errors';
import { hasOrganisationRole, hasRole, isAdmin, ViewerQuery } from '../lib/viewer';
import { DutyDetailPage } from '../pages/DutyDetailPage';
import { DistrictInstitutionsPage } from '../pages/DistrictInstitutionsPage';
import { InstitutionPage } from '../pages/InstitutionPage';
import { ImportPage } from '../pages/ImportPage';
import { LoginPage } from '../pages/LoginPage';
import { MyDutiesPage } from '../pages/MyDutiesPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OrganisationsPage } from '../pages/OrganisationsPage';
import { OverviewPage } from '../pages/OverviewPage';
import { PlanDetailPage } from '../pages/PlanDetailPage';
import { PlansPage } from '../pages/PlansPage';
import { ResponsibilityMatrixPage } from '../pages/ResponsibilityMatrixPage';
import { SystemStatusPage } from '../pages/SystemStatusPage';
import { UsersPage } from '../pages/UsersPage';
import { AppLayout } from './AppLayout';
import { ViewerContext } from './ViewerContext';

/**
 * The sign-in gate and the admin client's pages: signed out, every route shows the sign-in page
 * (and keeps its address, so the user lands where they wanted after signing in).
 */
export function AppRoutes() {
  const { data, loading, error, refetch } = useQuery(ViewerQuery);
  if (loading && !data) {
    return (
      <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '30vh' }}>
        <Spin size="large" tip="加载中…">
          <div style={{ width: 200, height: 60 }} />
        </Spin>
      </div>
    );
  }
  if (error && !data) {
    return (
      <Result
        status="warning"
        title="无法连接服务器"
        subTitle={errorMessage(error)}
        extra={<Button onClick={() => void refetch()}>重试</Button>}
      />
    );
  }
  const viewer = data?.viewer;
  if (!viewer) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  const forbidden = (
    <Alert type="warning" showIcon message="没有权限" description="当前账号的角色不能使用此功能。" />
  );
  return (
    <ViewerContext.Provider value={viewer}>
      <AppLayout>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route path="/plans" element={<PlansPage />} />
          <Route path="/plans/:planId" element={<PlanDetailPage />} />
          <Route path="/matrix" element={<ResponsibilityMatrixPage />} />
          <Route path="/duties" element={hasOrganisationRole(viewer) ? <MyDutiesPage /> : forbidden} />
          <Route path="/duties/:dutyId" element={<DutyDetailPage />} />
          <Route path="/organisations" element={<OrganisationsPage />} />
          <Route path="/users" element={isAdmin(viewer) ? <UsersPage /> : forbidden} />
          <Route path="/import" element={isAdmin(viewer) ? <ImportPage /> : forbidden} />
          <Route
            path="/institution"
            element={
              hasRole(viewer, 'INSTITUTION_ADMIN', 'ENTERPRISE_ADMIN') ? <InstitutionPage /> : forbidden
            }
          />
          <Route
            path="/institutions"
            element={
              hasRole(viewer, 'CITY_ADMIN', 'DISTRICT_ADMIN', 'VIEWER') ? (
                <DistrictInstitutionsPage />
              ) : (
                forbidden
              )
            }
          />
          <Route path="/system" element={<SystemStatusPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </AppLayout>
    </ViewerContext.Provider>
  );
}
