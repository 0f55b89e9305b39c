import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organisation, OrganisationCategory } from '../organisation/organisation.entity';
import { Plan } from '../plan/plan.entity';
import { AssignmentRole, Duty, DutyListKind } from './duty.entity';

@ObjectType({ description: '责任矩阵的一列：一个单位，或一类单位（如“各国有企业”）' })
export class ResponsibilityColumn {
  @Field(() => ID, { description: 'Key the cells refer to: the organisation id, or `category:<CATEGORY>`.' })
  key: string;

  @Field(() => Organisation, { nullable: true })
  organisation: Organisation | null;

  @Field(() => OrganisationCategory, { nullable: true, description: 'For a column of a whole category.' })
  category: OrganisationCategory | null;

  @Field({ description: 'Organisation name, or the category as the document writes it.' })
  label: string;

  @Field(() => Int)
  leadCount: number;

  @Field(() => Int)
  cooperatingCount: number;
}

@ObjectType({ description: '责任矩阵的一格：某列在某项重点工作中的角色' })
export class ResponsibilityCell {
  @Field(() => ID, { description: 'The `key` of the column.' })
  columnKey: string;

  @Field(() => AssignmentRole)
  role: AssignmentRole;

  @Field({ description: 'The assignee as the document writes it.' })
  assigneeText: string;
}

@ObjectType({ description: '责任矩阵的一行：一项重点工作' })
export class ResponsibilityRow {
  @Field(() => Duty, { description: 'seq, title, targetText, items, targets of the duty.' })
  duty: Duty;

  @Field(() => [ResponsibilityCell], { description: 'Only the assigned columns (lead or cooperating).' })
  cells: ResponsibilityCell[];
}

@ObjectType({ description: '责任矩阵：重点工作 × 单位' })
export class ResponsibilityMatrix {
  @Field(() => Plan)
  plan: Plan;

  @Field(() => DutyListKind)
  listKind: DutyListKind;

  @Field(() => [ResponsibilityColumn], {
    description: 'Organisations and categories assigned to any row, in order of first appearance.',
  })
  columns: ResponsibilityColumn[];

  @Field(() => [ResponsibilityRow], {
    description: 'Duties of the list the viewer may read, in the document’s order.',
  })
  rows: ResponsibilityRow[];

  @Field(() => Int, {
    description:
      'Duties the list has in the plan, counted whether or not the viewer may read them (more than the rows: some are not visible to this viewer).',
  })
  totalDutyCount: number;
}
