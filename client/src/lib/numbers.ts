/** A figure exactly as stored (no grouping, no rounding); a missing one as —. */
export function formatValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : String(value);
}

/** A share as a percent: 0.2 → 20%. */
export function formatRatio(ratio: number): string {
  return `${Math.round(ratio * 10000) / 100}%`;
}
