import { useQuery } from '@apollo/client/react';
import { Card, Descriptions } from 'antd';
import { ErrorAlert, Loading } from '../components/PageState';
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
  const { data, loading, error, refetch } = useQuery(SystemStatusQuery);
  const status = data?.systemStatus;
  return (
    <Card title="系统状态">
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorAlert error={error} title="无法连接服务器" onRetry={() => void refetch()} />
      ) : (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="服务版本">{status?.version}</Descriptions.Item>
          <Descriptions.Item label="启动时间">
            {status && new Date(status.startedAt).toLocaleString('zh-CN', { hour12: false })}
          </Descriptions.Item>
          <Descriptions.Item label="数据库版本">PostgreSQL {status?.databaseVersion}</Descriptions.Item>
          <Descriptions.Item label="最新迁移">{status?.latestMigration ?? '无'}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
