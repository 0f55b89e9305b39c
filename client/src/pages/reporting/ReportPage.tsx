import { useMutation, useQuery } from '@apollo/client/react';
import {
  checkNarrative,
  checkReportValue,
  isReportEditable,
  PERIOD_STATE_LABEL,
  REPORT_ACTION_LABEL,
  REPORT_STATUS_LABEL,
  type ReportStatus,
} from '@skills/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useViewer } from '../../app/ViewerContext';
import { AssignmentRoleTag } from '../../components/AssignmentRoleTag';
import { ErrorAlert, Loading } from '../../components/PageState';
import { graphql } from '../../gql';
import type { DutyReportsQuery } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import {
  EVIDENCE_ACCEPT,
  EVIDENCE_MAX_BYTES,
  fileToBase64,
  formatCount,
  formatTime,
  PERIOD_STATE_COLOR,
  REPORT_STATUS_COLOR,
} from '../../lib/reporting';
import { hasRole, viewerOrganisations } from '../../lib/viewer';
import { ReviewActions } from './ReviewActions';

const DutyReportsQuery = graphql(`
  query DutyReports($dutyId: ID!, $periodId: ID!) {
    dutyReports(dutyId: $dutyId, periodId: $periodId) {
      figure
      duty {
        id
        seq
        title
        districtId
        plan {
          id
          title
        }
        items {
          id
          seq
          text
        }
        targets {
          year
          value
          unit
        }
      }
      period {
        id
        label
        state
        opensOn
        dueOn
        year
      }
      contributions {
        role
        organisation {
          id
          name
        }
        report {
          id
          status
          version
          revision
          value
          narrative
          late
          reviewReason
          submittedAt
          items {
            responsibilityItemId
            narrative
          }
          evidence {
            id
            fileName
            byteSize
            url
          }
          history {
            version
            revision
            action
            status
            reason
            actorName
            occurredAt
          }
        }
      }
    }
  }
`);

const PeriodsQuery = graphql(`
  query PlanPeriods($planId: ID!) {
    reportingPeriods(planId: $planId) {
      id
      label
      state
    }
  }
`);

const SaveMutation = graphql(`
  mutation SaveReportDraft($input: SaveReportInput!) {
    saveReportDraft(input: $input) {
      id
      version
      status
    }
  }
`);

const SubmitMutation = graphql(`
  mutation SubmitReport($id: ID!, $version: Int!) {
    submitReport(id: $id, expectedVersion: $version) {
      id
      version
      status
      late
    }
  }
`);

const ReviseMutation = graphql(`
  mutation StartReportRevision($id: ID!) {
    startReportRevision(id: $id) {
      id
      version
      status
      revision
    }
  }
`);

const UploadMutation = graphql(`
  mutation UploadEvidence($input: UploadEvidenceInput!) {
    uploadEvidence(input: $input) {
      id
      fileName
    }
  }
`);

type Result = DutyReportsQuery['dutyReports'];
type Contribution = Result['contributions'][number];
type Report = NonNullable<Contribution['report']>;

function StatusTag({ status, late }: { status: ReportStatus; late?: boolean }) {
  return (
    <Space size={4}>
      <Tag color={REPORT_STATUS_COLOR[status]} data-report-status={status}>
        {REPORT_STATUS_LABEL[status]}
      </Tag>
      {late && <Tag color="red">逾期报送</Tag>}
    </Space>
  );
}

function History({ report }: { report: Report }) {
  return (
    <Timeline
      items={report.history.map((h) => ({
        color: h.action === 'RETURN' ? 'red' : h.action === 'APPROVE' ? 'green' : 'blue',
        children: (
          <div data-history-version={h.version}>
            <div>
              第 {h.revision} 版 · v{h.version} · {REPORT_ACTION_LABEL[h.action]} →{' '}
              {REPORT_STATUS_LABEL[h.status]}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.actorName ?? '—'} · {formatTime(h.occurredAt)}
            </Typography.Text>
            {h.reason && (
              <div>
                <Typography.Text type={h.action === 'RETURN' ? 'danger' : 'secondary'}>
                  {h.action === 'RETURN' ? '退回原因：' : ''}
                  {h.reason}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** The report form of the viewer's organisation for one duty and period, its history, and the other units' contributions. */
export function ReportPage() {
  const { dutyId = '', periodId = '' } = useParams();
  const viewer = useViewer();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(DutyReportsQuery, {
    variables: { dutyId, periodId },
    fetchPolicy: 'cache-and-network',
  });
  const result = data?.dutyReports;
  const { data: periodsData } = useQuery(PeriodsQuery, {
    variables: { planId: result?.duty.plan.id ?? '' },
    skip: !result,
  });
  const [save, saving] = useMutation(SaveMutation);
  const [submit, submitting] = useMutation(SubmitMutation);
  const [revise, revising] = useMutation(ReviseMutation);
  const [upload, uploading] = useMutation(UploadMutation);

  const ownOrgIds = useMemo(() => new Set(viewerOrganisations(viewer).map((o) => o.id)), [viewer]);
  const own = result?.contributions.find((c) => ownOrgIds.has(c.organisation.id)) ?? null;
  const report = own?.report ?? null;
  const districtAdmin =
    !!result &&
    viewer.grants.some((g) => g.role === 'DISTRICT_ADMIN' && g.districtId === result.duty.districtId);

  const [value, setValue] = useState<number | null>(null);
  const [narrative, setNarrative] = useState('');
  const [items, setItems] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setValue(report?.value ?? null);
    setNarrative(report?.narrative ?? '');
    setItems(Object.fromEntries((report?.items ?? []).map((i) => [i.responsibilityItemId, i.narrative])));
    setProblem(null);
  }, [report?.id, report?.version]);

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!result) return null;

  const { duty, period } = result;
  const target = duty.targets.find((t) => t.year === period.year) ?? null;
  const measure = { numeric: duty.targets.length > 0, unit: target?.unit ?? duty.targets[0]?.unit ?? null };
  const periodOpen = period.state === 'OPEN' || period.state === 'CLOSED';
  const editable =
    !!own && periodOpen && isReportEditable((report?.status as ReportStatus | undefined) ?? null);

  const validate = (forSubmission: boolean): boolean => {
    const p =
      checkReportValue(value, measure, forSubmission) ??
      checkNarrative(narrative) ??
      Object.values(items).map(checkNarrative).find(Boolean) ??
      null;
    setProblem(p);
    return !p;
  };
  const draftInput = () => ({
    ...(report ? { reportId: report.id, expectedVersion: report.version } : { dutyId, periodId }),
    organisationId: own?.organisation.id,
    value,
    narrative,
    items: duty.items.map((i) => ({ responsibilityItemId: i.id, narrative: items[i.id] ?? '' })),
  });
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      await refetch();
    }
  };
  const onSave = () => {
    if (!validate(false)) return;
    void act(() => save({ variables: { input: draftInput() } }), '草稿已保存');
  };
  const onSubmit = () => {
    if (!validate(true)) return;
    void act(
      async () => {
        const saved = await save({ variables: { input: draftInput() } });
        const r = saved.data!.saveReportDraft;
        await submit({ variables: { id: r.id, version: r.version } });
      },
      period.state === 'CLOSED' ? '已提交（逾期报送）' : '已提交，等待区县审核',
    );
  };
  const onUpload = async (file: File) => {
    if (!report) return;
    if (file.size > EVIDENCE_MAX_BYTES) {
      void message.error('文件超过 8 MB 的上限，请压缩或拆分后再上传');
      return;
    }
    await act(
      async () =>
        upload({
          variables: {
            input: {
              ownerType: 'PROGRESS_REPORT',
              ownerId: report.id,
              fileName: file.name,
              contentBase64: await fileToBase64(file),
            },
          },
        }),
      '材料已上传',
    );
  };

  const others = result.contributions.filter((c) => c !== own);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          进度报送
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label="报送期"
            style={{ minWidth: 160 }}
            value={period.id}
            options={(
              periodsData?.reportingPeriods ?? [{ id: period.id, label: period.label, state: period.state }]
            ).map((p) => ({ value: p.id, label: `${p.label}${p.state === 'LOCKED' ? '（已锁定）' : ''}` }))}
            onChange={(id) => void navigate(`/report/${dutyId}/${id}`)}
          />
          <Button onClick={() => void navigate(-1)}>返回</Button>
        </Space>
      </Space>
      <Card size="small">
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label="重点工作">
            {duty.seq}. {duty.title}
          </Descriptions.Item>
          <Descriptions.Item label="报送期">
            <Space>
              {period.label}
              <Tag color={PERIOD_STATE_COLOR[period.state]} data-period-state={period.state}>
                {PERIOD_STATE_LABEL[period.state]}
              </Tag>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="截止日期">{period.dueOn}</Descriptions.Item>
          <Descriptions.Item label={`${period.year}年目标`}>
            {target ? `${formatCount(target.value)} ${target.unit}` : '无数量目标'}
          </Descriptions.Item>
          <Descriptions.Item label="本期汇总数（牵头单位）">
            <span data-testid="duty-figure">{formatCount(result.figure)}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {period.state === 'CLOSED' && (
        <Alert
          type="warning"
          showIcon
          message={`本期已过截止日期（${period.dueOn}），仍可补报，报送将标记为逾期。`}
        />
      )}
      {period.state === 'LOCKED' && (
        <Alert type="info" showIcon message="本期已被区县管理员锁定，不能修改。" />
      )}
      {period.state === 'UPCOMING' && (
        <Alert type="info" showIcon message={`本期 ${period.opensOn} 开始填报。`} />
      )}

      {own && (
        <Card
          title={
            <Space wrap>
              <span>{own.organisation.name}</span>
              <AssignmentRoleTag role={own.role} />
              {report ? <StatusTag status={report.status} late={report.late} /> : <Tag>待填报</Tag>}
              {report && report.revision > 1 && <Tag>第 {report.revision} 版</Tag>}
            </Space>
          }
        >
          {report?.status === 'RETURNED' && report.reviewReason && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              message="报送被退回"
              description={<span data-testid="return-reason">{report.reviewReason}</span>}
            />
          )}
          {report?.status === 'APPROVED' && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 16 }}
              message="已审核通过，报送已锁定"
              description="如需更正，请发起新的修订版，修订版需重新审核。"
              action={
                periodOpen ? (
                  <Button
                    size="small"
                    loading={revising.loading}
                    onClick={() =>
                      void act(() => revise({ variables: { id: report.id } }), '已生成新的修订版（草稿）')
                    }
                  >
                    更正
                  </Button>
                ) : undefined
              }
            />
          )}
          <Form layout="vertical" disabled={!editable}>
            {measure.numeric && (
              <Form.Item label={`本期完成数（${measure.unit ?? ''}）`} required>
                <InputNumber
                  aria-label="本期完成数"
                  style={{ width: '100%', maxWidth: 280 }}
                  min={0}
                  step={1}
                  value={value}
                  formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}
                  parser={(v) => (v ?? '').replace(/,/g, '') as unknown as number}
                  onChange={(v) => setValue(v === null || v === undefined ? null : Number(v))}
                />
              </Form.Item>
            )}
            {duty.items.map((item) => (
              <Form.Item key={item.id} label={`${item.seq}. ${item.text}`}>
                <Input.TextArea
                  aria-label={`责任清单第${item.seq}项进展`}
                  rows={3}
                  value={items[item.id] ?? ''}
                  onChange={(e) => setItems({ ...items, [item.id]: e.target.value })}
                />
              </Form.Item>
            ))}
            <Form.Item label="总体进展说明">
              <Input.TextArea
                aria-label="总体进展说明"
                rows={4}
                value={narrative}
                onChange={(e) => setNarrative(e.target.value)}
              />
            </Form.Item>
          </Form>
          {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>佐证材料</Typography.Text>
            {(report?.evidence ?? []).map((f) => (
              <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
                {f.fileName}（{formatCount(Math.ceil(f.byteSize / 1024))} KB）
              </a>
            ))}
            {editable && report ? (
              <Upload
                accept={EVIDENCE_ACCEPT}
                showUploadList={false}
                beforeUpload={(file) => {
                  void onUpload(file);
                  return false;
                }}
              >
                <Button loading={uploading.loading}>上传材料（PDF、图片、XLSX、DOCX，≤ 8 MB）</Button>
              </Upload>
            ) : editable ? (
              <Typography.Text type="secondary">保存草稿后可上传材料</Typography.Text>
            ) : null}
          </Space>
          {editable && (
            <Space wrap style={{ marginTop: 16 }}>
              <Button onClick={onSave} loading={saving.loading}>
                保存草稿
              </Button>
              <Button type="primary" onClick={onSubmit} loading={saving.loading || submitting.loading}>
                {report?.status === 'RETURNED' ? '重新提交' : '提交'}
              </Button>
            </Space>
          )}
          {report && report.history.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 24 }}>
                报送记录
              </Typography.Title>
              <History report={report} />
            </>
          )}
        </Card>
      )}

      {(others.length > 0 || !own) && (
        <Card title={own ? '其他单位的报送（贡献）' : '各单位报送'}>
          <Table<Contribution>
            rowKey={(c) => c.organisation.id}
            pagination={false}
            size="small"
            scroll={{ x: 640 }}
            dataSource={own ? others : result.contributions}
            locale={{ emptyText: '暂无' }}
            expandable={{
              rowExpandable: (c) => !!c.report?.history.length,
              expandedRowRender: (c) => (c.report ? <History report={c.report} /> : null),
            }}
            columns={[
              {
                title: '单位',
                key: 'org',
                render: (_, c) => <span data-contribution={c.organisation.name}>{c.organisation.name}</span>,
              },
              {
                title: '分工',
                key: 'role',
                width: 80,
                render: (_, c) => <AssignmentRoleTag role={c.role} />,
              },
              {
                title: '状态',
                key: 'status',
                width: 160,
                render: (_, c) =>
                  c.report ? <StatusTag status={c.report.status} late={c.report.late} /> : <Tag>未报送</Tag>,
              },
              {
                title: '完成数',
                key: 'value',
                width: 100,
                align: 'right',
                render: (_, c) => (
                  <span data-contribution-value={c.organisation.name}>{formatCount(c.report?.value)}</span>
                ),
              },
              { title: '说明', key: 'narrative', render: (_, c) => c.report?.narrative || '—' },
              ...(districtAdmin
                ? [
                    {
                      title: '审核',
                      key: 'review',
                      width: 140,
                      render: (_: unknown, c: Contribution) =>
                        c.report ? <ReviewActions report={c.report} onDone={() => void refetch()} /> : null,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      {hasRole(viewer, 'VIEWER') && !own && (
        <Typography.Text type="secondary">只读：审计/财政用户可查看，不能修改。</Typography.Text>
      )}
    </Space>
  );
}
