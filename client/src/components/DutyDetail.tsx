import { Descriptions, List, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { DutyDetailFieldsFragment } from '../gql/graphql';
import {
  ASSIGNMENT_ROLE_LABELS,
  DUTY_LIST_KIND_LONG_LABELS,
  ORGANISATION_CATEGORY_LABELS,
} from '../lib/labels';
import { formatValue } from '../lib/numbers';
import { AssignmentRoleTag } from './AssignmentRoleTag';
import { DutyUpkeep, TargetHistory } from './DutyUpkeep';

export const DutyDetailFields = graphql(`
  fragment DutyDetailFields on Duty {
    id
    seq
    title
    listKind
    targetText
    district {
      id
      name
    }
    plan {
      id
      title
      documentNumber
      startYear
      endYear
    }
    ...DutyUpkeepFields
    items {
      id
      seq
      text
    }
    targets {
      id
      year
      value
      unit
      indicator {
        id
        name
      }
    }
    assignments {
      id
      role
      assigneeText
      category
      organisation {
        id
        name
      }
    }
  }
`);

type Duty = DutyDetailFieldsFragment;

/** 重点工作 in full: plan, 责任清单 items, yearly targets, lead and cooperating units. */
export function DutyDetail({ duty }: { duty: Duty }) {
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <DutyUpkeep duty={duty} />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="重点工作">
          <Typography.Text strong>
            {duty.seq}. {duty.title}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="计划">
          <Link to={`/plans/${duty.plan.id}`}>{duty.plan.title}</Link>
          {duty.plan.documentNumber && (
            <Typography.Text type="secondary">（{duty.plan.documentNumber}）</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="区县">{duty.district.name}</Descriptions.Item>
        <Descriptions.Item label="清单">{DUTY_LIST_KIND_LONG_LABELS[duty.listKind]}</Descriptions.Item>
        <Descriptions.Item label="目标任务（原文）">{duty.targetText ?? '—'}</Descriptions.Item>
      </Descriptions>

      <div>
        <Typography.Title level={5}>责任清单</Typography.Title>
        <List
          size="small"
          bordered
          dataSource={duty.items}
          locale={{ emptyText: '没有责任清单条目' }}
          renderItem={(item) => (
            <List.Item>
              <Typography.Text>
                <Typography.Text type="secondary">{item.seq}. </Typography.Text>
                {item.text}
              </Typography.Text>
            </List.Item>
          )}
        />
      </div>

      <div>
        <Typography.Title level={5}>年度目标</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={duty.targets}
          locale={{ emptyText: '没有年度目标' }}
          columns={[
            { title: '年度', dataIndex: 'year', width: 80 },
            {
              title: '目标',
              key: 'value',
              align: 'right',
              width: 120,
              render: (_, t) => `${formatValue(t.value)} ${t.unit}`,
            },
            { title: '计入指标', key: 'indicator', render: (_, t) => t.indicator?.name ?? '—' },
          ]}
        />
        <TargetHistory duty={duty} />
      </div>

      <div>
        <Typography.Title level={5}>责任单位</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={duty.assignments}
          locale={{ emptyText: '没有责任单位' }}
          columns={[
            {
              title: '角色',
              dataIndex: 'role',
              width: 80,
              render: (role: Duty['assignments'][number]['role']) => <AssignmentRoleTag role={role} />,
            },
            {
              title: '单位',
              key: 'org',
              render: (_, a) =>
                a.organisation ? (
                  a.organisation.name
                ) : a.category ? (
                  <Space size={4}>
                    {ORGANISATION_CATEGORY_LABELS[a.category]}
                    <Tag>类别</Tag>
                  </Space>
                ) : (
                  '—'
                ),
            },
            { title: '文件原文', dataIndex: 'assigneeText' },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {ASSIGNMENT_ROLE_LABELS.LEAD}单位在前，{ASSIGNMENT_ROLE_LABELS.COOPERATING}单位在后。
        </Typography.Text>
      </div>
    </Space>
  );
}
