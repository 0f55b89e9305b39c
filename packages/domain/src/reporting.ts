/**
 * The reporting cycle's rules (docs/reporting.md), shared by the server, which enforces them, and
 * the client, which shows the same states, buttons and messages before a request is sent.
 */

/** A progress report's status (progress_report.status). */
export type ReportStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'RESUBMITTED' | 'APPROVED';

/** What a person does to a report. REVISE starts a new revision of an approved report. */
export type ReportAction = 'SAVE' | 'SUBMIT' | 'APPROVE' | 'RETURN' | 'REVISE';

export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  RETURNED: '已退回',
  RESUBMITTED: '已重新提交',
  APPROVED: '已通过',
};

export const REPORT_ACTION_LABEL: Record<ReportAction, string> = {
  SAVE: '保存草稿',
  SUBMIT: '提交',
  APPROVE: '审核通过',
  RETURN: '退回',
  REVISE: '更正（新修订版）',
};

/**
 * The transition table: the status after `action` on a report in `status`, or null when the action
 * is not allowed. `null` status = no report yet (only SAVE creates one). REVISE answers DRAFT: the
 * status of the NEW revision; the approved one stays approved and locked.
 *
 * | from \ action | SAVE     | SUBMIT      | APPROVE  | RETURN   | REVISE          |
 * |---------------|----------|-------------|----------|----------|-----------------|
 * | (none)        | DRAFT    |             |          |          |                 |
 * | DRAFT         | DRAFT    | SUBMITTED   |          |          |                 |
 * | SUBMITTED     |          |             | APPROVED | RETURNED |                 |
 * | RETURNED      | RETURNED | RESUBMITTED |          |          |                 |
 * | RESUBMITTED   |          |             | APPROVED | RETURNED |                 |
 * | APPROVED      |          |             |          |          | DRAFT (new rev.) |
 */
export function nextReportStatus(status: ReportStatus | null, action: ReportAction): ReportStatus | null {
  switch (status) {
    case null:
      return action === 'SAVE' ? 'DRAFT' : null;
    case 'DRAFT':
      return action === 'SAVE' ? 'DRAFT' : action === 'SUBMIT' ? 'SUBMITTED' : null;
    case 'RETURNED':
      return action === 'SAVE' ? 'RETURNED' : action === 'SUBMIT' ? 'RESUBMITTED' : null;
    case 'SUBMITTED':
    case 'RESUBMITTED':
      return action === 'APPROVE' ? 'APPROVED' : action === 'RETURN' ? 'RETURNED' : null;
    case 'APPROVED':
      return action === 'REVISE' ? 'DRAFT' : null;
    default:
      return null;
  }
}

/** The actions allowed on a report in `status` (by whoever may take them: the unit or the reviewer). */
export function allowedReportActions(status: ReportStatus | null): ReportAction[] {
  const all: ReportAction[] = ['SAVE', 'SUBMIT', 'APPROVE', 'RETURN', 'REVISE'];
  return all.filter((a) => nextReportStatus(status, a) !== null);
}

/** Whether the reporting unit may still change the report's content (number, narratives, files). */
export function isReportEditable(status: ReportStatus | null): boolean {
  return nextReportStatus(status, 'SAVE') !== null;
}

/** Largest number a report may give (人次, 人, 个): anything above is a typing error. */
export const REPORT_VALUE_MAX = 1_000_000_000;
/** Longest narrative (overall, or per responsibility item). */
export const REPORT_NARRATIVE_MAX = 5000;
/** Longest reason of a return. */
export const RETURN_REASON_MAX = 1000;

/**
 * Checks the number of a report. Where the duty has a numeric target, the number achieved in the
 * period is a whole number from 0 to {@link REPORT_VALUE_MAX} (it may stay empty in a draft, not on
 * submission); where it has none, no number is given. Answers a message a person can act on, or null.
 * @example checkReportValue(-1, { numeric: true }) // '完成数不能为负数'
 */
export function checkReportValue(
  value: number | null | undefined,
  duty: { numeric: boolean; unit?: string | null },
  forSubmission = false,
): string | null {
  const empty = value === null || value === undefined;
  if (!duty.numeric) return empty ? null : '该重点工作没有数量目标，不填写完成数';
  if (empty) return forSubmission ? `请填写本期完成数${duty.unit ? `（${duty.unit}）` : ''}` : null;
  if (typeof value !== 'number' || Number.isNaN(value)) return '完成数必须是数字';
  if (!Number.isInteger(value)) return '完成数必须是整数';
  if (value < 0) return '完成数不能为负数';
  if (value > REPORT_VALUE_MAX) return `完成数不能超过 ${REPORT_VALUE_MAX.toLocaleString('en-US')}，请核对`;
  return null;
}

/** Checks a return's reason: required, at most {@link RETURN_REASON_MAX} characters. */
export function checkReturnReason(reason: string | null | undefined): string | null {
  const text = (reason ?? '').trim();
  if (!text) return '退回时必须填写退回原因';
  if (text.length > RETURN_REASON_MAX) return `退回原因不能超过 ${RETURN_REASON_MAX} 个字`;
  return null;
}

/** Checks a narrative's length. */
export function checkNarrative(text: string | null | undefined): string | null {
  return (text ?? '').length > REPORT_NARRATIVE_MAX ? `说明不能超过 ${REPORT_NARRATIVE_MAX} 个字` : null;
}

// ── The reporting calendar ───────────────────────────────────────────────────────────────────

export type ReportingCadence = 'MONTHLY' | 'QUARTERLY' | 'ANNUAL';
export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

/** Days after a period's end by which its report is due, unless the plan says otherwise. */
export const DEFAULT_REPORT_DUE_DAYS = 10;

export interface PeriodDates {
  year: number;
  kind: PeriodKind;
  number: number;
  /** YYYY-MM-DD */
  startsOn: string;
  endsOn: string;
  /** The day reports may be written from (the period's first day). */
  opensOn: string;
  /** The last day a report is on time (endsOn + due days). */
  dueOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** YYYY-MM-DD plus `days` (calendar arithmetic in UTC: dates only, no time zone). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The periods of a plan: for each year from `startYear` to `endYear`, 12 months, 4 quarters or
 * the year, each due `dueDays` after it ends.
 * @example reportingPeriods('QUARTERLY', 2021, 2021)[0] // { number: 1, startsOn: '2021-01-01', endsOn: '2021-03-31', dueOn: '2021-04-10', … }
 */
export function reportingPeriods(
  cadence: ReportingCadence,
  startYear: number,
  endYear: number,
  dueDays = DEFAULT_REPORT_DUE_DAYS,
): PeriodDates[] {
  const out: PeriodDates[] = [];
  const kind: PeriodKind = cadence === 'MONTHLY' ? 'MONTH' : cadence === 'QUARTERLY' ? 'QUARTER' : 'YEAR';
  const months = kind === 'MONTH' ? 1 : kind === 'QUARTER' ? 3 : 12;
  for (let year = startYear; year <= endYear; year++) {
    for (let number = 1; number <= 12 / months; number++) {
      const first = (number - 1) * months + 1;
      const last = first + months - 1;
      const startsOn = `${year}-${pad(first)}-01`;
      const endsOn = `${year}-${pad(last)}-${pad(lastDay(year, last))}`;
      out.push({ year, kind, number, startsOn, endsOn, opensOn: startsOn, dueOn: addDays(endsOn, dueDays) });
    }
  }
  return out;
}

/** A period's name as users say it: 2021年3月, 2021年第1季度, 2021年度. */
export function periodLabel(p: { year: number; kind: PeriodKind; number: number }): string {
  if (p.kind === 'MONTH') return `${p.year}年${p.number}月`;
  if (p.kind === 'QUARTER') return `${p.year}年第${p.number}季度`;
  return `${p.year}年度`;
}

/**
 * UPCOMING: not open yet; OPEN: reports on time; CLOSED: past due, late reports still accepted and
 * marked late; LOCKED: locked by the district admin, nothing changes until it is unlocked.
 */
export type PeriodState = 'UPCOMING' | 'OPEN' | 'CLOSED' | 'LOCKED';

export const PERIOD_STATE_LABEL: Record<PeriodState, string> = {
  UPCOMING: '未开始',
  OPEN: '填报中',
  CLOSED: '已逾期（仍可补报）',
  LOCKED: '已锁定',
};

/** The state of a period on `today` (YYYY-MM-DD, Chongqing). */
export function periodState(
  period: { opensOn: string; dueOn: string; locked: boolean },
  today: string,
): PeriodState {
  if (period.locked) return 'LOCKED';
  if (today < period.opensOn) return 'UPCOMING';
  return today <= period.dueOn ? 'OPEN' : 'CLOSED';
}

/** Whole days from `dueOn` to `on` (both YYYY-MM-DD); 0 when on time. */
export function daysLate(dueOn: string, on: string): number {
  const diff = (Date.parse(`${on}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000;
  return Math.max(0, Math.round(diff));
}

/** What 我的任务 shows for one duty in one period. */
export type TaskState = 'TODO' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED' | 'OVERDUE';

export const TASK_STATE_LABEL: Record<TaskState, string> = {
  TODO: '待填报',
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  RETURNED: '已退回',
  APPROVED: '已通过',
  OVERDUE: '逾期',
};

/**
 * A unit's task state for a period: nothing submitted past the due date is 逾期 (a draft too);
 * otherwise the report's status (submitted and resubmitted alike are 已提交).
 */
export function taskState(status: ReportStatus | null, period: PeriodState): TaskState {
  if (status === 'APPROVED') return 'APPROVED';
  if (status === 'SUBMITTED' || status === 'RESUBMITTED') return 'SUBMITTED';
  if (status === 'RETURNED') return 'RETURNED';
  if (period === 'CLOSED') return 'OVERDUE';
  return status === 'DRAFT' ? 'DRAFT' : 'TODO';
}
