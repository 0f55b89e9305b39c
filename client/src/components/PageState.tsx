import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorCode, errorMessage } from '../lib/errors';

/** A centred spinner for a loading block. */
export function Loading({ tip = '加载中…' }: { tip?: string }) {
  return (
    <div style={{ padding: '48px 0', textAlign: 'center' }}>
      <Spin tip={tip}>
        <div style={{ height: 40 }} />
      </Spin>
    </div>
  );
}

const TITLES: Record<string, string> = {
  NOT_FOUND: '未找到，或不在您的可见范围内',
  FORBIDDEN: '没有权限',
  UNAUTHENTICATED: '请先登录',
};

/** The server's answer to a failed query, with a retry when one is given. */
export function ErrorAlert({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const code = errorCode(error);
  const final = code === 'NOT_FOUND' || code === 'FORBIDDEN';
  return (
    <Alert
      type={final ? 'warning' : 'error'}
      showIcon
      message={title ?? (code && TITLES[code]) ?? '加载失败'}
      description={errorMessage(error)}
      action={
        onRetry &&
        !final && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}

/** Nothing to show, said in words. */
export function EmptyState({ description, children }: { description: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {children}
    </Empty>
  );
}
