import { describe, expect, it } from 'vitest';
import {
  allowedReportActions,
  checkReportValue,
  checkReturnReason,
  daysLate,
  isReportEditable,
  nextReportStatus,
  periodLabel,
  periodState,
  reportingPeriods,
  taskState,
  type ReportAction,
  type ReportStatus,
} from '../reporting';

describe('report transitions', () => {
  const statuses: (ReportStatus | null)[] = [
    null,
    'DRAFT',
    'SUBMITTED',
    'RETURNED',
    'RESUBMITTED',
    'APPROVED',
  ];
  const actions: ReportAction[] = ['SAVE', 'SUBMIT', 'APPROVE', 'RETURN', 'REVISE'];

  it('follows draft → submitted → returned → resubmitted → approved, and nothing else', () => {
    const table = Object.fromEntries(
      statuses.map((s) => [String(s), Object.fromEntries(actions.map((a) => [a, nextReportStatus(s, a)]))]),
    );
    expect(table).toEqual({
      null: { SAVE: 'DRAFT', SUBMIT: null, APPROVE: null, RETURN: null, REVISE: null },
      DRAFT: { SAVE: 'DRAFT', SUBMIT: 'SUBMITTED', APPROVE: null, RETURN: null, REVISE: null },
      SUBMITTED: { SAVE: null, SUBMIT: null, APPROVE: 'APPROVED', RETURN: 'RETURNED', REVISE: null },
      RETURNED: { SAVE: 'RETURNED', SUBMIT: 'RESUBMITTED', APPROVE: null, RETURN: null, REVISE: null },
      RESUBMITTED: { SAVE: null, SUBMIT: null, APPROVE: 'APPROVED', RETURN: 'RETURNED', REVISE: null },
      APPROVED: { SAVE: null, SUBMIT: null, APPROVE: null, RETURN: null, REVISE: 'DRAFT' },
    });
  });

  it('locks an approved report and a report under review', () => {
    expect(isReportEditable('APPROVED')).toBe(false);
    expect(isReportEditable('SUBMITTED')).toBe(false);
    expect(isReportEditable('RETURNED')).toBe(true);
    expect(allowedReportActions('APPROVED')).toEqual(['REVISE']);
    expect(allowedReportActions('RESUBMITTED')).toEqual(['APPROVE', 'RETURN']);
  });
});

describe('report values', () => {
  const numeric = { numeric: true, unit: '人次' };
  it('accepts whole numbers from 0 to 1e9', () => {
    for (const v of [0, 1, 2000, 1_000_000_000]) expect(checkReportValue(v, numeric)).toBeNull();
  });
  it('refuses negative, fractional, absurd and non-numbers with a message', () => {
    expect(checkReportValue(-1, numeric)).toBe('完成数不能为负数');
    expect(checkReportValue(1.5, numeric)).toBe('完成数必须是整数');
    expect(checkReportValue(1e12, numeric)).toMatch(/不能超过 1,000,000,000/);
    expect(checkReportValue(Number.NaN, numeric)).toBe('完成数必须是数字');
  });
  it('allows an empty number in a draft but not on submission; no number where there is no target', () => {
    expect(checkReportValue(null, numeric)).toBeNull();
    expect(checkReportValue(null, numeric, true)).toBe('请填写本期完成数（人次）');
    expect(checkReportValue(null, { numeric: false }, true)).toBeNull();
    expect(checkReportValue(5, { numeric: false })).toMatch(/没有数量目标/);
  });
  it('requires a return reason', () => {
    expect(checkReturnReason('  ')).toBe('退回时必须填写退回原因');
    expect(checkReturnReason('数据不符')).toBeNull();
  });
});

describe('reporting calendar', () => {
  it('makes 12 months, 4 quarters or 1 year per plan year, due 10 days after the end by default', () => {
    expect(reportingPeriods('MONTHLY', 2019, 2021)).toHaveLength(36);
    const feb = reportingPeriods('MONTHLY', 2020, 2020)[1]!;
    expect(feb).toMatchObject({
      startsOn: '2020-02-01',
      endsOn: '2020-02-29',
      opensOn: '2020-02-01',
      dueOn: '2020-03-10',
    });
    const q4 = reportingPeriods('QUARTERLY', 2021, 2021)[3]!;
    expect(q4).toMatchObject({
      kind: 'QUARTER',
      number: 4,
      startsOn: '2021-10-01',
      endsOn: '2021-12-31',
      dueOn: '2022-01-10',
    });
    expect(reportingPeriods('ANNUAL', 2021, 2022, 30)).toEqual([
      {
        year: 2021,
        kind: 'YEAR',
        number: 1,
        startsOn: '2021-01-01',
        endsOn: '2021-12-31',
        opensOn: '2021-01-01',
        dueOn: '2022-01-30',
      },
      {
        year: 2022,
        kind: 'YEAR',
        number: 1,
        startsOn: '2022-01-01',
        endsOn: '2022-12-31',
        opensOn: '2022-01-01',
        dueOn: '2023-01-30',
      },
    ]);
    expect(periodLabel(q4)).toBe('2021年第4季度');
  });

  it('derives the state from today and the lock', () => {
    const p = { opensOn: '2021-01-01', dueOn: '2021-02-10', locked: false };
    expect(periodState(p, '2020-12-31')).toBe('UPCOMING');
    expect(periodState(p, '2021-01-01')).toBe('OPEN');
    expect(periodState(p, '2021-02-10')).toBe('OPEN');
    expect(periodState(p, '2021-02-11')).toBe('CLOSED');
    expect(periodState({ ...p, locked: true }, '2021-01-15')).toBe('LOCKED');
    expect(daysLate('2021-02-10', '2021-02-13')).toBe(3);
    expect(daysLate('2021-02-10', '2021-02-01')).toBe(0);
  });

  it('names the task state for 我的任务', () => {
    expect(taskState(null, 'OPEN')).toBe('TODO');
    expect(taskState(null, 'CLOSED')).toBe('OVERDUE');
    expect(taskState('DRAFT', 'CLOSED')).toBe('OVERDUE');
    expect(taskState('RESUBMITTED', 'CLOSED')).toBe('SUBMITTED');
    expect(taskState('RETURNED', 'OPEN')).toBe('RETURNED');
    expect(taskState('APPROVED', 'LOCKED')).toBe('APPROVED');
  });
});
