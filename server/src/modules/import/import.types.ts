import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DutyListKind } from '../duty/duty.entity';
import { RuleWarningCode, RuleWarningSeverity } from '../plan/warning.types';
import { ImportTableKind, type ImportResult } from './import.model';

registerEnumType(ImportTableKind, {
  name: 'ImportTableKind',
  description:
    '分配表 ALLOCATION（行为区县、列为指标、含合计行） / 责任清单 DUTY_LIST（序号、重点工作、责任清单、牵头单位、责任单位、目标任务） / ' +
    '任务清单 TASK_LIST（无牵头单位列：正文“X牵头”或责任单位中的第一个为牵头单位） / 指标表 INDICATOR_LIST（主要指标、年份列、属性） / ' +
    '项目制培训目录 CATALOGUE（序号、名称）。格式见 docs/import-formats.md。',
});

@ObjectType({ description: '导入提示：规则警告（WARNING，需要人核对）或记录（INFO）。' })
export class ImportWarning {
  @Field(() => RuleWarningCode)
  code: RuleWarningCode;

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
      code: w.code as RuleWarningCode,
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
