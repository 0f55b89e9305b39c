import { Tag } from 'antd';
import type { AssignmentRole } from '../gql/graphql';
import { ASSIGNMENT_ROLE_LABELS } from '../lib/labels';

/** 牵头 (bold, primary colour) or 配合. */
export function AssignmentRoleTag({ role, ...rest }: { role: AssignmentRole; 'data-cell'?: string }) {
  return role === 'LEAD' ? (
    <Tag color="blue" style={{ fontWeight: 700, marginInlineEnd: 0 }} {...rest}>
      {ASSIGNMENT_ROLE_LABELS.LEAD}
    </Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }} {...rest}>
      {ASSIGNMENT_ROLE_LABELS.COOPERATING}
    </Tag>
  );
}
