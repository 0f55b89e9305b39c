import { useQuery } from '@apollo/client/react';
import { reconcileTotal } from '@skills/domain';
import { Button, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { graphql } from '../gql';
import type { DutyListKind, ResponsibilityMatrixQuery } from '../gql/graphql';
import { ASSIGNMENT_ROLE_LABELS, DUTY_LIST_KIND_LABELS, DUTY_LIST_KINDS } from '../lib/labels';
import { formatValue } from '../lib/numbers';
import { AssignmentRoleTag } from './AssignmentRoleTag';
import { DutyDrawer } from './DutyDrawer';
import { EmptyState, ErrorAlert, Loading } from './PageState';

const ResponsibilityMatrixQuery = graphql(`
  query ResponsibilityMatrix($planId: ID!, $listKind: DutyListKind!) {
    responsibilityMatrix(planId: $planId, listKind: $listKind) {
      listKind
      totalDutyCount
      plan {
        id
        title
      }
      columns {
        key
        label
        category
        leadCount
        cooperatingCount
        organisation {
          id
          name
        }
      }
      rows {
        duty {
          id
          seq
          title
          targetText
          targets {
            id
            year
            value
            unit
          }
        }
        cells {
          columnKey
          role
          assigneeText
        }
      }
    }
  }
`);

type Matrix = ResponsibilityMatrixQuery['responsibilityMatrix'];
type Row = Matrix['rows'][number];

/** Years that any duty has a target for, in order. */
function targetYears(rows: Row[]): number[] {
  return [...new Set(rows.flatMap((r) => r.duty.targets.map((t) => t.year)))].sort((a, b) => a - b);
}

/** Sum of the duties' targets of one year, with the units they are written in. */
function yearTotal(rows: Row[], year: number): { computed: number; units: string[] } {
  const targets = rows.flatMap((r) => r.duty.targets.filter((t) => t.year === year));
  const { computed } = reconcileTotal({
    label: `${year}年`,
    values: targets.map((t) => t.value),
    claimed: null,
  });
  return { computed, units: [...new Set(targets.map((t) => t.unit))] };
}

function MatrixTable({ matrix, onOpenDuty }: { matrix: Matrix; onOpenDuty: (id: string) => void }) {
  const years = targetYears(matrix.rows);
  const unparsed = matrix.rows.some((r) => r.duty.targetText && r.duty.targets.length === 0);
  const cells = new Map(matrix.rows.map((r) => [r.duty.id, new Map(r.cells.map((c) => [c.columnKey, c]))]));

  const columns: ColumnsType<Row> = [
    { key: 'seq', title: '序号', fixed: 'left', width: 56, align: 'center', render: (_, r) => r.duty.seq },
    {
      key: 'title',
      title: '重点工作',
      fixed: 'left',
      width: 260,
      render: (_, r) => (
        <Button type="link" className="duty-title-link" onClick={() => onOpenDuty(r.duty.id)}>
          {r.duty.title}
        </Button>
      ),
    },
  ];
  if (years.length > 0) {
    columns.push({
      key: 'targets',
      title: '年度目标',
      children: years.map((year) => ({
        key: `y${year}`,
        title: `${year}年`,
        width: 92,
        align: 'right' as const,
        render: (_: unknown, r: Row) => {
          const t = r.duty.targets.filter((x) => x.year === year);
          return t.length ? t.map((x) => `${formatValue(x.value)}${x.unit}`).join('、') : '—';
        },
      })),
    });
  }
  if (unparsed || years.length === 0) {
    columns.push({
      key: 'targetText',
      title: '目标任务（原文）',
      width: 200,
      render: (_, r) => r.duty.targetText ?? '—',
    });
  }
  columns.push({
    key: 'units',
    title: '责任单位（牵头 / 配合）',
    children: matrix.columns.map((col) => ({
      key: col.key,
      width: 52,
      align: 'center' as const,
      title: (
        <Tooltip
          title={`${col.label}：${ASSIGNMENT_ROLE_LABELS.LEAD} ${col.leadCount} 项，${ASSIGNMENT_ROLE_LABELS.COOPERATING} ${col.cooperatingCount} 项${col.category ? '（单位类别）' : ''}`}
        >
          <div className="vertical-header" data-column={col.label}>
            {col.label}
          </div>
        </Tooltip>
      ),
      render: (_: unknown, r: Row) => {
        const cell = cells.get(r.duty.id)?.get(col.key);
        if (!cell) return null;
        return (
          <Tooltip title={`文件原文：${cell.assigneeText}`}>
            <span>
              <AssignmentRoleTag role={cell.role} data-cell={`${r.duty.seq}|${col.label}`} />
            </span>
          </Tooltip>
        );
      },
    })),
  });

  const firstUnitIndex = 2 + years.length + (unparsed || years.length === 0 ? 1 : 0);
  return (
    <div data-testid="responsibility-matrix">
      <Table<Row>
        rowKey={(r) => r.duty.id}
        size="small"
        bordered
        pagination={false}
        columns={columns}
        dataSource={matrix.rows}
        scroll={{ x: 'max-content', y: 620 }}
        summary={() => (
          <Table.Summary fixed="bottom">
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text strong>合计（计算） · 牵头 / 配合项数</Typography.Text>
              </Table.Summary.Cell>
              {years.map((year, i) => {
                const { computed, units } = yearTotal(matrix.rows, year);
                return (
                  <Table.Summary.Cell key={year} index={2 + i} align="right">
                    <Tooltip
                      title={units.length > 1 ? `单位不一致（${units.join('、')}），按数值相加` : undefined}
                    >
                      <strong>
                        {formatValue(computed)}
                        {units.length === 1 ? units[0] : '*'}
                      </strong>
                    </Tooltip>
                  </Table.Summary.Cell>
                );
              })}
              {(unparsed || years.length === 0) && <Table.Summary.Cell index={2 + years.length} />}
              {matrix.columns.map((col, i) => (
                <Table.Summary.Cell key={col.key} index={firstUnitIndex + i} align="center">
                  <Tooltip title={`${col.label}：牵头 ${col.leadCount} 项，配合 ${col.cooperatingCount} 项`}>
                    <span style={{ fontSize: 12 }}>
                      <strong>{col.leadCount}</strong>/{col.cooperatingCount}
                    </span>
                  </Tooltip>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </div>
  );
}

/**
 * 责任矩阵 of a district plan: the duties of one list (部门 / 企业 / 培训机构) as rows, the units and
 * categories assigned as columns, each cell 牵头 or 配合. A duty opens in a drawer.
 */
export function ResponsibilityMatrixView({
  planId,
  listKind,
  onListKindChange,
}: {
  planId: string;
  listKind: DutyListKind;
  onListKindChange: (kind: DutyListKind) => void;
}) {
  const [openDuty, setOpenDuty] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(ResponsibilityMatrixQuery, {
    variables: { planId, listKind },
  });
  const matrix = data?.responsibilityMatrix;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Segmented<DutyListKind>
          value={listKind}
          onChange={onListKindChange}
          options={DUTY_LIST_KINDS.map((k) => ({ value: k, label: DUTY_LIST_KIND_LABELS[k] }))}
        />
        {matrix && (
          <Typography.Text type="secondary" data-testid="matrix-count">
            {matrix.rows.length < matrix.totalDutyCount
              ? `您可查看 ${matrix.rows.length} 项重点工作（清单共 ${matrix.totalDutyCount} 项），${matrix.columns.length} 个责任单位/类别`
              : `共 ${matrix.rows.length} 项重点工作，${matrix.columns.length} 个责任单位/类别`}
          </Typography.Text>
        )}
      </Space>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : matrix && matrix.rows.length === 0 ? (
        <EmptyState
          description={
            matrix.totalDutyCount > 0
              ? `该计划的${DUTY_LIST_KIND_LABELS[listKind]}责任清单有 ${formatValue(matrix.totalDutyCount)} 项重点工作，但没有您的单位承担的，您无权查看`
              : `该计划没有${DUTY_LIST_KIND_LABELS[listKind]}责任清单`
          }
        />
      ) : matrix ? (
        <MatrixTable matrix={matrix} onOpenDuty={setOpenDuty} />
      ) : null}
      <DutyDrawer dutyId={openDuty} onClose={() => setOpenDuty(null)} />
    </Space>
  );
}
