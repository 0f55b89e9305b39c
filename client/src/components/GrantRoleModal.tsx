import { useMutation } from '@apollo/client/react';
import { Alert, App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../gql';
import type { UserRowFieldsFragment } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { GrantFields, type GrantValues } from './GrantFields';

const GrantRoleMutation = graphql(`
  mutation GrantRole($userId: ID!, $grant: GrantInput!) {
    grantRole(userId: $userId, grant: $grant) {
      ...UserRowFields
    }
  }
`);

/** 添加授权 to a user; the server checks the scope and answers in Chinese. */
export function GrantRoleModal({
  user,
  onClose,
}: {
  user: UserRowFieldsFragment | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ grant: GrantValues }>();
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const [grantRole, { loading }] = useMutation(GrantRoleMutation);

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };
  const onFinish = async ({ grant }: { grant: GrantValues }) => {
    if (!user) return;
    setError(null);
    try {
      await grantRole({
        variables: {
          userId: user.id,
          grant: {
            role: grant.role!,
            districtId: grant.districtId ?? null,
            organisationId: grant.organisationId ?? null,
          },
        },
      });
      message.success('已添加授权');
      close();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title="添加授权"
      open={user !== null}
      onCancel={close}
      onOk={() => form.submit()}
      okText="添加"
      cancelText="取消"
      confirmLoading={loading}
      destroyOnHidden
    >
      {user && (
        <Typography.Paragraph>
          用户：<Typography.Text strong>{user.displayName}</Typography.Text>（{user.username}）
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <GrantFields />
      </Form>
    </Modal>
  );
}
