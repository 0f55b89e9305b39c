import type { Warning, WarningCode, WarningSeverity } from '@skills/domain';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';

/** The warning codes of @skills/domain (rules.ts), as a GraphQL enum: rule findings and import reports. */
export enum RuleWarningCode {
  TOTAL_MISMATCH = 'TOTAL_MISMATCH',
  OF_WHICH_EXCEEDS_PARENT = 'OF_WHICH_EXCEEDS_PARENT',
  CEILING_EXCEEDED = 'CEILING_EXCEEDED',
  MINIMUM_NOT_MET = 'MINIMUM_NOT_MET',
  TARGET_GAP = 'TARGET_GAP',
  UNMATCHED_NAME = 'UNMATCHED_NAME',
  ALIAS_MATCH = 'ALIAS_MATCH',
  UNPARSED_TARGET = 'UNPARSED_TARGET',
  MIXED_UNITS = 'MIXED_UNITS',
  ROW_SKIPPED = 'ROW_SKIPPED',
  ROW_REMOVED = 'ROW_REMOVED',
  MANUAL_EDIT_OVERWRITTEN = 'MANUAL_EDIT_OVERWRITTEN',
}
registerEnumType(RuleWarningCode, {
  name: 'RuleWarningCode',
  description:
    '合计不符 TOTAL_MISMATCH / 其中项超过所属项 OF_WHICH_EXCEEDS_PARENT / 超过上限 CEILING_EXCEEDED / 低于最低目标 MINIMUM_NOT_MET / 目标缺口 TARGET_GAP / 名称未识别（已新建单位） UNMATCHED_NAME / 按别名或规范化名称识别 ALIAS_MATCH / 目标无法识别 UNPARSED_TARGET / ' +
    '目标单位不一致 MIXED_UNITS / 未导入的行 ROW_SKIPPED / 文件中已没有、已删除的记录 ROW_REMOVED / 手工修改已被文件覆盖 MANUAL_EDIT_OVERWRITTEN',
});

export enum RuleWarningSeverity {
  WARNING = 'WARNING',
  INFO = 'INFO',
}
registerEnumType(RuleWarningSeverity, {
  name: 'RuleWarningSeverity',
  description: '需要关注 WARNING / 仅供记录 INFO',
});

// Compile-time check that the enums list exactly the domain's codes and severities.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _codesMatch: Same<`${RuleWarningCode}`, WarningCode> = true;
const _severitiesMatch: Same<`${RuleWarningSeverity}`, WarningSeverity> = true;

/**
 * A finding of a domain rule (@skills/domain: reconcileTotal, checkOfWhich, checkCeiling…), with
 * the ids of what it is about. A warning is shown where users look; it never stops a read.
 */
@ObjectType({ description: '规则提示' })
export class RuleWarning {
  @Field(() => RuleWarningCode)
  code: RuleWarningCode;

  @Field(() => RuleWarningSeverity)
  severity: RuleWarningSeverity;

  @Field({ description: 'Simplified Chinese, naming the indicator, the district and both numbers.' })
  message: string;

  @Field(() => ID, { nullable: true })
  indicatorId: string | null;

  @Field(() => ID, { nullable: true, description: 'Null for a warning about a column total.' })
  districtId: string | null;

  @Field(() => Float, { nullable: true, description: 'The figure the rule expects (claim, limit, parent…).' })
  expected: number | null;

  @Field(() => Float, { nullable: true, description: 'The figure found.' })
  actual: number | null;
}

/** A domain warning with the ids of its indicator and district. */
export function toRuleWarning(
  warning: Warning,
  ids: { indicatorId?: string | null; districtId?: string | null },
): RuleWarning {
  return {
    code: warning.code as RuleWarningCode,
    severity: warning.severity as RuleWarningSeverity,
    message: warning.message,
    indicatorId: ids.indicatorId ?? null,
    districtId: ids.districtId ?? null,
    expected: warning.expected ?? null,
    actual: warning.actual ?? null,
  };
}
