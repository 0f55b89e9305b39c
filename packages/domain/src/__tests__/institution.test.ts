import { describe, expect, it } from 'vitest';
import {
  ceilingCountOfClass,
  classActions,
  classApplicationProblems,
  completionProblems,
  countClass,
  expiryBucket,
  formatFen,
  maxAdvanceFen,
  nextClassStage,
  parseYuan,
  qualificationInForce,
  rollUpClasses,
  usccProblem,
  validityProblem,
  CERTIFICATE_KIND_LABELS,
  TRAINING_TYPE_LABELS,
  type CertificateKind,
  type CountedClass,
  type TrainingType,
} from '../institution';

describe('usccProblem — GB 32100-2015 check character', () => {
  it('accepts real codes and refuses a wrong check character, length or letter', () => {
    expect(usccProblem('9144030071526726XG')).toBeNull(); // 深圳市腾讯计算机系统有限公司
    expect(usccProblem('91110000802100433B')).toBeNull(); // 北京百度网讯科技有限公司
    expect(usccProblem('9144030071526726XH')).toMatch(/校验位/);
    expect(usccProblem('9144030071526726X')).toMatch(/18 位/);
    expect(usccProblem('9144030071526726IG')).toMatch(/大写字母/);
  });
});

describe('parseYuan / formatFen — integer fen, never floating point', () => {
  it('reads yuan exactly and refuses fractions of a fen', () => {
    expect(parseYuan('1,200.50')).toEqual({ ok: true, fen: 120050n });
    expect(parseYuan('0.1')).toEqual({ ok: true, fen: 10n });
    expect(parseYuan('12.300')).toEqual({ ok: true, fen: 1230n });
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in fen it is exact.
    expect(parseYuan('0.30')).toEqual({ ok: true, fen: 30n });
    expect(parseYuan('0.005').ok).toBe(false);
    expect(parseYuan('-5').ok).toBe(false);
    expect(parseYuan('').ok).toBe(false);
    expect(formatFen(123456789n)).toBe('1,234,567.89');
  });
  it('caps the advance at 20% of the subsidy, rounded down to the fen', () => {
    expect(maxAdvanceFen(1_000_00n)).toBe(200_00n);
    expect(maxAdvanceFen(99n)).toBe(19n);
  });
});

describe('qualification validity and expiry', () => {
  it('buckets 30/60/90 days and is expired only from the day after the end', () => {
    expect(expiryBucket('2026-06-30', '2026-06-30')).toBe('WITHIN_30_DAYS');
    expect(expiryBucket('2026-06-30', '2026-07-01')).toBe('EXPIRED');
    expect(expiryBucket('2026-07-31', '2026-07-01')).toBe('WITHIN_30_DAYS');
    expect(expiryBucket('2026-08-01', '2026-07-01')).toBe('WITHIN_60_DAYS');
    expect(expiryBucket('2026-09-29', '2026-07-01')).toBe('WITHIN_90_DAYS');
    expect(expiryBucket('2026-09-30', '2026-07-01')).toBeNull();
    expect(expiryBucket(null, '2026-07-01')).toBeNull();
  });
  it('counts an approved qualification on its last day, not the day after', () => {
    const q = { approved: true, validFrom: '2026-01-01', validTo: '2026-06-30' };
    expect(qualificationInForce(q, '2026-06-30')).toBe(true);
    expect(qualificationInForce(q, '2026-07-01')).toBe(false);
    expect(qualificationInForce(q, '2025-12-31')).toBe(false);
    expect(qualificationInForce({ ...q, approved: false }, '2026-03-01')).toBe(false);
  });
  it('refuses an end before the start and impossible dates', () => {
    expect(validityProblem('2026-01-01', '2025-12-31')).toMatch(/不能早于/);
    expect(validityProblem('2026-02-30', null)).toMatch(/无效/);
    expect(validityProblem('2026-01-01', '2026-01-01')).toBeNull();
  });
});

describe('the class state machine', () => {
  it('walks application → opening → completion → audit → settlement', () => {
    expect(nextClassStage('APPLIED', 'APPROVE_OPENING')).toBe('OPEN');
    expect(nextClassStage('APPLIED', 'RETURN_APPLICATION')).toBe('RETURNED');
    expect(nextClassStage('RETURNED', 'RESUBMIT')).toBe('APPLIED');
    expect(nextClassStage('OPEN', 'RECORD_ADVANCE')).toBe('OPEN');
    expect(nextClassStage('OPEN', 'RECORD_VISIT')).toBe('OPEN');
    expect(nextClassStage('OPEN', 'FILE_COMPLETION')).toBe('COMPLETION_FILED');
    expect(nextClassStage('COMPLETION_FILED', 'RETURN_COMPLETION')).toBe('OPEN');
    expect(nextClassStage('COMPLETION_FILED', 'AUDIT_COMPLETION')).toBe('AUDITED');
    expect(nextClassStage('AUDITED', 'RECORD_FINAL_SUBSIDY')).toBe('SETTLED');
  });
  it('refuses skipped stages', () => {
    expect(nextClassStage('APPLIED', 'FILE_COMPLETION')).toBeNull();
    expect(nextClassStage('APPLIED', 'RECORD_ADVANCE')).toBeNull();
    expect(nextClassStage('OPEN', 'AUDIT_COMPLETION')).toBeNull();
    expect(nextClassStage('OPEN', 'RECORD_FINAL_SUBSIDY')).toBeNull();
    expect(nextClassStage('SETTLED', 'RECORD_ADVANCE')).toBeNull();
    expect(classActions('SETTLED')).toEqual([]);
  });
});

describe('class input checks', () => {
  it('refuses a cohort of zero and an end before the start', () => {
    expect(
      classApplicationProblems({ plannedTrainees: 0, startsOn: '2026-03-01', endsOn: '2026-03-10' }),
    ).toEqual([{ field: 'plannedTrainees', message: '计划培训人数至少为 1 人' }]);
    expect(
      classApplicationProblems({ plannedTrainees: 10, startsOn: '2026-03-10', endsOn: '2026-03-01' })[0]
        ?.field,
    ).toBe('endsOn');
  });
  it('refuses a completion before opening, more certified than completed, more completed than planned', () => {
    const base = {
      plannedTrainees: 30,
      startsOn: '2026-03-01',
      traineesCompleted: 30,
      traineesCertified: 28,
    };
    expect(completionProblems({ ...base, today: '2026-03-20' })).toEqual([]);
    expect(completionProblems({ ...base, today: '2026-02-28' })[0]?.field).toBe('startsOn');
    expect(completionProblems({ ...base, traineesCertified: 31, today: '2026-03-20' })[0]?.field).toBe(
      'traineesCertified',
    );
    expect(completionProblems({ ...base, traineesCompleted: 31, today: '2026-03-20' })[0]?.field).toBe(
      'traineesCompleted',
    );
    expect(
      completionProblems({ ...base, traineesCompleted: 0, traineesCertified: 0, today: '2026-03-20' })[0]
        ?.field,
    ).toBe('traineesCompleted');
  });
});

const audited = (over: Partial<CountedClass>): CountedClass => ({
  trainingType: 'ENTERPRISE_SKILL_UPGRADING',
  enterpriseEmployees: true,
  advancedLevel: false,
  plannedTrainees: 40,
  traineesCompleted: 38,
  traineesCertified: 30,
  certificateKind: 'SKILL_LEVEL',
  openedOn: '2021-03-01',
  advancePaidOn: '2021-03-05',
  auditedOn: '2021-06-30',
  ...over,
});
const total = (c: CountedClass[], code: string, year: number) => rollUpClasses(c).get(`${code}|${year}`) ?? 0;

describe('counting rules of file 000 annex 1', () => {
  it('note 7: a class opened in 2020 and audited in 2021 counts in 2021, not 2020; unaudited counts nowhere', () => {
    const c = [audited({ openedOn: '2020-11-02', advancePaidOn: '2020-11-10', auditedOn: '2021-01-15' })];
    expect(total(c, 'ENTERPRISE_WORKER_TRAINING', 2021)).toBe(38);
    expect(total(c, 'ENTERPRISE_WORKER_TRAINING', 2020)).toBe(0);
    expect(rollUpClasses([audited({ auditedOn: null })]).size).toBe(0);
  });
  it('note 4: new apprenticeship counts at opening once the advance is paid, with the enrolled trainees', () => {
    const opened = audited({
      trainingType: 'NEW_APPRENTICESHIP',
      plannedTrainees: 25,
      auditedOn: null,
      traineesCompleted: null,
    });
    expect(total([opened], 'NEW_APPRENTICESHIP_TRAINING', 2021)).toBe(25);
    expect(total([opened], 'ENTERPRISE_WORKER_TRAINING', 2021)).toBe(25);
    expect(total([{ ...opened, advancePaidOn: null }], 'NEW_APPRENTICESHIP_TRAINING', 2021)).toBe(0);
    // Audited in the next year: still counted once, in the year of the advance.
    const later = { ...opened, auditedOn: '2022-02-01', traineesCompleted: 20 };
    expect(total([later], 'NEW_APPRENTICESHIP_TRAINING', 2021)).toBe(25);
    expect(total([later], 'NEW_APPRENTICESHIP_TRAINING', 2022)).toBe(0);
  });
  it('note 1: enterprise-employee training includes the enterprise employees of household-service classes', () => {
    const employees = audited({
      trainingType: 'HOUSEHOLD_SERVICE',
      enterpriseEmployees: true,
      traineesCompleted: 12,
    });
    const others = audited({
      trainingType: 'HOUSEHOLD_SERVICE',
      enterpriseEmployees: false,
      traineesCompleted: 9,
    });
    expect(total([employees, others], 'ENTERPRISE_WORKER_TRAINING', 2021)).toBe(12);
    expect(total([employees, others], 'HOUSEHOLD_SERVICE_TRAINING', 2021)).toBe(21);
    expect(
      total(
        [audited({ trainingType: 'ENTREPRENEURSHIP', enterpriseEmployees: true })],
        'ENTERPRISE_WORKER_TRAINING',
        2021,
      ),
    ).toBe(0);
  });
  it('note 6: post-training evaluation counts the three certificates, never a 培训合格证书 alone', () => {
    const classes = [
      audited({ certificateKind: 'SKILL_LEVEL', traineesCertified: 30 }),
      audited({ certificateKind: 'SPECIAL_ABILITY', traineesCertified: 5 }),
      audited({ certificateKind: 'VOCATIONAL_QUALIFICATION', traineesCertified: 2, advancedLevel: true }),
      audited({ certificateKind: 'TRAINING_ONLY', traineesCertified: 38 }),
    ];
    expect(total(classes, 'POST_TRAINING_CERTIFICATION', 2021)).toBe(37);
    expect(total(classes, 'SENIOR_LEVEL_AND_ABOVE', 2021)).toBe(2);
  });
  it('note 2: the 20% ceiling leaves out household-service enterprise employees and advanced-level training', () => {
    expect(
      ceilingCountOfClass(audited({ trainingType: 'HOUSEHOLD_SERVICE', enterpriseEmployees: true })),
    ).toBe(0);
    expect(
      ceilingCountOfClass(
        audited({ trainingType: 'HOUSEHOLD_SERVICE', enterpriseEmployees: false, advancedLevel: true }),
      ),
    ).toBe(0);
    expect(
      ceilingCountOfClass(audited({ trainingType: 'HOUSEHOLD_SERVICE', enterpriseEmployees: false })),
    ).toBe(38);
    expect(
      ceilingCountOfClass(audited({ trainingType: 'ENTREPRENEURSHIP', enterpriseEmployees: false })),
    ).toBe(38);
    expect(ceilingCountOfClass(audited({ trainingType: 'NEW_OCCUPATION' }))).toBe(0);
  });
  it('names the note behind each count', () => {
    expect(countClass(audited({})).map((c) => [c.indicatorCode, c.note])).toEqual([
      ['GUIDANCE_PLAN', '附件1备注7'],
      ['ENTERPRISE_WORKER_TRAINING', '附件1备注1、7'],
      ['POST_TRAINING_CERTIFICATION', '附件1备注6、7'],
    ]);
  });
});

describe('countClass adds up over classes that differ only in trainees and days of a year', () => {
  // The dashboards count the ledger grouped in SQL (server modules/institution/actuals.service.ts):
  // classes alike in type, flags, certificate, whether opened, and years of advance and audit are
  // one row with their trainees summed and one of their dates. That is only right while counting
  // is additive in the trainees — checked here over every type, certificate and flag.
  const types = Object.keys(TRAINING_TYPE_LABELS) as TrainingType[];
  const kinds = [...(Object.keys(CERTIFICATE_KIND_LABELS) as CertificateKind[]), null];
  const byKey = (c: CountedClass) => {
    const m = new Map<string, number>();
    for (const x of countClass(c))
      m.set(`${x.indicatorCode}|${x.year}`, (m.get(`${x.indicatorCode}|${x.year}`) ?? 0) + x.trainees);
    m.set('ceiling', ceilingCountOfClass(c));
    return new Map([...m].filter(([, v]) => v !== 0));
  };
  const add = (a: Map<string, number>, b: Map<string, number>) => {
    const out = new Map(a);
    for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
    return out;
  };
  it('over every type, certificate kind and flag', () => {
    let compared = 0;
    for (const trainingType of types)
      for (const certificateKind of kinds)
        for (const flags of [0, 1, 2, 3])
          for (const [completedA, completedB] of [
            [38, 12],
            [0, 7],
            [null, 5],
            [null, null],
          ] as const) {
            const base = audited({
              trainingType,
              certificateKind,
              enterpriseEmployees: (flags & 1) === 1,
              advancedLevel: (flags & 2) === 2,
            });
            const a = {
              ...base,
              plannedTrainees: 40,
              traineesCompleted: completedA,
              traineesCertified: completedA,
            };
            const b = {
              ...base,
              plannedTrainees: 25,
              traineesCompleted: completedB,
              traineesCertified: completedB === null ? null : completedB - 1,
              openedOn: '2021-04-20',
              advancePaidOn: '2021-11-02',
              auditedOn: '2021-12-30',
            };
            const sum = (x: number | null, y: number | null) =>
              x === null && y === null ? null : (x ?? 0) + (y ?? 0);
            const grouped: CountedClass = {
              ...a,
              plannedTrainees: a.plannedTrainees + b.plannedTrainees,
              traineesCompleted: sum(a.traineesCompleted, b.traineesCompleted),
              traineesCertified: sum(a.traineesCertified, b.traineesCertified),
            };
            expect(
              byKey(grouped),
              `${trainingType} ${certificateKind} ${flags} ${completedA}/${completedB}`,
            ).toEqual(add(byKey(a), byKey(b)));
            compared += 1;
          }
    expect(compared).toBe(types.length * kinds.length * 16);
  });
});
