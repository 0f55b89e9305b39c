import { Table, Tooltip, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { AllocationMatrixQuery } from '../gql/graphql';
import { INDICATOR_NATURE_LABELS } from '../lib/labels';
import { formatRatio, formatValue } from '../lib/numbers';

export type Matrix = AllocationMatrixQuery['allocationMatrix'];
type Indicator = Matrix['indicators'][number];
type Row = Matrix['rows'][number];
type Warning = Matrix['warnings'][number];

/** A column and its "其中" columns, in the document's order. */
interface ColumnGroup {
  indicator: Indicator;
  children: Indicator[];
}

/** Groups "of which" indicators under their parent (deeper levels stay in the top parent's group). */
export function groupIndicators(indicators: Indicator[]): ColumnGroup[] {
  const groups: ColumnGroup[] = [];
  const groupOf = new Map<string, ColumnGroup>();
  for (const ind of indicators) {
    const parentGroup = ind.parentId ? groupOf.get(ind.parentId) : undefined;
    if (parentGroup) {
      parentGroup.children.push(ind);
      groupOf.set(ind.id, parentGroup);
    } else {
      const group = { indicator: ind, children: [] };
      groups.push(group);
      groupOf.set(ind.id, group);
    }
  }
  return groups;
}

/** Warnings by `districtId|indicatorId`, column-total warnings by `total|indicatorId`. */
function warningsByCell(warnings: Warning[]): Map<string, Warning[]> {
  const map = new Map<string, Warning[]>();
  for (const w of warnings) {
    if (!w.indicatorId) continue;
    const key = `${w.districtId ?? 'total'}|${w.indicatorId}`;
    map.set(key, [...(map.get(key) ?? []), w]);
  }
  return map;
}

function natureText(ind: Indicator): string {
  const label = INDICATOR_NATURE_LABELS[ind.nature];
  if (ind.nature === 'CEILING' && ind.ceilingRatio != null && ind.ceilingOf) {
    return `${label}：不超过“${ind.ceilingOf.name}”的 ${formatRatio(ind.ceilingRatio)}`;
  }
  return label;
}

function Header({ indicator, prefix, label }: { indicator: Indicator; prefix?: string; label?: string }) {
  return (
    <Tooltip title={`${indicator.name}（${indicator.unit}）· ${natureText(indicator)}`}>
      <div>
        {prefix}
        {label ?? indicator.name}
        <div style={{ fontWeight: 400, fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
          {indicator.unit} · {INDICATOR_NATURE_LABELS[indicator.nature]}
        </div>
      </div>
    </Tooltip>
  );
}

/** A figure, red on a light red ground with the warnings' messages when a rule flags it. */
function Figure({
  value,
  codes,
  messages,
}: {
  value: number | null | undefined;
  codes: string;
  messages: string[];
}) {
  return (
    <Tooltip
      title={messages.map((m) => (
        <div key={m}>{m}</div>
      ))}
    >
      <span data-warning={codes} style={{ color: '#cf1322', fontWeight: 600 }}>
        {formatValue(value)}
      </span>
    </Tooltip>
  );
}

/**
 * 年度分配表: one row per district, one column per indicator ("其中" columns under their parent),
 * then 全市目标 (when the plan gives city-wide figures), 合计（计算） and, for a viewer who sees
 * every row, 文件合计 with every difference highlighted.
 */
export function AllocationMatrixTable({ matrix }: { matrix: Matrix }) {
  const groups = groupIndicators(matrix.indicators);
  const leaves = groups.flatMap((g) => [g.indicator, ...g.children]);
  const warnings = warningsByCell(matrix.warnings);
  const cellValues = new Map(
    matrix.rows.map((r) => [r.district.id, new Map(r.cells.map((c) => [c.indicatorId, c.value]))]),
  );
  const totals = new Map(matrix.totals.map((t) => [t.indicatorId, t]));
  const cityTargets = new Map(matrix.cityTargets.map((c) => [c.indicatorId, c.value]));
  const showClaims = matrix.complete && matrix.totals.some((t) => t.claimed != null);

  const leafColumn = (ind: Indicator, prefix?: string): ColumnType<Row> => ({
    key: ind.id,
    title: <Header indicator={ind} prefix={prefix} />,
    align: 'right',
    width: 120,
    onCell: (row) => (warnings.has(`${row.district.id}|${ind.id}`) ? { className: 'cell-warning' } : {}),
    render: (_, row) => {
      const value = cellValues.get(row.district.id)?.get(ind.id);
      const flagged = warnings.get(`${row.district.id}|${ind.id}`);
      if (!flagged) return formatValue(value);
      return (
        <Figure
          value={value}
          codes={flagged.map((w) => w.code).join(' ')}
          messages={flagged.map((w) => w.message)}
        />
      );
    },
  });

  const columns: ColumnsType<Row> = [
    {
      key: 'district',
      title: '区县',
      fixed: 'left',
      width: 110,
      render: (_, row) => row.district.name,
    },
    ...groups.map((g): ColumnsType<Row>[number] =>
      g.children.length === 0
        ? leafColumn(g.indicator)
        : {
            key: `group-${g.indicator.id}`,
            title: `${g.indicator.name}（${g.indicator.unit}）`,
            align: 'center',
            children: [
              { ...leafColumn(g.indicator), title: <Header indicator={g.indicator} label="总数" /> },
              ...g.children.map((c) => leafColumn(c, '其中：')),
            ],
          },
    ),
  ];

  const summaryRow = (
    key: string,
    label: ReactNode,
    cell: (ind: Indicator) => ReactNode,
    flagged?: (ind: Indicator) => boolean,
  ) => (
    <Table.Summary.Row key={key}>
      <Table.Summary.Cell index={0}>
        <Typography.Text strong>{label}</Typography.Text>
      </Table.Summary.Cell>
      {leaves.map((ind, i) => (
        <Table.Summary.Cell
          key={ind.id}
          index={i + 1}
          align="right"
          className={flagged?.(ind) ? 'cell-warning' : undefined}
        >
          {cell(ind)}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );

  const claimedCell = (ind: Indicator) => {
    const t = totals.get(ind.id);
    if (!t || t.claimed == null) return '—';
    if (!t.difference) return formatValue(t.claimed);
    const messages = warnings.get(`total|${ind.id}`)?.map((w) => w.message) ?? [
      `文件合计与按各区县相加的合计相差 ${Math.abs(t.difference)}`,
    ];
    return <Figure value={t.claimed} codes="TOTAL_MISMATCH" messages={messages} />;
  };

  return (
    <div data-testid="allocation-matrix">
      <Table<Row>
        rowKey={(row) => row.district.id}
        size="small"
        bordered
        pagination={false}
        columns={columns}
        dataSource={matrix.rows}
        scroll={{ x: 'max-content', y: 560 }}
        summary={() => (
          <Table.Summary fixed="bottom">
            {matrix.cityTargets.length > 0 &&
              summaryRow('city', '全市目标', (ind) => formatValue(cityTargets.get(ind.id)))}
            {summaryRow('computed', '合计（计算）', (ind) => (
              // No visible row has a figure: the total is unknown (—), not 0.
              <strong>
                {matrix.rows.some((r) => cellValues.get(r.district.id)?.get(ind.id) != null)
                  ? formatValue(totals.get(ind.id)?.computed)
                  : '—'}
              </strong>
            ))}
            {showClaims &&
              summaryRow('claimed', '文件合计', claimedCell, (ind) => !!totals.get(ind.id)?.difference)}
          </Table.Summary>
        )}
      />
    </div>
  );
}
