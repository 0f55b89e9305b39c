import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { District } from '../district/district.entity';
import { Indicator, Plan } from './plan.entity';
import { RuleWarning } from './warning.types';

@ObjectType({ description: '分配矩阵的一格：某区县某指标的目标值' })
export class AllocationCell {
  @Field(() => ID)
  indicatorId: string;

  @Field(() => Float, { nullable: true, description: 'Null: the document gives no figure.' })
  value: number | null;
}

@ObjectType({ description: '分配矩阵的一行：一个区县' })
export class AllocationRow {
  @Field(() => District)
  district: District;

  @Field(() => [AllocationCell], { description: 'One cell per indicator, in the order of `indicators`.' })
  cells: AllocationCell[];
}

@ObjectType({ description: '分配矩阵的一列合计' })
export class AllocationTotal {
  @Field(() => ID)
  indicatorId: string;

  @Field(() => Indicator)
  indicator: Indicator;

  @Field(() => Float, { description: 'Sum over the rows the viewer sees (empty cells count as 0).' })
  computed: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'The document’s 合计/总计 (a claim). Only for a viewer who sees every row: a partial sum cannot be compared with it.',
  })
  claimed: number | null;

  @Field(() => Float, { nullable: true, description: 'claimed − computed, when there is a claim.' })
  difference: number | null;
}

@ObjectType({ description: '目标分配矩阵：区县 × 指标' })
export class AllocationMatrix {
  @Field(() => Plan)
  plan: Plan;

  @Field(() => Int)
  year: number;

  @Field({
    description:
      'Whether the rows are every district of the plan (city viewers; the district of a district plan). Otherwise totals cover only the visible rows and claims are withheld.',
  })
  complete: boolean;

  @Field(() => [Indicator], { description: 'The columns, in the document’s order.' })
  indicators: Indicator[];

  @Field(() => [AllocationRow], { description: 'One row per district the viewer may see.' })
  rows: AllocationRow[];

  @Field(() => [AllocationTotal], { description: 'One total per indicator, in the order of `indicators`.' })
  totals: AllocationTotal[];

  @Field(() => [AllocationCell], {
    description: 'City-wide targets of the plan (no district), e.g. file 002.',
  })
  cityTargets: AllocationCell[];

  @Field(() => [RuleWarning], {
    description:
      'Findings of the domain rules over the visible rows: totals vs claims, "of which", ceilings.',
  })
  warnings: RuleWarning[];
}
