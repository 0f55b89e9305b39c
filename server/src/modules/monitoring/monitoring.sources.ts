import { ActualSource } from './monitoring.types';

/**
 * The sources of actuals (docs/monitoring.md "Actuals"). Each is one SELECT returning
 * `(source, district_id, indicator_id, year, value, as_of, note)` for the parameters
 *   $1 indicator ids (uuid[]), $2 district ids (uuid[], NULL = every district), $3 first year, $4 last year,
 * and all are run as ONE statement (UNION ALL), so a dashboard costs the same statements whatever
 * the number of sources or rows. A new source (the training-class ledger: CLASS_LEDGER) appends
 * an entry here; the dashboards show every source apart and count OFFICIAL where present, else
 * the others summed in this list's order of preference (see `countedActual`).
 */
export interface ActualSourceQuery {
  source: ActualSource;
  sql: string;
}

/**
 * Approved reports: the latest APPROVED revision of each report of a LEAD assignment per
 * organisation and period (a category lead: each member's own report, added up), never the
 * cooperating units' reports (they contribute to the lead's consolidated figure). Summed over the
 * periods of the year, per duty target linked to the indicator. Read from `report_figure` (migration
 * ReportFigures: one row per assignment and year, kept by triggers), not from every report revision.
 * A revision without a value adds nothing (a duty with a numeric target cannot be submitted
 * without one: packages/domain checkReportValue).
 */
const REPORTS: ActualSourceQuery = {
  source: ActualSource.REPORTS,
  sql: `
    SELECT 'REPORTS'::text AS source, f.district_id, dt.indicator_id, f.year, sum(f.actual)::float8 AS value,
           NULL::text AS as_of, NULL::text AS note
      FROM report_figure f
      JOIN duty_assignment a ON a.id = f.assignment_id AND a.role = 'LEAD'
      JOIN duty_target dt ON dt.duty_id = a.duty_id AND dt.year = f.year
     WHERE f.actual IS NOT NULL AND dt.indicator_id = ANY ($1::uuid[])
       AND ($2::uuid[] IS NULL OR f.district_id = ANY ($2::uuid[]))
       AND f.year BETWEEN $3 AND $4
     GROUP BY f.district_id, dt.indicator_id, f.year`,
};

/** The district HR bureau's official statistics (official_statistic). */
const OFFICIAL: ActualSourceQuery = {
  source: ActualSource.OFFICIAL,
  sql: `
    SELECT 'OFFICIAL'::text, s.district_id, s.indicator_id, s.year, s.value::float8, s.as_of::text, s.note
      FROM official_statistic s
     WHERE s.indicator_id = ANY ($1::uuid[]) AND ($2::uuid[] IS NULL OR s.district_id = ANY ($2::uuid[]))
       AND s.year BETWEEN $3 AND $4`,
};

/**
 * The SQL sources, in order. The institutions' ledger (CLASS_LEDGER) is counted in TypeScript by
 * the documents' rules and joins them in monitoring.service.ts (institutionActuals).
 */
export const ACTUAL_SOURCES: readonly ActualSourceQuery[] = [REPORTS, OFFICIAL];

/**
 * Not an actual: the sum of the duty targets linked to each indicator (for TARGET_GAP), read in
 * the same statement as the actuals.
 */
export const LINKED_DUTY_TARGETS_SQL = `
    SELECT 'DUTY_TARGETS'::text, dt.district_id, dt.indicator_id, dt.year, sum(dt.value)::float8, NULL::text, NULL::text
      FROM duty_target dt
     WHERE dt.indicator_id = ANY ($1::uuid[]) AND ($2::uuid[] IS NULL OR dt.district_id = ANY ($2::uuid[]))
       AND dt.year BETWEEN $3 AND $4
     GROUP BY dt.district_id, dt.indicator_id, dt.year`;

/** One row of the actuals statement. */
export interface ActualRow {
  source: ActualSource | 'DUTY_TARGETS';
  district_id: string;
  indicator_id: string;
  year: number;
  value: number;
  as_of: string | null;
  note: string | null;
}

/** The single statement reading every source and the linked duty targets. */
export function actualsStatement(): string {
  return [...ACTUAL_SOURCES.map((s) => s.sql), LINKED_DUTY_TARGETS_SQL]
    .map((s) => `(${s})`)
    .join('\nUNION ALL\n');
}
