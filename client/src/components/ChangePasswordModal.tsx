import { useMutation } from '@apollo/client/react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { graphql } from '../gql';
import { errorMessage } from '../lib/errors';

const ChangeOwnPasswordMutation = graphql(`
  mutation ChangeOwnPassword($currentPassword: String!, $newPassword: String!) {
    changeOwnPassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * 修改密码 dialog: the server checks the rules and signs out the user's other sessions. Loaded when
 * first opened (ChangePasswordButton), so the frame of every page does not carry the form code.
 */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [change, { loading }] = useMutation(ChangeOwnPasswordMutation);

  const close = () => {
    onClose();
    setError(null);
    form.resetFields();
  };
  const onFinish = async (values: Values) => {
    setError(null);
    try {
      await change({
        variables: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      message.success('密码已修改，其他设备上的登录已退出');
      close();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title="修改密码"
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText="确认修改"
      confirmLoading={loading}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="currentPassword"
          label="当前密码"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="8–100 个字符，至少包含字母、数字、符号中的两类，且不能与用户名相同"
          rules={[{ required: true, message: '请输入新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
