import { ApartmentOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Layout, Menu, Typography, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { TodoBell } from '../components/TodoBell';
import { UserMenu } from '../components/UserMenu';
import { useNarrow } from '../lib/media';
import { ROUTES } from './routes';
import { useViewer } from './ViewerContext';

/** Top-level section of a path, the key of its menu item. */
function sectionOf(pathname: string): string {
  const first = pathname.split('/')[1] ?? '';
  return `/${first}`;
}

const TITLE = '职业技能提升行动责任管理平台';

/**
 * The signed-in frame: the menu of `ROUTES` (those the viewer's roles allow), a header with the
 * viewer and 退出登录, the page. On a phone (< 768 px) the menu and the viewer's corner move into a
 * drawer opened from the header's 菜单 button, and the page gets the full width.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const narrow = useNarrow();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items: MenuProps['items'] = ROUTES.filter((r) => r.menu && (!r.allowed || r.allowed(viewer))).map(
    (r) => ({ key: r.path, icon: r.menu!.icon, label: r.menu!.label }),
  );
  const menu = (
    <Menu
      theme={narrow ? 'light' : 'dark'}
      mode="inline"
      selectedKeys={[sectionOf(pathname)]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
    />
  );

  if (narrow) {
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            background: '#fff',
            padding: '0 12px',
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Button icon={<MenuOutlined />} aria-label="菜单" onClick={() => setDrawerOpen(true)} />
          <Typography.Text strong ellipsis style={{ fontSize: 16, minWidth: 0, flex: 1 }}>
            {TITLE}
          </Typography.Text>
          <TodoBell />
        </Layout.Header>
        <Drawer
          placement="left"
          width={300}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={TITLE}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
          <div style={{ padding: 16, borderTop: '1px solid #f0f0f0' }}>
            <UserMenu vertical />
          </div>
        </Drawer>
        <Layout.Content style={{ padding: 12, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    );
  }

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
          }}
        >
          <ApartmentOutlined style={{ fontSize: 22 }} />
        </div>
        {menu}
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
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
          <Typography.Title level={4} ellipsis style={{ margin: 0, minWidth: 0 }}>
            {TITLE}
          </Typography.Title>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <TodoBell />
            <UserMenu />
          </div>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
