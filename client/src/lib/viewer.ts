import { graphql } from '../gql';
import type { Role, ViewerFieldsFragment } from '../gql/graphql';

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    username
    displayName
    grants {
      id
      role
      districtId
      district {
        id
        name
      }
      organisationId
      organisation {
        id
        name
        kind
        category
      }
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export type Viewer = ViewerFieldsFragment;
export type ViewerGrant = Viewer['grants'][number];

export const ORGANISATION_ROLES: readonly Role[] = [
  'DEPARTMENT_HEAD',
  'INSTITUTION_ADMIN',
  'ENTERPRISE_ADMIN',
];
export const DISTRICT_ROLES: readonly Role[] = ['DISTRICT_ADMIN', 'VIEWER'];

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return viewer.grants.some((g) => roles.includes(g.role));
}

export const isCityAdmin = (viewer: Viewer) => hasRole(viewer, 'CITY_ADMIN');
/** City and district admins manage users. */
export const isAdmin = (viewer: Viewer) => hasRole(viewer, 'CITY_ADMIN', 'DISTRICT_ADMIN');
export const hasOrganisationRole = (viewer: Viewer) => hasRole(viewer, ...ORGANISATION_ROLES);
/** 操作日志: city and district admins and viewers (the server limits the districts). */
export const canReadAudit = (viewer: Viewer) => hasRole(viewer, 'CITY_ADMIN', 'DISTRICT_ADMIN', 'VIEWER');

/** The organisations of the viewer's organisation grants (each once). */
export function viewerOrganisations(viewer: Viewer): NonNullable<ViewerGrant['organisation']>[] {
  const seen = new Map<string, NonNullable<ViewerGrant['organisation']>>();
  for (const g of viewer.grants) {
    if (ORGANISATION_ROLES.includes(g.role) && g.organisation) seen.set(g.organisation.id, g.organisation);
  }
  return [...seen.values()];
}

/** The districts the viewer sees through district or organisation grants (each once). */
export function viewerDistricts(viewer: Viewer, roles?: readonly Role[]): { id: string; name: string }[] {
  const seen = new Map<string, { id: string; name: string }>();
  for (const g of viewer.grants) {
    if (roles && !roles.includes(g.role)) continue;
    if (g.district) seen.set(g.district.id, g.district);
  }
  return [...seen.values()];
}
