import {
  AuditOutlined,
  ShopOutlined,
  ReadOutlined,
  BarChartOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
  BankOutlined,
  DashboardOutlined,
  FileTextOutlined,
  ProfileOutlined,
  TableOutlined,
  TeamOutlined,
  ToolOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { canReadAudit, hasOrganisationRole, hasRole, isAdmin, type Viewer } from '../lib/viewer';

const reviews = (viewer: Viewer) => hasRole(viewer, 'CITY_ADMIN', 'DISTRICT_ADMIN', 'VIEWER');

/**
 * One route of the signed-in app. Its page is loaded on first visit (its own chunk); `menu` puts it
 * in the side menu (key = path); `allowed` hides it from the menu and answers 没有权限 to others.
 */
export interface AppRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  menu?: { label: string; icon: ReactNode };
  allowed?: (viewer: Viewer) => boolean;
}

/** `lazy` for a module's named export (pages export by name). */
function page<M>(load: () => Promise<M>, name: keyof M): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

/** Every page of the signed-in app, in menu order. Add a page here: the menu and router follow. */
export const ROUTES: AppRoute[] = [
  {
    path: '/',
    page: page(() => import('../pages/OverviewPage'), 'OverviewPage'),
    menu: { label: '概览', icon: <DashboardOutlined /> },
  },
  {
    path: '/plans',
    page: page(() => import('../pages/PlansPage'), 'PlansPage'),
    menu: { label: '计划', icon: <FileTextOutlined /> },
  },
  { path: '/plans/:planId', page: page(() => import('../pages/PlanDetailPage'), 'PlanDetailPage') },
  {
    path: '/matrix',
    page: page(() => import('../pages/ResponsibilityMatrixPage'), 'ResponsibilityMatrixPage'),
    menu: { label: '责任矩阵', icon: <TableOutlined /> },
  },
  {
    path: '/my-tasks',
    page: page(() => import('../pages/reporting/TasksPage'), 'TasksPage'),
    menu: { label: '我的任务', icon: <ScheduleOutlined /> },
    allowed: hasOrganisationRole,
  },
  {
    path: '/duties',
    page: page(() => import('../pages/MyDutiesPage'), 'MyDutiesPage'),
    menu: { label: '承担的工作', icon: <ProfileOutlined /> },
    allowed: hasOrganisationRole,
  },
  {
    path: '/report/:dutyId/:periodId',
    page: page(() => import('../pages/reporting/ReportPage'), 'ReportPage'),
  },
  {
    path: '/monitoring',
    page: page(() => import('../pages/MonitoringPage'), 'MonitoringPage'),
    menu: { label: '监测', icon: <BarChartOutlined /> },
    allowed: reviews,
  },
  {
    path: '/monitoring/district/:districtId',
    page: page(() => import('../pages/DistrictMonitoringPage'), 'DistrictMonitoringPage'),
    allowed: reviews,
  },
  {
    path: '/review',
    page: page(() => import('../pages/reporting/ReviewPage'), 'ReviewPage'),
    menu: { label: '审核', icon: <SafetyCertificateOutlined /> },
    allowed: reviews,
  },
  {
    path: '/chase',
    page: page(() => import('../pages/reporting/ChasePage'), 'ChasePage'),
    menu: { label: '催办', icon: <NotificationOutlined /> },
    allowed: reviews,
  },
  { path: '/duties/:dutyId', page: page(() => import('../pages/DutyDetailPage'), 'DutyDetailPage') },
  {
    path: '/organisations',
    page: page(() => import('../pages/OrganisationsPage'), 'OrganisationsPage'),
    menu: { label: '单位', icon: <BankOutlined /> },
  },
  {
    path: '/institution',
    page: page(() => import('../pages/InstitutionPage'), 'InstitutionPage'),
    menu: { label: '本机构', icon: <ShopOutlined /> },
    allowed: (viewer) => hasRole(viewer, 'INSTITUTION_ADMIN', 'ENTERPRISE_ADMIN'),
  },
  {
    path: '/institutions',
    page: page(() => import('../pages/DistrictInstitutionsPage'), 'DistrictInstitutionsPage'),
    menu: { label: '培训机构', icon: <ReadOutlined /> },
    allowed: reviews,
  },
  {
    path: '/users',
    page: page(() => import('../pages/UsersPage'), 'UsersPage'),
    menu: { label: '用户管理', icon: <TeamOutlined /> },
    allowed: isAdmin,
  },
  {
    path: '/import',
    page: page(() => import('../pages/ImportPage'), 'ImportPage'),
    menu: { label: '导入', icon: <UploadOutlined /> },
    allowed: isAdmin,
  },
  {
    path: '/audit',
    page: page(() => import('../pages/AuditLogPage'), 'AuditLogPage'),
    menu: { label: '操作日志', icon: <AuditOutlined /> },
    allowed: canReadAudit,
  },
  {
    path: '/system',
    page: page(() => import('../pages/SystemStatusPage'), 'SystemStatusPage'),
    menu: { label: '系统状态', icon: <ToolOutlined /> },
  },
];
