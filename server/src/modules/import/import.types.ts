import type { WarningCode } from '@skills/domain';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DutyListKind } from '../duty/duty.entity';
import { RuleWarningSeverity } from '../plan/warning.types';
import {
  ImportTableKind,
  type ImportResult,
  type ImportWarningCode as ImportWarningCodeText,
} from './import.model';

registerEnumType(ImportTableKind, {
  name: 'ImportTableKind',
  description:
    '分配表 ALLOCATION（行为区县、列为指标、含合计行） / 责任清单 DUTY_LIST（序号、重点工作、责任清单、牵头单位、责任单位、目标任务） / ' +
    '任务清单 TASK_LIST（无牵头单位列：正文“X牵头”或责任单位中的第一个为牵头单位） / 指标表 INDICATOR_LIST（主要指标、年份列、属性） / ' +
    '项目制培训目录 CATALOGUE（序号、名称）。格式见 docs/import-formats.md。',
});

/** The warning codes of an import: the domain's codes and the import's own three (import.model.ts). */
export enum ImportWarningCode {
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
}
registerEnumType(ImportWarningCode, {
  name: 'ImportWarningCode',
  description:
    '合计不符 TOTAL_MISMATCH / 其中项超过所属项 OF_WHICH_EXCEEDS_PARENT / 超过上限 CEILING_EXCEEDED / 低于最低目标 MINIMUM_NOT_MET / ' +
    '目标缺口 TARGET_GAP / 名称未识别（已新建单位） UNMATCHED_NAME / 按别名或规范化名称识别 ALIAS_MATCH / 目标无法识别 UNPARSED_TARGET / ' +
    '目标单位不一致 MIXED_UNITS / 未导入的行 ROW_SKIPPED / 文件中已没有、已删除的记录 ROW_REMOVED',
});

// Compile-time check that the enum lists exactly the import's codes (domain codes included).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _codesMatch: Same<`${ImportWarningCode}`, ImportWarningCodeText> = true;
const _domainCodesIncluded: Same<Extract<`${ImportWarningCode}`, WarningCode>, WarningCode> = true;

@ObjectType({ description: '导入提示：规则警告（WARNING，需要人核对）或记录（INFO）。' })
export class ImportWarning {
  @Field(() => ImportWarningCode)
  code: ImportWarningCode;

  @Field(() => RuleWarningSeverity)
  severity: RuleWarningSeverity;

  @Field({
    description: 'Simplified Chinese, naming the row, indicator or unit, the district and both numbers.',
  })
  message: string;

  @Field(() => String, {
    nullable: true,
    description: 'The indicator (for name warnings: the name) as written.',
  })
  indicator: string | null;

  @Field(() => String, { nullable: true, description: 'The district as written.' })
  district: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The figure the rule expects (the claim, the limit, the parent).',
  })
  expected: number | null;

  @Field(() => Float, { nullable: true, description: 'The figure found.' })
  actual: number | null;

  @Field(() => Int, { nullable: true, description: 'Row of the file (header = 1) the warning is about.' })
  row: number | null;
}

@ObjectType({ description: '一个文件的导入结果。rowsRead = created + updated + unchanged + skipped。' })
export class ImportReport {
  @Field({ description: 'The file as the user named it.' })
  file: string;

  @Field(() => Int, { description: 'Data rows read (header not counted).' })
  rowsRead: number;

  @Field(() => Int, { description: 'Rows that created records.' })
  created: number;

  @Field(() => Int, { description: 'Rows that changed stored records.' })
  updated: number;

  @Field(() => Int, { description: 'Rows identical to what is stored.' })
  unchanged: number;

  @Field(() => Int, { description: 'Rows read but not imported (ROW_SKIPPED warnings say why).' })
  skipped: number;

  @Field(() => Int, {
    description:
      'Records of an earlier import of the same table that the file no longer has, deleted (ROW_REMOVED).',
  })
  removed: number;

  @Field(() => [ImportWarning])
  warnings: ImportWarning[];
}

/** A table file uploaded for import into an existing plan (the mutation's input). */
@InputType({ description: '上传一个表格文件（CSV 或 XLSX），导入已有计划。' })
export class ImportFileInput {
  @Field({ description: 'File name as on the user’s disk (.csv or .xlsx); used in messages.' })
  fileName: string;

  @Field({ description: 'The file’s bytes, base64-encoded (at most 10 MB decoded).' })
  contentBase64: string;

  @Field({ description: 'Code of the plan to import into (WULONG-2019).' })
  planCode: string;

  @Field(() => ImportTableKind)
  kind: ImportTableKind;

  @Field(() => Int, {
    nullable: true,
    description: 'ALLOCATION: year of the targets (default: the plan’s only year).',
  })
  year?: number | null;

  @Field(() => DutyListKind, {
    nullable: true,
    description: 'DUTY_LIST / TASK_LIST: which list (default DEPARTMENT).',
  })
  listKind?: DutyListKind | null;
}

/** The GraphQL shape of an import result. */
export function toImportReport(result: ImportResult): ImportReport {
  return {
    file: result.file,
    rowsRead: result.rowsRead,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    skipped: result.skipped,
    removed: result.removed,
    warnings: result.warnings.map((w) => ({
      code: w.code as ImportWarningCode,
      severity: w.severity as RuleWarningSeverity,
      message: w.message,
      indicator: w.indicator ?? null,
      district: w.district ?? null,
      expected: w.expected ?? null,
      actual: w.actual ?? null,
      row: w.row ?? null,
    })),
  };
}
