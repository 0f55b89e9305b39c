/**
 * Rules of training institutions and their classes (培训班), from the documents:
 * file 000 (2021年全市职业技能提升行动指导性计划) annex 1 notes 1–7 and annex 2, and file 003
 * (大渡口区 急需紧缺项目制职业技能培训, 渡人社发〔2022〕32号). Pure functions: the server enforces them,
 * the client shows the same answers. Dates are ISO `YYYY-MM-DD` strings (Chongqing dates), money is
 * integer fen as `bigint` (never floating point).
 */

// ---------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015)
// ---------------------------------------------------------------------------------------------

/** The 31 characters of GB 32100-2015 (no I, O, S, V, Z), in the order of their values 0–30. */
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17: 3^(i-1) mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The check character (position 18) of the first 17 characters of a unified social credit code,
 * or null when they are not 17 characters of the code's alphabet.
 * @example usccCheckCharacter('9144030071526726X') // 'G'
 */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET[check]!;
}

/** Why a unified social credit code is refused; null when it is valid. */
export function usccProblem(code: string): string | null {
  const c = code.trim().toUpperCase();
  if (c.length !== 18) return '统一社会信用代码应为 18 位';
  if (![...c].every((ch) => USCC_CHARSET.includes(ch))) {
    return '统一社会信用代码只能包含数字和除 I、O、S、V、Z 以外的大写字母';
  }
  if (usccCheckCharacter(c.slice(0, 17)) !== c[17]) return '统一社会信用代码校验位不正确（GB 32100-2015）';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Money: yuan as written ↔ integer fen
// ---------------------------------------------------------------------------------------------

export type YuanParse = { ok: true; fen: bigint } | { ok: false; message: string };

/**
 * Reads an amount in yuan (`"12345"`, `"12,345.60"`) as integer fen. More decimals than fen
 * (`"0.005"`) are refused, never rounded; so are negative and empty amounts.
 * @example parseYuan('1,200.50') // { ok: true, fen: 120050n }
 */
export function parseYuan(text: string): YuanParse {
  const t = text.trim().replace(/,/g, '');
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(t);
  if (!m) return { ok: false, message: `金额“${text}”不是有效的元金额（例如 12345.60）` };
  const decimals = (m[2] ?? '').replace(/0+$/, '');
  if (decimals.length > 2) return { ok: false, message: `金额“${text}”不能精确到分以下` };
  return { ok: true, fen: BigInt(m[1]!) * 100n + BigInt(decimals.padEnd(2, '0')) };
}

/** Fen as yuan with thousands separators and two decimals: 120050n → "1,200.50". */
export function formatFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${yuan}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The advance ceiling of file 003 (四、拨付培训补贴): at most 20% of the class's subsidy, in whole fen. */
export const ADVANCE_RATIO_PERCENT = 20n;

/** The largest advance for a class subsidy (rounded down to the fen). */
export function maxAdvanceFen(subsidyFen: bigint): bigint {
  return (subsidyFen * ADVANCE_RATIO_PERCENT) / 100n;
}

// ---------------------------------------------------------------------------------------------
// Qualifications: validity and expiry
// ---------------------------------------------------------------------------------------------

/** Days from `from` to `to` (ISO dates; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type ExpiryBucket = 'EXPIRED' | 'WITHIN_30_DAYS' | 'WITHIN_60_DAYS' | 'WITHIN_90_DAYS';

/**
 * Where a validity end date stands on `today`: EXPIRED from the day after it ends (the last day
 * still counts), else within 30, 60 or 90 days, else null (also for no end date).
 * @example expiryBucket('2026-06-30', '2026-07-01') // 'EXPIRED'
 */
export function expiryBucket(validTo: string | null, today: string): ExpiryBucket | null {
  if (!validTo) return null;
  const days = daysBetween(today, validTo);
  if (days < 0) return 'EXPIRED';
  if (days <= 30) return 'WITHIN_30_DAYS';
  if (days <= 60) return 'WITHIN_60_DAYS';
  if (days <= 90) return 'WITHIN_90_DAYS';
  return null;
}

/** Whether an approved qualification counts on `date`: from its first to its last valid day. */
export function qualificationInForce(
  q: { approved: boolean; validFrom: string | null; validTo: string | null },
  date: string,
): boolean {
  if (!q.approved) return false;
  if (q.validFrom && date < q.validFrom) return false;
  return !q.validTo || date <= q.validTo;
}

/** Why a validity period is refused; null when fine. */
export function validityProblem(validFrom: string | null, validTo: string | null): string | null {
  for (const d of [validFrom, validTo]) {
    if (d !== null && !isIsoDate(d)) return `日期“${d}”无效，应为 YYYY-MM-DD`;
  }
  if (validFrom && validTo && validTo < validFrom) return '有效期截止日期不能早于起始日期';
  return null;
}

/** Whether `d` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

// ---------------------------------------------------------------------------------------------
// Training classes (培训班): the stages and who moves them
// ---------------------------------------------------------------------------------------------

/**
 * Training types: the columns of file 000 annex 1 (企业职工培训 and the kinds note 1 lists, 新型学徒制,
 * 家服, 创业, 人力资源服务从业人员, 新职业) and file 003's three project types (项目制培训).
 */
export type TrainingType =
  | 'ENTERPRISE_PRE_JOB'
  | 'ENTERPRISE_SAFETY_SKILLS'
  | 'ENTERPRISE_GENERAL_QUALITY'
  | 'ENTERPRISE_SKILL_UPGRADING'
  | 'ENTERPRISE_WORK_FOR_TRAINING'
  | 'NEW_APPRENTICESHIP'
  | 'HOUSEHOLD_SERVICE'
  | 'ENTREPRENEURSHIP'
  | 'HR_SERVICE'
  | 'NEW_OCCUPATION'
  | 'PROJECT_KEY_GROUPS'
  | 'PROJECT_ENTERPRISE_EMPLOYEES'
  | 'PROJECT_HIGH_SKILL';

/** Chinese labels of the training types, as the documents write them. */
export const TRAINING_TYPE_LABELS: Record<TrainingType, string> = {
  ENTERPRISE_PRE_JOB: '企业职工岗前培训',
  ENTERPRISE_SAFETY_SKILLS: '安全技能培训',
  ENTERPRISE_GENERAL_QUALITY: '综合通用职业素质培训',
  ENTERPRISE_SKILL_UPGRADING: '岗位技能提升培训',
  ENTERPRISE_WORK_FOR_TRAINING: '以工代训',
  NEW_APPRENTICESHIP: '新型学徒制培训',
  HOUSEHOLD_SERVICE: '家服培训',
  ENTREPRENEURSHIP: '创业培训',
  HR_SERVICE: '人力资源服务从业人员培训',
  NEW_OCCUPATION: '新职业培训',
  PROJECT_KEY_GROUPS: '重点群体就业技能项目制培训',
  PROJECT_ENTERPRISE_EMPLOYEES: '企业职工岗位技能提升项目制培训',
  PROJECT_HIGH_SKILL: '高技能人才项目制培训',
};

/** The project types of file 003: their occupation must come from the district's catalogue. */
export function isProjectTraining(type: TrainingType): boolean {
  return type.startsWith('PROJECT_');
}

export type ClassStage = 'APPLIED' | 'RETURNED' | 'OPEN' | 'COMPLETION_FILED' | 'AUDITED' | 'SETTLED';

export const CLASS_STAGE_LABELS: Record<ClassStage, string> = {
  APPLIED: '开班申请待受理',
  RETURNED: '开班申请已退回',
  OPEN: '已开班',
  COMPLETION_FILED: '结业待审核',
  AUDITED: '结业审核通过',
  SETTLED: '补贴已结算',
};

export type ClassAction =
  | 'RESUBMIT'
  | 'APPROVE_OPENING'
  | 'RETURN_APPLICATION'
  | 'RECORD_VISIT'
  | 'RECORD_ADVANCE'
  | 'FILE_COMPLETION'
  | 'RETURN_COMPLETION'
  | 'AUDIT_COMPLETION'
  | 'RECORD_FINAL_SUBSIDY';

/** Who takes an action: the institution running the class, or the district (区就业和人才中心). */
export const CLASS_ACTION_ACTOR: Record<ClassAction, 'INSTITUTION' | 'DISTRICT'> = {
  RESUBMIT: 'INSTITUTION',
  FILE_COMPLETION: 'INSTITUTION',
  APPROVE_OPENING: 'DISTRICT',
  RETURN_APPLICATION: 'DISTRICT',
  RECORD_VISIT: 'DISTRICT',
  RECORD_ADVANCE: 'DISTRICT',
  RETURN_COMPLETION: 'DISTRICT',
  AUDIT_COMPLETION: 'DISTRICT',
  RECORD_FINAL_SUBSIDY: 'DISTRICT',
};

const TRANSITIONS: Record<ClassStage, Partial<Record<ClassAction, ClassStage>>> = {
  APPLIED: { APPROVE_OPENING: 'OPEN', RETURN_APPLICATION: 'RETURNED' },
  RETURNED: { RESUBMIT: 'APPLIED' },
  // 过程监管 and the advance happen while the class runs; they do not move it.
  OPEN: { RECORD_VISIT: 'OPEN', RECORD_ADVANCE: 'OPEN', FILE_COMPLETION: 'COMPLETION_FILED' },
  COMPLETION_FILED: {
    RECORD_VISIT: 'COMPLETION_FILED',
    RECORD_ADVANCE: 'COMPLETION_FILED',
    AUDIT_COMPLETION: 'AUDITED',
    RETURN_COMPLETION: 'OPEN',
  },
  AUDITED: { RECORD_FINAL_SUBSIDY: 'SETTLED' },
  SETTLED: {},
};

/**
 * The stage a class moves to by `action`, or null when the action is not allowed in `stage`
 * (the state machine of 受理开班申请 → 过程监管 → 结业审核 → 资金拨付, file 003 四).
 * @example nextClassStage('APPLIED', 'APPROVE_OPENING') // 'OPEN'
 */
export function nextClassStage(stage: ClassStage, action: ClassAction): ClassStage | null {
  return TRANSITIONS[stage][action] ?? null;
}

/** The actions allowed in a stage (what the client offers). */
export function classActions(stage: ClassStage): ClassAction[] {
  return Object.keys(TRANSITIONS[stage]) as ClassAction[];
}

// ---------------------------------------------------------------------------------------------
// Input checks of a class
// ---------------------------------------------------------------------------------------------

export type CertificateKind =
  'VOCATIONAL_QUALIFICATION' | 'SKILL_LEVEL' | 'SPECIAL_ABILITY' | 'TRAINING_ONLY';

export const CERTIFICATE_KIND_LABELS: Record<CertificateKind, string> = {
  VOCATIONAL_QUALIFICATION: '职业资格证书',
  SKILL_LEVEL: '职业技能等级证书',
  SPECIAL_ABILITY: '专项职业能力证书',
  TRAINING_ONLY: '培训合格证书',
};

/** A problem of an input field: the field and a message a person can act on. */
export interface InputProblem {
  field: string;
  message: string;
}

/** Checks a class application (开班申请); the empty list when fine. */
export function classApplicationProblems(a: {
  plannedTrainees: number;
  startsOn: string;
  endsOn: string;
}): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!Number.isInteger(a.plannedTrainees) || a.plannedTrainees < 1) {
    problems.push({ field: 'plannedTrainees', message: '计划培训人数至少为 1 人' });
  } else if (a.plannedTrainees > 100_000) {
    problems.push({ field: 'plannedTrainees', message: '计划培训人数不能超过 100,000 人' });
  }
  for (const field of ['startsOn', 'endsOn'] as const) {
    if (!isIsoDate(a[field])) problems.push({ field, message: `日期“${a[field]}”无效，应为 YYYY-MM-DD` });
  }
  if (!problems.length && a.endsOn < a.startsOn) {
    problems.push({ field: 'endsOn', message: '结束日期不能早于开班日期' });
  }
  return problems;
}

/** Checks a completion filing (结业申报) on `today`; the empty list when fine. */
export function completionProblems(c: {
  plannedTrainees: number;
  startsOn: string;
  traineesCompleted: number;
  traineesCertified: number;
  today: string;
}): InputProblem[] {
  const problems: InputProblem[] = [];
  if (c.today < c.startsOn) {
    problems.push({ field: 'startsOn', message: `培训班 ${c.startsOn} 才开班，开班前不能申报结业` });
  }
  if (!Number.isInteger(c.traineesCompleted) || c.traineesCompleted < 1) {
    problems.push({ field: 'traineesCompleted', message: '结业人数至少为 1 人' });
  } else if (c.traineesCompleted > c.plannedTrainees) {
    problems.push({
      field: 'traineesCompleted',
      message: `结业人数（${c.traineesCompleted}）不能超过计划培训人数（${c.plannedTrainees}）`,
    });
  }
  if (!Number.isInteger(c.traineesCertified) || c.traineesCertified < 0) {
    problems.push({ field: 'traineesCertified', message: '取证人数不能为负数' });
  } else if (c.traineesCertified > c.traineesCompleted) {
    problems.push({
      field: 'traineesCertified',
      message: `取证人数（${c.traineesCertified}）不能超过结业人数（${c.traineesCompleted}）`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Counting (file 000 annex 1 notes)
// ---------------------------------------------------------------------------------------------

/** What the counting rules read of a class. */
export interface CountedClass {
  trainingType: TrainingType;
  /** Whether the trainees are enterprise employees (note 1 for 家服 classes). */
  enterpriseEmployees: boolean;
  /** Whether the class trains at 高级工 level or above (always so for 高技能人才项目制培训). */
  advancedLevel: boolean;
  plannedTrainees: number;
  traineesCompleted: number | null;
  traineesCertified: number | null;
  certificateKind: CertificateKind | null;
  /** The day the opening was approved (受理开班申请). */
  openedOn: string | null;
  /** The day the advance subsidy was paid. */
  advancePaidOn: string | null;
  /** The day the completion audit passed (结业审核). */
  auditedOn: string | null;
}

/** One count of a class toward an indicator of file 000 (codes of the 2021 guidance plan). */
export interface ClassCount {
  indicatorCode: string;
  year: number;
  trainees: number;
  /** The note of file 000 annex 1 that decides this count. */
  note: string;
}

const ENTERPRISE_KINDS: readonly TrainingType[] = [
  'ENTERPRISE_PRE_JOB',
  'ENTERPRISE_SAFETY_SKILLS',
  'ENTERPRISE_GENERAL_QUALITY',
  'ENTERPRISE_SKILL_UPGRADING',
  'ENTERPRISE_WORK_FOR_TRAINING',
  'HR_SERVICE',
  'PROJECT_ENTERPRISE_EMPLOYEES',
];

const OWN_COLUMN: Partial<Record<TrainingType, string>> = {
  HOUSEHOLD_SERVICE: 'HOUSEHOLD_SERVICE_TRAINING',
  ENTREPRENEURSHIP: 'ENTREPRENEURSHIP_TRAINING',
  HR_SERVICE: 'HR_SERVICE_TRAINING',
  NEW_OCCUPATION: 'NEW_OCCUPATION_TRAINING',
};

/** Certificates that count as post-training evaluation (note 6): never a 培训合格证书 alone. */
export const EVALUATION_CERTIFICATES: readonly CertificateKind[] = [
  'VOCATIONAL_QUALIFICATION',
  'SKILL_LEVEL',
  'SPECIAL_ABILITY',
];

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Whether a class trains at 高级工 level or above. */
export function isAdvancedLevel(c: Pick<CountedClass, 'trainingType' | 'advancedLevel'>): boolean {
  return c.advancedLevel || c.trainingType === 'PROJECT_HIGH_SKILL';
}

/**
 * What a class adds to the indicators of file 000 annex 1, by the notes:
 * - note 7: a class counts in the year of its completion audit (opened 2020, audited 2021 → 2021),
 *   and not at all before it;
 * - note 4: new apprenticeship counts at opening, once the advance is paid, with the trainees
 *   enrolled, in the year the advance was paid (and so in 企业职工培训 and 目标计划 then too);
 * - note 1: 企业职工培训 includes its kinds, 新型学徒制, 人力资源培训 and the enterprise employees of
 *   家服 classes;
 * - note 6: 培训后鉴定评价 counts the certified trainees of these (subsidised) classes whose
 *   certificate is a 职业资格证书, 职业技能等级证书 or 专项职业能力证书, never a 培训合格证书 alone; of
 *   which 高级工以上 for classes at advanced level.
 */
export function countClass(c: CountedClass): ClassCount[] {
  const counts: ClassCount[] = [];
  if (c.trainingType === 'NEW_APPRENTICESHIP') {
    if (c.openedOn && c.advancePaidOn) {
      const year = yearOf(c.advancePaidOn);
      const trainees = c.plannedTrainees;
      counts.push({ indicatorCode: 'GUIDANCE_PLAN', year, trainees, note: '附件1备注4' });
      counts.push({ indicatorCode: 'ENTERPRISE_WORKER_TRAINING', year, trainees, note: '附件1备注1、4' });
      counts.push({ indicatorCode: 'NEW_APPRENTICESHIP_TRAINING', year, trainees, note: '附件1备注4' });
    }
  } else if (c.auditedOn && c.traineesCompleted) {
    const year = yearOf(c.auditedOn);
    const trainees = c.traineesCompleted;
    counts.push({ indicatorCode: 'GUIDANCE_PLAN', year, trainees, note: '附件1备注7' });
    const enterprise =
      ENTERPRISE_KINDS.includes(c.trainingType) ||
      (c.trainingType === 'HOUSEHOLD_SERVICE' && c.enterpriseEmployees);
    if (enterprise) {
      counts.push({ indicatorCode: 'ENTERPRISE_WORKER_TRAINING', year, trainees, note: '附件1备注1、7' });
    }
    const own = OWN_COLUMN[c.trainingType];
    if (own) counts.push({ indicatorCode: own, year, trainees, note: '附件1备注7' });
  }
  if (
    c.auditedOn &&
    c.traineesCertified &&
    c.certificateKind &&
    EVALUATION_CERTIFICATES.includes(c.certificateKind)
  ) {
    const year = yearOf(c.auditedOn);
    const trainees = c.traineesCertified;
    counts.push({ indicatorCode: 'POST_TRAINING_CERTIFICATION', year, trainees, note: '附件1备注6、7' });
    if (isAdvancedLevel(c)) {
      counts.push({ indicatorCode: 'SENIOR_LEVEL_AND_ABOVE', year, trainees, note: '附件1备注6、7' });
    }
  }
  return counts;
}

/**
 * The trainees of a class that count toward the 20% ceiling of 家服培训 and 创业培训 (note 2): the
 * enterprise employees of 家服 classes and training at 高级工 level or above are left out.
 * Zero for other types and for classes not yet counted (note 7).
 */
export function ceilingCountOfClass(c: CountedClass): number {
  if (c.trainingType !== 'HOUSEHOLD_SERVICE' && c.trainingType !== 'ENTREPRENEURSHIP') return 0;
  if (!c.auditedOn || !c.traineesCompleted) return 0;
  if (c.trainingType === 'HOUSEHOLD_SERVICE' && c.enterpriseEmployees) return 0;
  if (isAdvancedLevel(c)) return 0;
  return c.traineesCompleted;
}

/** Sum of {@link countClass} over classes, keyed `indicatorCode|year`. */
export function rollUpClasses(classes: CountedClass[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const c of classes) {
    for (const count of countClass(c)) {
      const key = `${count.indicatorCode}|${count.year}`;
      totals.set(key, (totals.get(key) ?? 0) + count.trainees);
    }
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Certification bodies (file 000 annex 2)
// ---------------------------------------------------------------------------------------------

/** 企业 or 社会培训评价组织: the two kinds of certification body annex 2 counts. */
export type CertificationBodyType = 'ENTERPRISE' | 'SOCIAL_ORGANISATION';

/** The annex-2 indicator a certification body counts toward. */
export const CERTIFICATION_BODY_INDICATOR: Record<CertificationBodyType, string> = {
  ENTERPRISE: 'ENTERPRISE_CERTIFICATION_BODIES',
  SOCIAL_ORGANISATION: 'SOCIAL_CERTIFICATION_BODIES',
};
