import { useMutation, useQuery } from '@apollo/client/react';
import { CLASS_STAGE_LABELS, TRAINING_TYPE_LABELS, type TrainingType } from '@skills/domain';
import { App, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { ClassStage, QualificationKind } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { FILING_STATUS, QUALIFICATION_KIND_LABELS, yuan } from './InstitutionPage';

/** Indicators of file 000 annex 1 a class counts toward, as the document names them. */
const INDICATOR_LABELS: Record<string, string> = {
  GUIDANCE_PLAN: '目标计划',
  ENTERPRISE_WORKER_TRAINING: '企业职工培训',
  NEW_APPRENTICESHIP_TRAINING: '新型学徒制培训',
  HOUSEHOLD_SERVICE_TRAINING: '家服培训',
  ENTREPRENEURSHIP_TRAINING: '创业培训',
  HR_SERVICE_TRAINING: '人力资源培训',
  NEW_OCCUPATION_TRAINING: '新职业培训',
  POST_TRAINING_CERTIFICATION: '培训后鉴定评价',
  SENIOR_LEVEL_AND_ABOVE: '高级工以上',
};

const FilingsQuery = graphql(`
  query DistrictFilings {
    qualificationFilings {
      id
      organisationName
      kind
      number
      issuer
      validFrom
      validTo
      occupation
      certificationBodyType
      status
      reviewReason
      version
    }
  }
`);
const ClassesQuery = graphql(`
  query DistrictClasses($filter: TrainingClassFilter) {
    trainingClasses(filter: $filter) {
      id
      organisationId
      organisationName
      name
      trainingType
      occupation
      plannedTrainees
      stage
      subsidy
      maxAdvance
      advance
      finalSubsidy
      traineesCompleted
      traineesCertified
      version
      counts {
        indicatorCode
        year
        trainees
      }
    }
  }
`);
const DirectoryQuery = graphql(`
  query Directory($filter: DirectoryFilter) {
    institutionDirectory(filter: $filter) {
      organisationId
      name
      kind
      category
      qualifications {
        id
        kind
        number
        validTo
        occupation
        inForce
      }
    }
  }
`);
const ReviewFiling = graphql(`
  mutation ReviewFilingApprove($id: ID!, $version: Int!) {
    approveQualificationFiling(id: $id, version: $version) {
      id
      status
    }
  }
`);
const ReturnFiling = graphql(`
  mutation ReviewFilingReturn($id: ID!, $version: Int!, $reason: String!) {
    returnQualificationFiling(id: $id, version: $version, reason: $reason) {
      id
      status
    }
  }
`);
const ClassAction = graphql(`
  mutation DistrictClassAction(
    $id: ID!
    $version: Int!
    $amount: String!
    $approve: Boolean!
    $advance: Boolean!
    $audit: Boolean!
    $settle: Boolean!
  ) {
    approveTrainingClass(id: $id, version: $version) @include(if: $approve) {
      id
    }
    recordClassAdvance(id: $id, version: $version, amount: $amount) @include(if: $advance) {
      id
    }
    auditClassCompletion(id: $id, version: $version) @include(if: $audit) {
      id
    }
    recordClassFinalSubsidy(id: $id, version: $version, amount: $amount) @include(if: $settle) {
      id
    }
  }
`);

/** District admin: filings to review, the class ledger with filters, the directory search. */
export function DistrictInstitutionsPage() {
  const { message, modal } = App.useApp();
  const filings = useQuery(FilingsQuery);
  const [stage, setStage] = useState<ClassStage | null>(null);
  const [trainingType, setTrainingType] = useState<TrainingType | null>(null);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const classes = useQuery(ClassesQuery, { variables: { filter: { stage, trainingType, organisationId } } });
  const [directoryFilter, setDirectoryFilter] = useState<{
    qualificationKind?: QualificationKind;
    occupation?: string;
    onlyValid?: boolean;
  }>({});
  const directory = useQuery(DirectoryQuery, { variables: { filter: directoryFilter } });
  const [approve] = useMutation(ReviewFiling);
  const [giveBack] = useMutation(ReturnFiling);
  const [classAction] = useMutation(ClassAction);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await Promise.all([filings.refetch(), classes.refetch()]);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const askAmount = (title: string, initial: string, run: (amount: string) => Promise<unknown>) => {
    let amount = initial;
    modal.confirm({
      title,
      content: (
        <Input defaultValue={initial} aria-label="金额（元）" onChange={(e) => (amount = e.target.value)} />
      ),
      okText: '确定',
      cancelText: '取消',
      onOk: () => act(() => run(amount), '已记录'),
    });
  };
  const askReason = (run: (reason: string) => Promise<unknown>) => {
    let reason = '';
    modal.confirm({
      title: '退回原因',
      content: <Input.TextArea aria-label="退回原因" onChange={(e) => (reason = e.target.value)} />,
      okText: '退回',
      cancelText: '取消',
      onOk: () => act(() => run(reason), '已退回'),
    });
  };
  const classVars = (
    c: { id: string; version: number },
    over: Partial<Record<'approve' | 'advance' | 'audit' | 'settle', boolean>>,
    amount = '0',
  ) => ({
    id: c.id,
    version: c.version,
    amount,
    approve: false,
    advance: false,
    audit: false,
    settle: false,
    ...over,
  });

  const filingsTab = filings.error ? (
    <ErrorAlert error={filings.error} />
  ) : (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={filings.data?.qualificationFilings ?? []}
      columns={[
        { title: '机构', dataIndex: 'organisationName' },
        { title: '类型', dataIndex: 'kind', render: (k: QualificationKind) => QUALIFICATION_KIND_LABELS[k] },
        { title: '编号', dataIndex: 'number' },
        { title: '有效期', render: (_: unknown, f) => `${f.validFrom} 至 ${f.validTo ?? '长期'}` },
        {
          title: '状态',
          dataIndex: 'status',
          render: (s: string) => <Tag color={FILING_STATUS[s]?.color}>{FILING_STATUS[s]?.label}</Tag>,
        },
        {
          title: '审核',
          render: (_: unknown, f) =>
            f.status === 'PENDING' ? (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  onClick={() =>
                    void act(() => approve({ variables: { id: f.id, version: f.version } }), '已通过')
                  }
                >
                  通过
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    askReason((reason) => giveBack({ variables: { id: f.id, version: f.version, reason } }))
                  }
                >
                  退回
                </Button>
              </Space>
            ) : (
              f.reviewReason
            ),
        },
      ]}
    />
  );

  const rows = classes.data?.trainingClasses ?? [];
  const institutions = [...new Map(rows.map((c) => [c.organisationId, c.organisationName])).entries()];
  const ledgerTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder="阶段"
          style={{ minWidth: 150 }}
          value={stage}
          onChange={(v) => setStage(v ?? null)}
          options={Object.entries(CLASS_STAGE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="培训类型"
          style={{ minWidth: 200 }}
          value={trainingType}
          onChange={(v) => setTrainingType(v ?? null)}
          options={Object.entries(TRAINING_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="机构"
          style={{ minWidth: 200 }}
          value={organisationId}
          onChange={(v) => setOrganisationId(v ?? null)}
          options={institutions.map(([value, label]) => ({ value, label }))}
        />
      </Space>
      {classes.error && <ErrorAlert error={classes.error} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        columns={[
          { title: '机构', dataIndex: 'organisationName' },
          { title: '培训班', dataIndex: 'name' },
          { title: '类型', dataIndex: 'trainingType', render: (t: TrainingType) => TRAINING_TYPE_LABELS[t] },
          { title: '职业', dataIndex: 'occupation' },
          {
            title: '计划人数',
            dataIndex: 'plannedTrainees',
            render: (n: number) => n.toLocaleString('zh-CN'),
          },
          {
            title: '阶段',
            dataIndex: 'stage',
            render: (s: ClassStage) => <Tag>{CLASS_STAGE_LABELS[s]}</Tag>,
          },
          {
            title: '补贴（元）',
            render: (_: unknown, c) =>
              `${yuan(c.subsidy)}；预拨 ${yuan(c.advance)}；结算 ${yuan(c.finalSubsidy)}`,
          },
          {
            title: '计入',
            render: (_: unknown, c) =>
              c.counts
                .map(
                  (k) =>
                    `${k.year}年 ${INDICATOR_LABELS[k.indicatorCode] ?? k.indicatorCode} ${k.trainees.toLocaleString('zh-CN')} 人次`,
                )
                .join('；'),
          },
          {
            title: '办理',
            render: (_: unknown, c) => (
              <Space wrap>
                {c.stage === 'APPLIED' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      void act(
                        () => classAction({ variables: classVars(c, { approve: true }) }),
                        '已受理开班',
                      )
                    }
                  >
                    受理开班
                  </Button>
                )}
                {(c.stage === 'OPEN' || c.stage === 'COMPLETION_FILED') && c.advance == null && (
                  <Button
                    size="small"
                    onClick={() =>
                      askAmount(`预拨资金（不超过 ${yuan(c.maxAdvance)} 元）`, c.maxAdvance, (amount) =>
                        classAction({ variables: classVars(c, { advance: true }, amount) }),
                      )
                    }
                  >
                    预拨资金
                  </Button>
                )}
                {c.stage === 'COMPLETION_FILED' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      void act(
                        () => classAction({ variables: classVars(c, { audit: true }) }),
                        '结业审核通过',
                      )
                    }
                  >
                    结业审核通过
                  </Button>
                )}
                {c.stage === 'AUDITED' && (
                  <Button
                    size="small"
                    onClick={() =>
                      askAmount('最终补贴（元）', c.subsidy, (amount) =>
                        classAction({ variables: classVars(c, { settle: true }, amount) }),
                      )
                    }
                  >
                    结算补贴
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );

  const directoryTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder="资质类型"
          style={{ minWidth: 200 }}
          onChange={(v?: QualificationKind) => setDirectoryFilter((f) => ({ ...f, qualificationKind: v }))}
          options={Object.entries(QUALIFICATION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Input.Search
          placeholder="批准职业"
          allowClear
          onSearch={(v) => setDirectoryFilter((f) => ({ ...f, occupation: v || undefined }))}
          style={{ width: 200 }}
        />
        <Select
          style={{ minWidth: 140 }}
          defaultValue="all"
          onChange={(v) => setDirectoryFilter((f) => ({ ...f, onlyValid: v === 'valid' }))}
          options={[
            { value: 'all', label: '全部' },
            { value: 'valid', label: '仅有效资质' },
          ]}
        />
      </Space>
      {directory.error && <ErrorAlert error={directory.error} />}
      {(directory.data?.institutionDirectory ?? []).map((o) => (
        <Card key={o.organisationId} size="small" title={o.name}>
          {o.qualifications.length === 0 && <Typography.Text type="secondary">没有资质记录</Typography.Text>}
          {o.qualifications.map((q) => (
            <div key={q.id}>
              <Tag color={q.inForce ? 'success' : 'default'}>{q.inForce ? '有效' : '无效'}</Tag>
              {QUALIFICATION_KIND_LABELS[q.kind]} {q.number} {q.occupation ?? ''}{' '}
              {q.validTo ? `至 ${q.validTo}` : ''}
            </div>
          ))}
        </Card>
      ))}
    </Space>
  );

  return (
    <div>
      <Typography.Title level={3}>培训机构</Typography.Title>
      <Tabs
        items={[
          { key: 'filings', label: '资质备案审核', children: filingsTab },
          { key: 'ledger', label: '培训班台账', children: ledgerTab },
          { key: 'directory', label: '机构目录', children: directoryTab },
        ]}
      />
    </div>
  );
}
