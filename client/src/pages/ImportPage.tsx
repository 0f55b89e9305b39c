import { useMutation, useQuery } from '@apollo/client/react';
import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useViewer } from '../app/ViewerContext';
import { graphql } from '../gql';
import type { DutyListKind, ImportPlanFileMutation, ImportTableKind } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import {
  DUTY_LIST_KIND_LONG_LABELS,
  DUTY_LIST_KINDS,
  IMPORT_TABLE_KIND_LABELS,
  RULE_WARNING_CODE_LABELS,
} from '../lib/labels';
import { isCityAdmin } from '../lib/viewer';

const ImportablePlansQuery = graphql(`
  query ImportablePlans {
    plans(first: 100) {
      nodes {
        id
        code
        title
        level
        startYear
        endYear
        district {
          id
          name
        }
      }
    }
  }
`);

const ImportPlanFileMutationDocument = graphql(`
  mutation ImportPlanFile($input: ImportFileInput!) {
    importPlanFile(input: $input) {
      file
      rowsRead
      created
      updated
      unchanged
      skipped
      removed
      warnings {
        code
        severity
        message
        district
        row
        expected
        actual
      }
    }
  }
`);

type Report = ImportPlanFileMutation['importPlanFile'];

/** Reads a file the user picked as base64 (without the data: prefix). */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });
}

const TABLE_KINDS: ImportTableKind[] = [
  'ALLOCATION',
  'DUTY_LIST',
  'TASK_LIST',
  'INDICATOR_LIST',
  'CATALOGUE',
];

/**
 * 导入: a city or district admin uploads a CSV/XLSX table into a plan they may write; the report
 * (rows created/updated/unchanged and every warning) is shown as the server returns it.
 * Which plans may be imported is decided by the server; the list offers city plans to city admins
 * and district plans of the admin's districts.
 */
export function ImportPage() {
  const viewer = useViewer();
  const plans = useQuery(ImportablePlansQuery);
  const [importFile, { loading }] = useMutation(ImportPlanFileMutationDocument);
  const [planCode, setPlanCode] = useState<string>();
  const [kind, setKind] = useState<ImportTableKind>('ALLOCATION');
  const [year, setYear] = useState<number | null>(null);
  const [listKind, setListKind] = useState<DutyListKind>('DEPARTMENT');
  const [file, setFile] = useState<UploadFile | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const adminDistricts = new Set(
    viewer.grants.filter((g) => g.role === 'DISTRICT_ADMIN').map((g) => g.districtId),
  );
  const importable = (plans.data?.plans.nodes ?? []).filter((p) =>
    p.level === 'CITY' ? isCityAdmin(viewer) : adminDistricts.has(p.district?.id ?? null),
  );

  async function submit() {
    setError(null);
    setReport(null);
    const raw = file?.originFileObj;
    if (!planCode || !raw) {
      setError('请选择计划和文件');
      return;
    }
    try {
      const contentBase64 = await readAsBase64(raw);
      const result = await importFile({
        variables: {
          input: {
            fileName: raw.name,
            contentBase64,
            planCode,
            kind,
            year: kind === 'ALLOCATION' ? year : null,
            listKind: kind === 'DUTY_LIST' || kind === 'TASK_LIST' ? listKind : null,
          },
        },
      });
      if (result.data) setReport(result.data.importPlanFile);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="导入计划表格">
        <Typography.Paragraph type="secondary">
          上传 CSV 或 XLSX
          表格（分配表、责任清单、任务清单、指标表或培训目录），导入到已有计划。导入要么全部成功，要么不写入任何数据；同一文件重复导入不会产生变化。
        </Typography.Paragraph>
        <Form layout="vertical" style={{ maxWidth: 640 }} onFinish={() => void submit()}>
          <Form.Item label="计划" required>
            <Select
              data-testid="import-plan"
              loading={plans.loading}
              placeholder="选择要导入的计划"
              value={planCode}
              onChange={setPlanCode}
              options={importable.map((p) => ({
                value: p.code,
                label: `${p.title}${p.district ? `（${p.district.name}）` : ''}`,
              }))}
              notFoundContent="没有可导入的计划"
            />
          </Form.Item>
          <Form.Item label="表格类型" required>
            <Select
              data-testid="import-kind"
              value={kind}
              onChange={setKind}
              options={TABLE_KINDS.map((k) => ({ value: k, label: IMPORT_TABLE_KIND_LABELS[k] }))}
            />
          </Form.Item>
          {kind === 'ALLOCATION' && (
            <Form.Item label="年度" extra="不填时使用计划的年度（仅单一年度的计划）">
              <InputNumber min={2000} max={2100} value={year} onChange={(v) => setYear(v ?? null)} />
            </Form.Item>
          )}
          {(kind === 'DUTY_LIST' || kind === 'TASK_LIST') && (
            <Form.Item label="清单">
              <Select
                value={listKind}
                onChange={setListKind}
                options={DUTY_LIST_KINDS.map((k) => ({ value: k, label: DUTY_LIST_KIND_LONG_LABELS[k] }))}
              />
            </Form.Item>
          )}
          <Form.Item label="文件" required>
            <Upload
              accept=".csv,.xlsx"
              maxCount={1}
              beforeUpload={() => false}
              fileList={file ? [file] : []}
              onChange={({ fileList }) => setFile(fileList[0] ?? null)}
            >
              <Button icon={<UploadOutlined />}>选择文件</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={loading}>
            导入
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message="导入失败，未写入任何数据" description={error} />}
      {report && <ImportReportView report={report} />}
    </Space>
  );
}

function ImportReportView({ report }: { report: Report }) {
  return (
    <Card title={`导入报告：${report.file}`}>
      <Descriptions size="small" column={6} bordered>
        <Descriptions.Item label="读取行数">{report.rowsRead}</Descriptions.Item>
        <Descriptions.Item label="新增">{report.created}</Descriptions.Item>
        <Descriptions.Item label="更新">{report.updated}</Descriptions.Item>
        <Descriptions.Item label="未变">{report.unchanged}</Descriptions.Item>
        <Descriptions.Item label="跳过">{report.skipped}</Descriptions.Item>
        <Descriptions.Item label="删除">{report.removed}</Descriptions.Item>
      </Descriptions>
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey={(_w, i) => String(i)}
        dataSource={report.warnings}
        pagination={false}
        locale={{ emptyText: '没有提示' }}
        columns={[
          {
            title: '级别',
            dataIndex: 'severity',
            width: 80,
            render: (s: string) => (
              <Tag color={s === 'WARNING' ? 'orange' : 'blue'}>{s === 'WARNING' ? '警告' : '提示'}</Tag>
            ),
          },
          {
            title: '类型',
            dataIndex: 'code',
            width: 130,
            render: (code: Report['warnings'][number]['code']) => RULE_WARNING_CODE_LABELS[code],
          },
          { title: '行', dataIndex: 'row', width: 60 },
          { title: '区县', dataIndex: 'district', width: 100 },
          { title: '说明', dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}
