const GROUPED = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 20, useGrouping: true });

/** A figure with thousands separators (20,090), never rounded; a missing one as —. */
export function formatValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : GROUPED.format(value);
}

/** A share as a percent: 0.2 → 20%. */
export function formatRatio(ratio: number): string {
  return `${Math.round(ratio * 10000) / 100}%`;
}
