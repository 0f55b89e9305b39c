import type { OrganisationKind, Role } from '../gql/graphql';
import { ROLE_LABELS } from './labels';

/**
 * Which organisations each organisation role is offered for (docs/auth.md "The organisation's kind
 * must fit the role"). Only narrows the choice in the form: the server decides and answers.
 */
export const ROLE_ORGANISATION_KINDS: Partial<Record<Role, readonly OrganisationKind[]>> = {
  INSTITUTION_ADMIN: ['TRAINING_INSTITUTION'],
  ENTERPRISE_ADMIN: ['ENTERPRISE'],
  DEPARTMENT_HEAD: ['GOVERNMENT_DEPARTMENT', 'MASS_ORGANISATION', 'SUBDISTRICT_OR_TOWN', 'OTHER'],
};

/** What scope a role's grant names. */
export function scopeKindOf(role: Role | undefined): 'city' | 'district' | 'organisation' | null {
  if (!role) return null;
  if (role === 'CITY_ADMIN') return 'city';
  if (role === 'DISTRICT_ADMIN' || role === 'VIEWER') return 'district';
  return 'organisation';
}

/** What grantScope needs of a grant. */
export interface GrantLike {
  role: Role;
  district?: { name: string } | null;
  organisation?: { name: string } | null;
}

/** Scope of a grant in words: 全市, 武隆区, 武隆区 / 区人力社保局. */
export function grantScope(grant: GrantLike): string {
  if (grant.role === 'CITY_ADMIN') return '全市';
  const parts = [grant.district?.name, grant.organisation?.name].filter(Boolean);
  return parts.join(' / ') || '—';
}

/** 角色（范围）: 区县管理员（武隆区）. */
export function grantLabel(grant: GrantLike): string {
  return `${ROLE_LABELS[grant.role]}（${grantScope(grant)}）`;
}
