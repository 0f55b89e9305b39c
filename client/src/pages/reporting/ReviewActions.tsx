import { useMutation } from '@apollo/client/react';
import { checkReturnReason } from '@skills/domain';
import { App, Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';

const ApproveMutation = graphql(`
  mutation ApproveReport($id: ID!, $version: Int!) {
    approveReport(id: $id, expectedVersion: $version) {
      id
      status
      version
    }
  }
`);

const ReturnMutation = graphql(`
  mutation ReturnReport($id: ID!, $version: Int!, $reason: String!) {
    returnReport(id: $id, expectedVersion: $version, reason: $reason) {
      id
      status
      version
      reviewReason
    }
  }
`);

/** 通过 / 退回 (with a required reason) for a report waiting for review; the district admin's. */
export function ReviewActions({
  report,
  onDone,
}: {
  report: { id: string; version: number; status: string };
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [approve, approving] = useMutation(ApproveMutation);
  const [giveBack, returning] = useMutation(ReturnMutation);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (report.status !== 'SUBMITTED' && report.status !== 'RESUBMITTED') return null;
  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
      onDone();
    }
  };
  return (
    <Space wrap>
      <Button
        type="primary"
        size="small"
        loading={approving.loading}
        onClick={() =>
          void run(
            () => approve({ variables: { id: report.id, version: report.version } }),
            '已审核通过，报送已锁定',
          )
        }
      >
        通过
      </Button>
      <Button size="small" danger onClick={() => setOpen(true)}>
        退回
      </Button>
      <Modal
        title="退回报送"
        open={open}
        okText="确认退回"
        cancelText="取消"
        confirmLoading={returning.loading}
        onCancel={() => setOpen(false)}
        onOk={() => {
          const p = checkReturnReason(reason);
          setProblem(p);
          if (p) return;
          void run(
            () => giveBack({ variables: { id: report.id, version: report.version, reason: reason.trim() } }),
            '已退回',
          ).then(() => {
            setOpen(false);
            setReason('');
          });
        }}
      >
        <Input.TextArea
          aria-label="退回原因"
          placeholder="请写明退回原因，报送单位将看到此说明"
          rows={4}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          status={problem ? 'error' : undefined}
        />
        {problem && <div style={{ color: '#ff4d4f', marginTop: 4 }}>{problem}</div>}
      </Modal>
    </Space>
  );
}
