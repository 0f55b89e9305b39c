import { TASK_STATE_LABEL, REPORT_STATUS_LABEL, PERIOD_STATE_LABEL } from '@skills/domain';

/** Colours of the reporting states (labels come from packages/domain, as the server names them). */
export const TASK_STATE_COLOR: Record<keyof typeof TASK_STATE_LABEL, string> = {
  TODO: 'default',
  DRAFT: 'processing',
  SUBMITTED: 'blue',
  RETURNED: 'orange',
  APPROVED: 'green',
  OVERDUE: 'red',
};

export const REPORT_STATUS_COLOR: Record<keyof typeof REPORT_STATUS_LABEL, string> = {
  DRAFT: 'processing',
  SUBMITTED: 'blue',
  RETURNED: 'orange',
  RESUBMITTED: 'geekblue',
  APPROVED: 'green',
};

export const PERIOD_STATE_COLOR: Record<keyof typeof PERIOD_STATE_LABEL, string> = {
  UPCOMING: 'default',
  OPEN: 'green',
  CLOSED: 'red',
  LOCKED: 'purple',
};

/** An integer with thousands separators; missing as —. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US');
}

/** A timestamp as the Chongqing date and time (YYYY-MM-DD HH:mm). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** Reads a File as base64 (without the data: prefix) for uploadEvidence. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });
}

/** What the server accepts as evidence (modules/evidence/evidence.content.ts). */
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.xlsx,.docx';
export const EVIDENCE_MAX_BYTES = 8 * 1024 * 1024;
