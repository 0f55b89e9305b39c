import {
  BankOutlined,
  FileTextOutlined,
  ProfileOutlined,
  TableOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useViewer } from '../app/ViewerContext';
import { ErrorAlert } from '../components/PageState';
import { PlansTable } from '../components/PlansTable';
import { graphql } from '../gql';
import { ROLE_LABELS } from '../lib/labels';
import { grantScope } from '../lib/grants';
import {
  DISTRICT_ROLES,
  hasOrganisationRole,
  hasRole,
  isAdmin,
  isCityAdmin,
  viewerDistricts,
  viewerOrganisations,
} from '../lib/viewer';

const OverviewPlansQuery = graphql(`
  query OverviewPlans($filter: PlanFilter) {
    plans(filter: $filter, first: 50) {
      totalCount
      nodes {
        ...PlanListFields
      }
    }
  }
`);

const OverviewDutiesQuery = graphql(`
  query OverviewDuties($organisationId: ID!) {
    duties(filter: { organisationId: $organisationId }, first: 1) {
      totalCount
    }
  }
`);

function QuickLink({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <Link to={to}>
      <Card hoverable size="small" style={{ height: '100%' }}>
        <Space align="start">
          <span style={{ fontSize: 22, color: '#1677ff' }}>{icon}</span>
          <div>
            <Typography.Text strong>{title}</Typography.Text>
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {text}
            </Typography.Text>
          </div>
        </Space>
      </Card>
    </Link>
  );
}

/** Plans the overview lists: every plan for the city, the district's plans for a district user. */
function ScopePlans({ title, districtLevel }: { title: string; districtLevel: boolean }) {
  const { data, loading, error, refetch } = useQuery(OverviewPlansQuery, {
    variables: { filter: districtLevel ? { level: 'DISTRICT' } : null },
  });
  return (
    <Card
      title={title}
      extra={data && <Typography.Text type="secondary">共 {data.plans.totalCount} 个</Typography.Text>}
    >
      {error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : (
        <PlansTable plans={data?.plans.nodes ?? []} loading={loading} />
      )}
    </Card>
  );
}

function OrganisationDuties({ organisationId, name }: { organisationId: string; name: string }) {
  const { data, loading, error } = useQuery(OverviewDutiesQuery, { variables: { organisationId } });
  return (
    <Card size="small">
      {error ? (
        <ErrorAlert error={error} />
      ) : (
        <Statistic
          title={`${name} 承担的重点工作`}
          value={data?.duties.totalCount ?? 0}
          loading={loading}
          suffix="项"
        />
      )}
      <Link to="/duties">查看我的任务</Link>
    </Card>
  );
}

/** 概览: who I am and what I see, quick links, and the plans of my scope. */
export function OverviewPage() {
  const viewer = useViewer();
  const city = isCityAdmin(viewer);
  const districtUser = hasRole(viewer, ...DISTRICT_ROLES);
  const districts = viewerDistricts(viewer);
  const organisations = viewerOrganisations(viewer);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`您好，${viewer.displayName}`}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="用户名">{viewer.username}</Descriptions.Item>
          <Descriptions.Item label="授权">
            <Space size={[4, 4]} wrap>
              {viewer.grants.map((g) => (
                <Tag key={g.id} color={g.role === 'CITY_ADMIN' ? 'red' : 'blue'}>
                  {ROLE_LABELS[g.role]} · {grantScope(g)}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="可见范围">
            {city
              ? '全市所有区县'
              : `${districts.map((d) => d.name).join('、') || '—'}${organisations.length ? `（单位：${organisations.map((o) => o.name).join('、')}）` : ''}`}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>
          <QuickLink
            to="/plans"
            icon={<FileTextOutlined />}
            title="计划"
            text="市级与区县计划、指标、年度分配"
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <QuickLink to="/matrix" icon={<TableOutlined />} title="责任矩阵" text="重点工作的牵头与配合单位" />
        </Col>
        {hasOrganisationRole(viewer) && (
          <Col xs={24} sm={12} lg={6}>
            <QuickLink
              to="/duties"
              icon={<ProfileOutlined />}
              title="我的任务"
              text="本单位牵头或配合的重点工作"
            />
          </Col>
        )}
        <Col xs={24} sm={12} lg={6}>
          <QuickLink
            to="/organisations"
            icon={<BankOutlined />}
            title="单位"
            text="部门、企业、培训机构及别名"
          />
        </Col>
        {isAdmin(viewer) && (
          <Col xs={24} sm={12} lg={6}>
            <QuickLink to="/users" icon={<TeamOutlined />} title="用户管理" text="账号、授权、启用与停用" />
          </Col>
        )}
      </Row>

      {organisations.length > 0 && (
        <Row gutter={[16, 16]}>
          {organisations.map((o) => (
            <Col key={o.id} xs={24} md={12} lg={8}>
              <OrganisationDuties organisationId={o.id} name={o.name} />
            </Col>
          ))}
        </Row>
      )}

      {city ? (
        <ScopePlans title="全市计划" districtLevel={false} />
      ) : (
        (districtUser || organisations.length > 0) && (
          <ScopePlans title={`${districts.map((d) => d.name).join('、')}的计划`} districtLevel />
        )
      )}
    </Space>
  );
}
