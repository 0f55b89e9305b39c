import { useQuery } from '@apollo/client/react';
import { Button, Drawer } from 'antd';
import { Link } from 'react-router';
import { graphql } from '../gql';
import { DutyDetail } from './DutyDetail';
import { EmptyState, ErrorAlert, Loading } from './PageState';

export const DutyQuery = graphql(`
  query Duty($id: ID!) {
    duty(id: $id) {
      ...DutyDetailFields
    }
  }
`);

function DutyDrawerBody({ dutyId }: { dutyId: string }) {
  const { data, loading, error, refetch } = useQuery(DutyQuery, { variables: { id: dutyId } });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!data?.duty) return <EmptyState description="未找到该重点工作" />;
  return <DutyDetail duty={data.duty} />;
}

/** A duty's detail beside the list or matrix it was opened from. */
export function DutyDrawer({ dutyId, onClose }: { dutyId: string | null; onClose: () => void }) {
  return (
    <Drawer
      title="重点工作详情"
      width={720}
      open={dutyId !== null}
      onClose={onClose}
      destroyOnHidden
      extra={
        dutyId && (
          <Link to={`/duties/${dutyId}`}>
            <Button size="small">打开详情页</Button>
          </Link>
        )
      }
    >
      {dutyId && <DutyDrawerBody dutyId={dutyId} />}
    </Drawer>
  );
}
