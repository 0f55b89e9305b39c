import { useMutation, useQuery } from '@apollo/client/react';
import {
  CERTIFICATE_KIND_LABELS,
  CLASS_STAGE_LABELS,
  TRAINING_TYPE_LABELS,
  isProjectTraining,
  type TrainingType,
} from '@skills/domain';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useViewer } from '../app/ViewerContext';
import { ErrorAlert } from '../components/PageState';
import { graphql } from '../gql';
import type { QualificationKind } from '../gql/graphql';
import { errorMessage } from '../lib/errors';
import { viewerOrganisations } from '../lib/viewer';

/** Labels of qualification kinds and filing states (Simplified Chinese, as the documents write them). */
export const QUALIFICATION_KIND_LABELS: Record<QualificationKind, string> = {
  SCHOOL_LICENCE: '办学许可证',
  SUBSIDISED_CATALOGUE_LISTING: '补贴性职业培训机构目录',
  CERTIFICATION_BODY: '职业技能等级认定机构备案',
  APPROVED_OCCUPATION: '项目制培训批准职业',
  ASSESSMENT_GRADE: '评估等级',
};
export const FILING_STATUS: Record<string, { label: string; color: string }> = {
  PENDING: { label: '待审核', color: 'processing' },
  APPROVED: { label: '已通过', color: 'success' },
  RETURNED: { label: '已退回', color: 'error' },
};
const BUCKET_LABELS: Record<string, string> = {
  EXPIRED: '已过期',
  WITHIN_30_DAYS: '30 天内到期',
  WITHIN_60_DAYS: '60 天内到期',
  WITHIN_90_DAYS: '90 天内到期',
};
/** Yuan with thousands separators ("12000.00" → "12,000.00"). */
export const yuan = (v: string | null | undefined) =>
  v == null ? '—' : v.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

const InstitutionQuery = graphql(`
  query InstitutionHome($org: ID!) {
    organisationProfile(organisationId: $org) {
      organisationId
      name
      registeredName
      kind
      category
      address
      contactPerson
      contactPhone
      socialCreditCode
      licenceNumber
      version
    }
    qualifications(organisationId: $org) {
      id
      kind
      number
      issuer
      validFrom
      validTo
      status
    }
    qualificationFilings(organisationId: $org) {
      id
      kind
      number
      validFrom
      validTo
      status
      reviewReason
      filedAt
      occupation
    }
    expiringQualifications(withinDays: 90, organisationId: $org) {
      qualificationId
      kind
      number
      validTo
      daysLeft
      bucket
    }
    trainingClasses(filter: { organisationId: $org }) {
      id
      name
      trainingType
      occupation
      plannedTrainees
      startsOn
      endsOn
      stage
      subsidy
      advance
      finalSubsidy
      traineesCompleted
      traineesCertified
      certificateKind
      reviewReason
      version
    }
  }
`);

const CatalogueQuery = graphql(`
  query InstitutionCatalogue {
    plans(first: 200) {
      nodes {
        id
        code
        level
        districtId
      }
    }
  }
`);

const CatalogueEntriesQuery = graphql(`
  query InstitutionCatalogueEntries($planId: ID!) {
    catalogue(planId: $planId) {
      id
      seq
      occupation
    }
  }
`);

const UpdateProfile = graphql(`
  mutation UpdateProfile($org: ID!, $version: Int!, $input: OrganisationProfileInput!) {
    updateOrganisationProfile(organisationId: $org, version: $version, input: $input) {
      organisationId
      version
    }
  }
`);
const FileQualification = graphql(`
  mutation FileQualification($input: QualificationFilingInput!) {
    fileQualification(input: $input) {
      id
      status
    }
  }
`);
const ApplyClass = graphql(`
  mutation ApplyClass($input: TrainingClassInput!) {
    applyForTrainingClass(input: $input) {
      id
      stage
    }
  }
`);
const FileCompletion = graphql(`
  mutation FileCompletion($id: ID!, $version: Int!, $input: ClassCompletionInput!) {
    fileClassCompletion(id: $id, version: $version, input: $input) {
      id
      stage
    }
  }
`);

/** 机构信息 / 资质 / 培训班 of the viewer's own institution or enterprise. */
export function InstitutionPage() {
  const viewer = useViewer();
  const org = viewerOrganisations(viewer).find(
    (o) => o.kind === 'TRAINING_INSTITUTION' || o.kind === 'ENTERPRISE',
  );
  const { message } = App.useApp();
  const { data, error, refetch } = useQuery(InstitutionQuery, {
    variables: { org: org?.id ?? '' },
    skip: !org,
  });
  const [updateProfile] = useMutation(UpdateProfile);
  const [fileQualification] = useMutation(FileQualification);
  const [applyClass] = useMutation(ApplyClass);
  const [fileCompletion] = useMutation(FileCompletion);
  const [filing, setFiling] = useState(false);
  const [applying, setApplying] = useState(false);
  const [completing, setCompleting] = useState<{ id: string; version: number } | null>(null);
  const plans = useQuery(CatalogueQuery);
  const profile = data?.organisationProfile;
  const districtPlan = plans.data?.plans.nodes.find(
    (p) => p.level === 'DISTRICT' && p.districtId && p.code.includes('PROJECT'),
  );
  const catalogue = useQuery(CatalogueEntriesQuery, {
    variables: { planId: districtPlan?.id ?? '' },
    skip: !districtPlan,
  });
  const occupations = (catalogue.data?.catalogue ?? []).map((c) => ({
    value: c.id,
    label: `${c.seq}. ${c.occupation}`,
  }));

  if (!org) return <Typography.Text>当前账号不是培训机构或企业管理员。</Typography.Text>;
  if (error) return <ErrorAlert error={error} />;

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await refetch();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };

  const profileTab = profile && (
    <Card>
      <Form
        layout="vertical"
        initialValues={profile}
        key={profile.version}
        onFinish={(values: Record<string, string | null>) =>
          void act(
            () =>
              updateProfile({
                variables: {
                  org: org.id,
                  version: profile.version,
                  input: {
                    registeredName: values.registeredName,
                    address: values.address,
                    contactPerson: values.contactPerson,
                    contactPhone: values.contactPhone,
                    socialCreditCode: values.socialCreditCode,
                    licenceNumber: values.licenceNumber,
                    category: values.category,
                  },
                },
              }),
            '机构信息已保存',
          )
        }
      >
        <Form.Item label="登记名称" name="registeredName">
          <Input />
        </Form.Item>
        <Form.Item label="类别" name="category">
          <Select
            allowClear
            options={(profile.kind === 'ENTERPRISE'
              ? [
                  ['STATE_OWNED_ENTERPRISE', '国有企业'],
                  ['ABOVE_SCALE_ENTERPRISE', '规上企业'],
                  ['OTHER_ENTERPRISE', '其他企业'],
                ]
              : [
                  ['PUBLIC_VOCATIONAL_SCHOOL', '公办职业院校'],
                  ['TECHNICAL_COLLEGE', '技工院校'],
                  ['PRIVATE_TRAINING_SCHOOL', '民办职业培训学校'],
                  ['ENTERPRISE_TRAINING_CENTRE', '企业培训中心'],
                  ['PUBLIC_TRAINING_BASE', '公共实训基地'],
                ]
            ).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label="地址" name="address">
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item label="联系人" name="contactPerson">
            <Input />
          </Form.Item>
          <Form.Item label="联系电话" name="contactPhone">
            <Input />
          </Form.Item>
        </Space>
        <Form.Item label="统一社会信用代码" name="socialCreditCode" extra="18 位，按 GB 32100-2015 校验">
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item label="办学许可证/营业执照编号" name="licenceNumber">
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          保存
        </Button>
      </Form>
    </Card>
  );

  const expiring = data?.expiringQualifications ?? [];
  const qualificationTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {expiring.map((q) => (
        <Typography.Text key={q.qualificationId} type={q.bucket === 'EXPIRED' ? 'danger' : 'warning'}>
          {QUALIFICATION_KIND_LABELS[q.kind]} {q.number}：{BUCKET_LABELS[q.bucket]}（有效期至 {q.validTo}）
        </Typography.Text>
      ))}
      <Button type="primary" onClick={() => setFiling(true)}>
        申报资质备案
      </Button>
      <Card title="现有资质" size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data?.qualifications ?? []}
          columns={[
            {
              title: '类型',
              dataIndex: 'kind',
              render: (k: QualificationKind) => QUALIFICATION_KIND_LABELS[k],
            },
            { title: '编号', dataIndex: 'number' },
            { title: '有效期', render: (_: unknown, q) => `${q.validFrom ?? '—'} 至 ${q.validTo ?? '长期'}` },
          ]}
        />
      </Card>
      <Card title="备案记录" size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data?.qualificationFilings ?? []}
          columns={[
            {
              title: '类型',
              dataIndex: 'kind',
              render: (k: QualificationKind) => QUALIFICATION_KIND_LABELS[k],
            },
            { title: '编号', dataIndex: 'number' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: string, f) => (
                <Space direction="vertical" size={0}>
                  <Tag color={FILING_STATUS[s]?.color}>{FILING_STATUS[s]?.label}</Tag>
                  {f.reviewReason && <Typography.Text type="secondary">{f.reviewReason}</Typography.Text>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        title="申报资质备案"
        open={filing}
        onCancel={() => setFiling(false)}
        footer={null}
        destroyOnHidden
      >
        <Form
          layout="vertical"
          onFinish={async (v: Record<string, string | undefined>) => {
            const ok = await act(
              () =>
                fileQualification({
                  variables: {
                    input: {
                      organisationId: org.id,
                      kind: v.kind as QualificationKind,
                      number: v.number ?? '',
                      issuer: v.issuer ?? '',
                      validFrom: v.validFrom ?? '',
                      validTo: v.validTo || null,
                      scope: v.scope || null,
                      certificationBodyType:
                        (v.certificationBodyType as 'ENTERPRISE' | 'SOCIAL_ORGANISATION') || null,
                      catalogueEntryId: v.catalogueEntryId || null,
                    },
                  },
                }),
              '已提交，等待区县审核',
            );
            if (ok) setFiling(false);
          }}
        >
          <Form.Item label="资质类型" name="kind" rules={[{ required: true, message: '请选择资质类型' }]}>
            <Select
              options={Object.entries(QUALIFICATION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="证书/备案编号" name="number" rules={[{ required: true, message: '请填写编号' }]}>
            <Input />
          </Form.Item>
          <Form.Item
            label="发证/备案机关"
            name="issuer"
            rules={[{ required: true, message: '请填写发证机关' }]}
          >
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item label="有效期起" name="validFrom" rules={[{ required: true, message: 'YYYY-MM-DD' }]}>
              <Input placeholder="2026-01-01" />
            </Form.Item>
            <Form.Item label="有效期止" name="validTo">
              <Input placeholder="长期可不填" />
            </Form.Item>
          </Space>
          <Form.Item label="认定机构类型（仅认定机构备案）" name="certificationBodyType">
            <Select
              allowClear
              options={[
                { value: 'ENTERPRISE', label: '企业' },
                { value: 'SOCIAL_ORGANISATION', label: '社会培训评价组织' },
              ]}
            />
          </Form.Item>
          <Form.Item label="批准职业（仅项目制培训批准职业）" name="catalogueEntryId">
            <Select allowClear showSearch optionFilterProp="label" options={occupations} />
          </Form.Item>
          <Form.Item label="范围" name="scope">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            提交备案
          </Button>
        </Form>
      </Modal>
    </Space>
  );

  const classTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setApplying(true)}>
        申请开班
      </Button>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data?.trainingClasses ?? []}
        columns={[
          { title: '培训班', dataIndex: 'name' },
          { title: '类型', dataIndex: 'trainingType', render: (t: TrainingType) => TRAINING_TYPE_LABELS[t] },
          { title: '职业', dataIndex: 'occupation' },
          { title: '人数', dataIndex: 'plannedTrainees', render: (n: number) => n.toLocaleString('zh-CN') },
          {
            title: '阶段',
            dataIndex: 'stage',
            render: (s: keyof typeof CLASS_STAGE_LABELS, c) => (
              <Space direction="vertical" size={0}>
                <Tag>{CLASS_STAGE_LABELS[s]}</Tag>
                {c.reviewReason && <Typography.Text type="secondary">{c.reviewReason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '补贴（元）',
            render: (_: unknown, c) =>
              `${yuan(c.subsidy)}；预拨 ${yuan(c.advance)}；结算 ${yuan(c.finalSubsidy)}`,
          },
          {
            title: '操作',
            render: (_: unknown, c) =>
              c.stage === 'OPEN' ? (
                <Button size="small" onClick={() => setCompleting({ id: c.id, version: c.version })}>
                  申报结业
                </Button>
              ) : c.traineesCompleted != null ? (
                `结业 ${c.traineesCompleted} 人，取证 ${c.traineesCertified} 人（${CERTIFICATE_KIND_LABELS[c.certificateKind!]}）`
              ) : null,
          },
        ]}
      />
      <Modal
        title="申请开班"
        open={applying}
        onCancel={() => setApplying(false)}
        footer={null}
        destroyOnHidden
      >
        <Form
          layout="vertical"
          initialValues={{
            trainingType: 'PROJECT_KEY_GROUPS',
            enterpriseEmployees: false,
            advancedLevel: false,
          }}
          onFinish={async (v: Record<string, unknown>) => {
            const ok = await act(
              () =>
                applyClass({
                  variables: {
                    input: {
                      organisationId: org.id,
                      name: String(v.name ?? ''),
                      trainingType: v.trainingType as TrainingType,
                      catalogueEntryId: (v.catalogueEntryId as string) || null,
                      occupation: (v.occupation as string) || null,
                      plannedTrainees: Number(v.plannedTrainees ?? 0),
                      startsOn: String(v.startsOn ?? ''),
                      endsOn: String(v.endsOn ?? ''),
                      enterpriseEmployees: Boolean(v.enterpriseEmployees),
                      advancedLevel: Boolean(v.advancedLevel),
                      subsidy: String(v.subsidy ?? ''),
                    },
                  },
                }),
              '开班申请已提交',
            );
            if (ok) setApplying(false);
          }}
        >
          <Form.Item label="培训班名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="培训类型" name="trainingType">
            <Select
              options={Object.entries(TRAINING_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) =>
              isProjectTraining(getFieldValue('trainingType') as TrainingType) ? (
                <Form.Item
                  label="职业（工种，来自本区项目制培训目录）"
                  name="catalogueEntryId"
                  rules={[{ required: true, message: '请选择职业' }]}
                >
                  <Select showSearch optionFilterProp="label" options={occupations} />
                </Form.Item>
              ) : (
                <Form.Item label="职业（工种）" name="occupation">
                  <Input />
                </Form.Item>
              )
            }
          </Form.Item>
          <Space wrap>
            <Form.Item
              label="计划人数"
              name="plannedTrainees"
              rules={[{ required: true, message: '请填写人数' }]}
            >
              <InputNumber min={1} precision={0} />
            </Form.Item>
            <Form.Item
              label="培训补贴（元）"
              name="subsidy"
              rules={[{ required: true, message: '请填写金额' }]}
            >
              <Input placeholder="60000.00" />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item label="开班日期" name="startsOn" rules={[{ required: true, message: 'YYYY-MM-DD' }]}>
              <Input placeholder="2026-03-10" />
            </Form.Item>
            <Form.Item label="结束日期" name="endsOn" rules={[{ required: true, message: 'YYYY-MM-DD' }]}>
              <Input placeholder="2026-04-15" />
            </Form.Item>
          </Space>
          <Form.Item name="enterpriseEmployees" valuePropName="checked">
            <Checkbox>学员为企业职工</Checkbox>
          </Form.Item>
          <Form.Item name="advancedLevel" valuePropName="checked">
            <Checkbox>高级工及以上</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit">
            提交开班申请
          </Button>
        </Form>
      </Modal>
      <Modal
        title="申报结业"
        open={completing !== null}
        onCancel={() => setCompleting(null)}
        footer={null}
        destroyOnHidden
      >
        <Form
          layout="vertical"
          initialValues={{ certificateKind: 'SKILL_LEVEL' }}
          onFinish={async (v: {
            traineesCompleted: number;
            traineesCertified: number;
            certificateKind: string;
          }) => {
            if (!completing) return;
            const ok = await act(
              () =>
                fileCompletion({
                  variables: {
                    id: completing.id,
                    version: completing.version,
                    input: {
                      traineesCompleted: Number(v.traineesCompleted),
                      traineesCertified: Number(v.traineesCertified),
                      certificateKind: v.certificateKind as 'SKILL_LEVEL',
                    },
                  },
                }),
              '结业申报已提交',
            );
            if (ok) setCompleting(null);
          }}
        >
          <Form.Item
            label="结业人数"
            name="traineesCompleted"
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item
            label="取证人数"
            name="traineesCertified"
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item label="证书类型" name="certificateKind">
            <Select
              options={Object.entries(CERTIFICATE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            提交结业申报
          </Button>
        </Form>
      </Modal>
    </Space>
  );

  return (
    <div>
      <Typography.Title level={3}>{profile?.name ?? org.name}</Typography.Title>
      <Tabs
        items={[
          { key: 'profile', label: '机构信息', children: profileTab },
          {
            key: 'qualifications',
            label: `资质${expiring.length ? `（${expiring.length} 项需关注）` : ''}`,
            children: qualificationTab,
          },
          { key: 'classes', label: '培训班', children: classTab },
        ]}
      />
    </div>
  );
}
