import {
  ApartmentOutlined,
  BankOutlined,
  DashboardOutlined,
  FileTextOutlined,
  ProfileOutlined,
  TableOutlined,
  TeamOutlined,
  UploadOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Layout, Menu, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { hasOrganisationRole, hasRole, isAdmin } from '../lib/viewer';
import { UserMenu } from '../components/UserMenu';
import { useViewer } from './ViewerContext';

/** Top-level section of a path, the key of its menu item. */
function sectionOf(pathname: string): string {
  const first = pathname.split('/')[1] ?? '';
  return `/${first}`;
}

/** The signed-in frame: side menu (by role), header with the viewer and 退出登录, the page. */
export function AppLayout({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items: MenuProps['items'] = [
    { key: '/', icon: <DashboardOutlined />, label: '概览' },
    { key: '/plans', icon: <FileTextOutlined />, label: '计划' },
    { key: '/matrix', icon: <TableOutlined />, label: '责任矩阵' },
    hasOrganisationRole(viewer) ? { key: '/duties', icon: <ProfileOutlined />, label: '我的任务' } : null,
    { key: '/organisations', icon: <BankOutlined />, label: '单位' },
    hasRole(viewer, 'INSTITUTION_ADMIN', 'ENTERPRISE_ADMIN')
      ? { key: '/institution', icon: <BankOutlined />, label: '本机构' }
      : null,
    hasRole(viewer, 'CITY_ADMIN', 'DISTRICT_ADMIN', 'VIEWER')
      ? { key: '/institutions', icon: <BankOutlined />, label: '培训机构' }
      : null,
    isAdmin(viewer) ? { key: '/users', icon: <TeamOutlined />, label: '用户管理' } : null,
    isAdmin(viewer) ? { key: '/import', icon: <UploadOutlined />, label: '导入' } : null,
    { key: '/system', icon: <ToolOutlined />, label: '系统状态' },
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} breakpoint="lg" collapsedWidth={64} theme="dark">
        <div
          style={{
            height: 64,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            gap: 8,
          }}
        >
          <ApartmentOutlined style={{ fontSize: 22 }} />
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[sectionOf(pathname)]}
          items={items}
          onClick={({ key }) => void navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            background: '#fff',
            padding: '0 24px',
            borderBottom: '1px solid #f0f0f0',
            gap: 16,
          }}
        >
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
            职业技能提升行动责任管理平台
          </Typography.Title>
          <UserMenu />
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
