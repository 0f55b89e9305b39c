import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useViewer } from '../app/ViewerContext';
import { graphql } from '../gql';
import type { DutyDetailFieldsFragment } from '../gql/graphql';
import { errorCode, errorMessage } from '../lib/errors';
import { planYearList } from '../lib/plans';
import { formatTime } from '../lib/time';

/** What duty upkeep needs of a duty, next to DutyDetailFields. */
export const DutyUpkeepFields = graphql(`
  fragment DutyUpkeepFields on Duty {
    version
    editedAt
    targetHistory {
      id
      year
      oldValue
      oldUnit
      newValue
      newUnit
      reason
      source
      changedByName
      changedAt
    }
  }
`);

const UpdateDutyMutation = graphql(`
  mutation UpdateDuty($input: UpdateDutyInput!) {
    updateDuty(input: $input) {
      id
      version
    }
  }
`);

const SetDutyTargetMutation = graphql(`
  mutation SetDutyTarget($input: SetDutyTargetInput!) {
    setDutyTarget(input: $input) {
      id
      version
    }
  }
`);

const RemoveDutyTargetMutation = graphql(`
  mutation RemoveDutyTarget($input: RemoveDutyTargetInput!) {
    removeDutyTarget(input: $input) {
      id
      version
    }
  }
`);

const DistrictOrganisationsQuery = graphql(`
  query DistrictOrganisations($filter: OrganisationFilter) {
    organisations(filter: $filter, first: 200) {
      nodes {
        id
        name
      }
    }
  }
`);

type Duty = DutyDetailFieldsFragment;

/**
 * A refused save, in words a person can act on. A stale version (CONFLICT: another admin or an
 * import changed the duty) reloads the duty, so the next save is based on what is there now.
 */
function useSaveError(): (e: unknown) => string {
  const client = useApolloClient();
  return (e) => {
    if (errorCode(e) !== 'CONFLICT') return errorMessage(e);
    void client.refetchQueries({ include: ['Duty'] });
    return `${errorMessage(e)}（页面已刷新为最新内容）`;
  };
}

/** Whether the signed-in user administers the duty's district (only they edit its duties). */
function useCanEdit(duty: Duty): boolean {
  const viewer = useViewer();
  return viewer.grants.some((g) => g.role === 'DISTRICT_ADMIN' && g.districtId === duty.district.id);
}

/** 目标修改记录: every change of the yearly targets, newest first, with who, when and why. */
export function TargetHistory({ duty }: { duty: Duty }) {
  if (!duty.targetHistory.length) return null;
  const value = (v: number | null | undefined, unit: string | null | undefined) =>
    v === null || v === undefined ? '—' : `${v.toLocaleString('en-US')} ${unit ?? ''}`;
  return (
    <div style={{ marginTop: 16 }} data-testid="target-history">
      <Typography.Text strong>目标修改记录</Typography.Text>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={duty.targetHistory}
        columns={[
          { title: '时间', key: 'at', width: 150, render: (_, h) => formatTime(h.changedAt) },
          { title: '年度', dataIndex: 'year', width: 60 },
          { title: '原目标', key: 'old', align: 'right', render: (_, h) => value(h.oldValue, h.oldUnit) },
          { title: '新目标', key: 'new', align: 'right', render: (_, h) => value(h.newValue, h.newUnit) },
          { title: '原因', dataIndex: 'reason' },
          {
            title: '修改人',
            key: 'who',
            render: (_, h) => (h.source === 'IMPORT' ? <Tag>导入</Tag> : (h.changedByName ?? '—')),
          },
        ]}
      />
    </div>
  );
}

/** The district admin's edit buttons above the duty: 编辑重点工作 and 修改年度目标. */
export function DutyUpkeep({ duty }: { duty: Duty }) {
  const canEdit = useCanEdit(duty);
  const [editing, setEditing] = useState(false);
  const [target, setTarget] = useState<{ year?: number } | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  if (!canEdit) return null;
  return (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
        编辑重点工作
      </Button>
      <Button icon={<EditOutlined />} onClick={() => setTarget({})}>
        修改年度目标
      </Button>
      {duty.targets.length > 0 && (
        <Select
          placeholder="删除某年目标"
          style={{ width: 150 }}
          value={null}
          onChange={(year: number) => setRemoving(year)}
          options={duty.targets.map((t) => ({ value: t.year, label: `删除 ${t.year} 年目标` }))}
        />
      )}
      {duty.editedAt && (
        <Typography.Text type="secondary">最近手工修改：{formatTime(duty.editedAt)}</Typography.Text>
      )}
      {editing && <EditDutyModal duty={duty} onClose={() => setEditing(false)} />}
      {target && <TargetModal duty={duty} onClose={() => setTarget(null)} />}
      {removing !== null && (
        <RemoveTargetModal duty={duty} year={removing} onClose={() => setRemoving(null)} />
      )}
    </Space>
  );
}

interface ItemRow {
  key: string;
  id: string | null;
  text: string;
}

function EditDutyModal({ duty, onClose }: { duty: Duty; onClose: () => void }) {
  const { message } = App.useApp();
  const saveError = useSaveError();
  const [title, setTitle] = useState(duty.title);
  const [items, setItems] = useState<ItemRow[]>(
    duty.items.map((i) => ({ key: i.id, id: i.id, text: i.text })),
  );
  const orgIds = (role: string) =>
    duty.assignments.filter((a) => a.role === role && a.organisation).map((a) => a.organisation!.id);
  const [leads, setLeads] = useState<string[]>(orgIds('LEAD'));
  const [cooperating, setCooperating] = useState<string[]>(orgIds('COOPERATING'));
  const [error, setError] = useState<string | null>(null);
  const { data, loading: orgLoading } = useQuery(DistrictOrganisationsQuery, {
    variables: { filter: { districtId: duty.district.id } },
  });
  const options = (data?.organisations.nodes ?? []).map((o) => ({ value: o.id, label: o.name }));
  const [update, { loading }] = useMutation(UpdateDutyMutation, {
    refetchQueries: ['Duty'],
    awaitRefetchQueries: true,
  });
  const categories = duty.assignments.filter((a) => a.category);

  const move = (index: number, by: number) =>
    setItems((list) => {
      const next = [...list];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
  const save = async () => {
    setError(null);
    if (!title.trim()) return setError('重点工作名称不能为空');
    if (items.some((i) => !i.text.trim())) return setError('责任清单条目内容不能为空，请填写或删除空条目');
    try {
      await update({
        variables: {
          input: {
            dutyId: duty.id,
            version: duty.version,
            title,
            items: items.map((i) => ({ id: i.id, text: i.text })),
            leadOrganisationIds: leads,
            cooperatingOrganisationIds: cooperating,
          },
        },
      });
      message.success('已保存');
      onClose();
    } catch (e) {
      setError(saveError(e));
    }
  };

  return (
    <Modal
      open
      title="编辑重点工作"
      width={720}
      okText="保存"
      cancelText="取消"
      confirmLoading={loading}
      onOk={() => void save()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label="重点工作名称" required>
          <Input.TextArea autoSize value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
        </Form.Item>
        <Form.Item label="责任清单（可调整顺序）">
          <Space direction="vertical" style={{ width: '100%' }}>
            {items.map((item, i) => (
              <Space key={item.key} align="start" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                <Input.TextArea
                  autoSize
                  style={{ width: 520 }}
                  value={item.text}
                  aria-label={`责任清单第 ${i + 1} 条`}
                  onChange={(e) =>
                    setItems((list) => list.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))
                  }
                />
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  title="上移"
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === items.length - 1}
                  onClick={() => move(i, 1)}
                  title="下移"
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => setItems((list) => list.filter((_, j) => j !== i))}
                  title="删除"
                />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => setItems((list) => [...list, { key: `new-${Date.now()}`, id: null, text: '' }])}
            >
              添加条目
            </Button>
          </Space>
        </Form.Item>
        <Form.Item label="牵头单位" required>
          <Select
            mode="multiple"
            loading={orgLoading}
            options={options}
            value={leads}
            onChange={setLeads}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item label="配合单位">
          <Select
            mode="multiple"
            loading={orgLoading}
            options={options}
            value={cooperating}
            onChange={setCooperating}
            optionFilterProp="label"
          />
        </Form.Item>
        {categories.length > 0 && (
          <Typography.Text type="secondary">
            按类别分配的单位（{categories.map((c) => c.assigneeText).join('、')}）只能通过导入修改。
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

function TargetModal({ duty, onClose }: { duty: Duty; onClose: () => void }) {
  const { message } = App.useApp();
  const saveError = useSaveError();
  const years = planYearList(duty.plan);
  const [form] = Form.useForm<{ year: number; value: number; unit: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [save, { loading }] = useMutation(SetDutyTargetMutation, {
    refetchQueries: ['Duty'],
    awaitRefetchQueries: true,
  });
  const first = duty.targets[0];
  const onYear = (year: number) => {
    const t = duty.targets.find((x) => x.year === year);
    form.setFieldsValue({ value: t?.value, unit: t?.unit ?? first?.unit ?? '人次' });
  };
  const onFinish = async (v: { year: number; value: number; unit: string; reason: string }) => {
    setError(null);
    try {
      await save({ variables: { input: { dutyId: duty.id, version: duty.version, ...v } } });
      message.success('年度目标已修改');
      onClose();
    } catch (e) {
      setError(saveError(e));
    }
  };
  return (
    <Modal
      open
      title="修改年度目标"
      okText="保存"
      cancelText="取消"
      confirmLoading={loading}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        initialValues={{ unit: first?.unit ?? '人次' }}
      >
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请选择年度' }]}>
          <Select onChange={onYear} options={years.map((y) => ({ value: y, label: `${y} 年` }))} />
        </Form.Item>
        <Form.Item
          name="value"
          label="目标值"
          rules={[
            { required: true, message: '请填写目标值' },
            { type: 'number', min: 0, message: '目标值不能小于 0' },
          ]}
        >
          <InputNumber style={{ width: '100%' }} min={0} max={1e9} />
        </Form.Item>
        <Form.Item
          name="unit"
          label="单位"
          rules={[{ required: true, whitespace: true, message: '请填写单位' }]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="修改原因"
          rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}
        >
          <Input.TextArea autoSize maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RemoveTargetModal({ duty, year, onClose }: { duty: Duty; year: number; onClose: () => void }) {
  const { message } = App.useApp();
  const saveError = useSaveError();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [remove, { loading }] = useMutation(RemoveDutyTargetMutation, {
    refetchQueries: ['Duty'],
    awaitRefetchQueries: true,
  });
  const onOk = async () => {
    setError(null);
    if (!reason.trim()) return setError('请填写删除原因');
    try {
      await remove({ variables: { input: { dutyId: duty.id, version: duty.version, year, reason } } });
      message.success(`已删除 ${year} 年目标`);
      onClose();
    } catch (e) {
      setError(saveError(e));
    }
  };
  return (
    <Modal
      open
      title={`删除 ${year} 年目标`}
      okText="删除"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={loading}
      onOk={() => void onOk()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Input.TextArea
        autoSize
        placeholder="删除原因（必填）"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}
