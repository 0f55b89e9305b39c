import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Space } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { DutyDetail } from '../components/DutyDetail';
import { DutyQuery } from '../components/DutyDrawer';
import { EmptyState, ErrorAlert, Loading } from '../components/PageState';

/** 重点工作详情 on its own page (from 我的任务, or a shared link). */
export function DutyDetailPage() {
  const { dutyId = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(DutyQuery, { variables: { id: dutyId } });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
        返回
      </Button>
      <Card title="重点工作详情">
        {loading && !data ? (
          <Loading />
        ) : error ? (
          <ErrorAlert error={error} onRetry={() => void refetch()} />
        ) : data?.duty ? (
          <DutyDetail duty={data.duty} />
        ) : (
          <EmptyState description="未找到该重点工作" />
        )}
      </Card>
    </Space>
  );
}
