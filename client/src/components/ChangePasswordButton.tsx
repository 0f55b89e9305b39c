import { KeyOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense, useState } from 'react';

const ChangePasswordModal = lazy(async () => ({
  default: (await import('./ChangePasswordModal')).ChangePasswordModal,
}));

/** 修改密码 in the header; the dialog (and its form code) loads on first click. */
export function ChangePasswordButton() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        type="text"
        icon={<KeyOutlined />}
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
      >
        修改密码
      </Button>
      {opened && (
        <Suspense fallback={null}>
          <ChangePasswordModal open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
