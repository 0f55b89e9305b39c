import type { ProgressStatus } from '../gql/graphql';

/** 正常 / 关注 / 滞后 / 已完成 / 无目标, with the tag colour used everywhere. */
export const STATUS_LABELS: Record<ProgressStatus, { label: string; color: string }> = {
  NORMAL: { label: '正常', color: 'green' },
  WATCH: { label: '关注', color: 'gold' },
  LAGGING: { label: '滞后', color: 'red' },
  DONE: { label: '已完成', color: 'blue' },
  NO_TARGET: { label: '无目标', color: 'default' },
};

/** A completion with one decimal ("45.7%"), "—" without one. */
export function formatCompletion(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

/** A figure with thousands separators ("12,700"), "—" without one. */
export function formatFigure(value: number | null | undefined): string {
  return value === null || value === undefined
    ? '—'
    : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** Saves a base64 export as a file download. */
export function downloadBase64(fileName: string, contentType: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
