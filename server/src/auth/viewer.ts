import { registerEnumType } from 'type-graphql';
import type { District } from '../modules/district/district.entity';
import type { Organisation } from '../modules/organisation/organisation.entity';

/** The roles of docs/domain-model.md ("Who uses it"). */
export enum Role {
  CITY_ADMIN = 'CITY_ADMIN',
  DISTRICT_ADMIN = 'DISTRICT_ADMIN',
  DEPARTMENT_HEAD = 'DEPARTMENT_HEAD',
  INSTITUTION_ADMIN = 'INSTITUTION_ADMIN',
  ENTERPRISE_ADMIN = 'ENTERPRISE_ADMIN',
  VIEWER = 'VIEWER',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    '市人力社保局 CITY_ADMIN（全市） / 区县管理员 DISTRICT_ADMIN（一个区县） / 部门负责人 DEPARTMENT_HEAD（一个单位） / 培训机构管理员 INSTITUTION_ADMIN / 企业管理员 ENTERPRISE_ADMIN / 审计财政只读 VIEWER（一个区县）',
});

/** Roles whose scope is one organisation (which belongs to one district). */
export const ORGANISATION_ROLES: readonly Role[] = [
  Role.DEPARTMENT_HEAD,
  Role.INSTITUTION_ADMIN,
  Role.ENTERPRISE_ADMIN,
];
/** Roles whose scope is one district. */
export const DISTRICT_ROLES: readonly Role[] = [Role.DISTRICT_ADMIN, Role.VIEWER];

/**
 * One grant of a signed-in user: (role, scope). CITY_ADMIN has neither district nor organisation;
 * DISTRICT_ADMIN and VIEWER have a district; organisation roles have an organisation AND its district
 * (denormalised when the session is read, so scoping needs no lookup).
 */
export interface Grant {
  id: string;
  role: Role;
  districtId: string | null;
  organisationId: string | null;
}

/**
 * The viewer's own account as the session lookup read it (auth/authenticate.ts): each grant with
 * the district and organisation it names. It answers the `viewer` query without a statement.
 */
export interface ViewerAccount {
  createdAt: Date;
  grants: (Grant & {
    createdAt: Date;
    district: District | null;
    organisation: Organisation | null;
  })[];
}

/** The signed-in user of a request. */
export interface Viewer {
  userId: string;
  username: string;
  displayName: string;
  sessionId: string;
  grants: Grant[];
  /** Present when the viewer came from a session token (absent in tests that build a viewer). */
  account?: ViewerAccount;
}

/**
 * What a viewer may see and change, derived once per request from the grants. It is the only input
 * to row-level security (db/tenant.ts) and to service-level filters: never an argument of a query.
 */
export interface TenantScope {
  /** CITY_ADMIN: reads every district. */
  readsAllDistricts: boolean;
  /** CITY_ADMIN: writes city-level rows (city plans, their allocations, reference data). */
  writesCity: boolean;
  /** Districts whose rows the viewer may read (every district of a grant). */
  readableDistrictIds: string[];
  /** Districts whose rows the viewer may write (grants other than VIEWER). */
  writableDistrictIds: string[];
  /** Organisations the viewer acts for (organisation roles). */
  organisationIds: string[];
  /** Districts the viewer administers (DISTRICT_ADMIN). */
  adminDistrictIds: string[];
}

export const EMPTY_SCOPE: TenantScope = {
  readsAllDistricts: false,
  writesCity: false,
  readableDistrictIds: [],
  writableDistrictIds: [],
  organisationIds: [],
  adminDistrictIds: [],
};

const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];

/** Derives the scope of a viewer's grants (no viewer: nothing). */
export function scopeOf(viewer: Viewer | null): TenantScope {
  if (!viewer) return EMPTY_SCOPE;
  const grants = viewer.grants;
  const city = grants.some((g) => g.role === Role.CITY_ADMIN);
  return {
    readsAllDistricts: city,
    writesCity: city,
    readableDistrictIds: unique(grants.map((g) => g.districtId)),
    writableDistrictIds: unique(grants.filter((g) => g.role !== Role.VIEWER).map((g) => g.districtId)),
    organisationIds: unique(grants.map((g) => g.organisationId)),
    adminDistrictIds: unique(grants.filter((g) => g.role === Role.DISTRICT_ADMIN).map((g) => g.districtId)),
  };
}

/** Whether the viewer may read rows of `districtId` (null = city-level rows, readable by all signed-in users). */
export function canReadDistrict(scope: TenantScope, districtId: string | null): boolean {
  return districtId === null || scope.readsAllDistricts || scope.readableDistrictIds.includes(districtId);
}
