import { Layout, Typography } from 'antd';
import { Route, Routes } from 'react-router';
import { SystemStatusPage } from '../pages/SystemStatusPage';

/** The admin client's pages. */
export function AppRoutes() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          职业技能提升行动责任管理平台
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Routes>
          <Route path="*" element={<SystemStatusPage />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
