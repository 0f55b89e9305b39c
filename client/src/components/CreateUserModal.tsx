import { useMutation } from '@apollo/client/react';
import { Alert, App, Divider, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { graphql } from '../gql';
import { errorMessage } from '../lib/errors';
import { GrantFields, type GrantValues } from './GrantFields';

const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...UserRowFields
    }
  }
`);

interface Values {
  username: string;
  displayName: string;
  password: string;
  grant: GrantValues;
}

/** 新建用户 with the first grant; the server's answer (duplicate name, weak password…) is shown. */
export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const [createUser, { loading }] = useMutation(CreateUserMutation, { refetchQueries: ['Users'] });

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };
  const onFinish = async (v: Values) => {
    setError(null);
    try {
      await createUser({
        variables: {
          input: {
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            password: v.password,
            grant: {
              role: v.grant.role!,
              districtId: v.grant.districtId ?? null,
              organisationId: v.grant.organisationId ?? null,
            },
          },
        },
      });
      message.success(`已创建用户 ${v.username.trim().toLowerCase()}`);
      close();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title="新建用户"
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText="创建"
      cancelText="取消"
      confirmLoading={loading}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="username"
          label="用户名"
          extra="3–64 个字符：小写字母、数字、. _ -"
          rules={[{ required: true, message: '请输入用户名' }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="显示名称"
          rules={[{ required: true, message: '请输入显示名称' }]}
        >
          <Input placeholder="如：武隆区教委负责人" />
        </Form.Item>
        <Form.Item
          name="password"
          label="初始密码"
          extra="8–100 个字符，至少包含字母、数字、符号中的两类，且不能与用户名相同"
          rules={[{ required: true, message: '请输入初始密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Divider orientation="left" plain>
          初始授权
        </Divider>
        <GrantFields />
      </Form>
    </Modal>
  );
}
