import type { ReadAccess } from '../../db/scoped';
import { categoryMatches } from '../../db/scoped';

/**
 * Who reads which reports, and who is expected to report on which duty, in SQL.
 *
 * Reading: the city every report; district admins and viewers their district's; an organisation its
 * own reports, and — where it LEADS the duty — the cooperating units' reports on that duty, so the
 * lead can consolidate (the duty's figure is the lead's, the contributions stay visible).
 */
export function reportVisibleCondition(alias: string, access: ReadAccess): [string, Record<string, unknown>] {
  if (access.all) return ['TRUE', {}];
  return [
    `(${alias}.district_id = ANY(CAST(:rvFull AS uuid[]))
      OR (${alias}.district_id = ANY(CAST(:rvDistricts AS uuid[]))
        AND (${alias}.organisation_id = ANY(CAST(:rvOrgs AS uuid[]))
          OR EXISTS (SELECT 1 FROM duty_assignment rvl
                      WHERE rvl.duty_id = ${alias}.duty_id AND rvl.role = 'LEAD'
                        AND rvl.organisation_id = ANY(CAST(:rvOrgs AS uuid[]))))))`,
    { rvFull: access.fullDistrictIds, rvDistricts: access.districtIds, rvOrgs: access.organisationIds },
  ];
}

/**
 * The expected reporters: one row per (duty, organisation) with the assignment the organisation
 * reports under — a direct assignment, or, on the enterprise and institution lists, an assignment to
 * its category (as duty visibility reads it, db/scoped.ts) — the LEAD one when it holds both.
 * `where` narrows the rows (aliases: a = duty_assignment, d = duty, o = organisation).
 * Columns: duty_id, assignment_id, role, organisation_id, district_id.
 */
export function expectedReporters(where = 'TRUE'): string {
  return `SELECT DISTINCT ON (a.duty_id, o.id)
                 a.duty_id, a.id AS assignment_id, a.role, o.id AS organisation_id, a.district_id
            FROM duty_assignment a
            JOIN duty d ON d.id = a.duty_id
            JOIN organisation o ON o.district_id = a.district_id
             AND (a.organisation_id = o.id
               OR (a.organisation_id IS NULL AND d.list_kind IN ('ENTERPRISE', 'INSTITUTION')
                   AND ${categoryMatches('a', 'o')}))
           WHERE ${where}
           ORDER BY a.duty_id, o.id, (a.role = 'LEAD') DESC, a.sort_order, a.id`;
}
