import { Button, Space, Typography } from 'antd';

/** "加载更多" under a paginated list, with how many of how many are shown. */
export function LoadMore({
  shown,
  total,
  hasNextPage,
  loading,
  onLoadMore,
}: {
  shown: number;
  total: number;
  hasNextPage: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  return (
    <Space style={{ marginTop: 16, width: '100%', justifyContent: 'center' }}>
      <Typography.Text type="secondary">
        已显示 {shown} / 共 {total} 条
      </Typography.Text>
      {hasNextPage && (
        <Button onClick={onLoadMore} loading={loading}>
          加载更多
        </Button>
      )}
    </Space>
  );
}
