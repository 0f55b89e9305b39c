import { useQuery } from '@apollo/client/react';
import { Alert, Card, Descriptions, Spin } from 'antd';
import { graphql } from '../gql';

export const SystemStatusQuery = graphql(`
  query SystemStatus {
    systemStatus {
      version
      startedAt
      databaseVersion
      latestMigration
    }
  }
`);

/** Server and database state: the first page an operator checks after start-up. */
export function SystemStatusPage() {
  const { data, loading, error } = useQuery(SystemStatusQuery);
  if (loading) return <Spin tip="加载中…" />;
  if (error) return <Alert type="error" message="无法连接服务器" description={error.message} showIcon />;
  const status = data?.systemStatus;
  return (
    <Card title="系统状态">
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="服务版本">{status?.version}</Descriptions.Item>
        <Descriptions.Item label="启动时间">
          {status && new Date(status.startedAt).toLocaleString('zh-CN')}
        </Descriptions.Item>
        <Descriptions.Item label="数据库版本">PostgreSQL {status?.databaseVersion}</Descriptions.Item>
        <Descriptions.Item label="最新迁移">{status?.latestMigration ?? '无'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
