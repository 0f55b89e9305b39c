import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropPolicies, inReadDistricts, READS_ALL, tablePolicies } from '../rls';

/** Tenant tables of this migration (the start-up row-level security check, db/roles.ts). */
export const REPORT_FIGURE_TABLES = ['report_figure'] as const;

/**
 * The function that recomputes report_figure rows, as this migration created it (migration
 * ReportFigureDueDates replaces it and puts this one back in its `down`).
 */
export const REFRESH_REPORT_FIGURES = `
      CREATE FUNCTION app_refresh_report_figures(p_assignments uuid[]) RETURNS void
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
        SELECT count(pg_advisory_xact_lock(hashtextextended('report_figure:' || a::text, 0)))
          FROM (SELECT DISTINCT a FROM unnest(p_assignments) AS a ORDER BY a) AS ids;
        DELETE FROM public.report_figure WHERE assignment_id = ANY (p_assignments);
        WITH r AS (
          SELECT r.id, r.assignment_id, r.organisation_id, r.period_id, r.revision, r.status, r.value,
                 r.late, rp.year
            FROM public.progress_report r JOIN public.reporting_period rp ON rp.id = r.period_id
           WHERE r.assignment_id = ANY (p_assignments) AND r.status <> 'DRAFT'
        ),
        latest AS (
          SELECT DISTINCT ON (assignment_id, organisation_id, period_id) assignment_id, year, id, value
            FROM r WHERE status = 'APPROVED'
           ORDER BY assignment_id, organisation_id, period_id, revision DESC
        ),
        actuals AS (
          SELECT assignment_id, year, sum(value)::float8 AS actual FROM latest GROUP BY assignment_id, year
        ),
        periods AS (
          SELECT assignment_id, year, period_id, bool_or(NOT late) AS on_time
            FROM r GROUP BY assignment_id, year, period_id
        ),
        submitted AS (
          SELECT assignment_id, year, array_agg(period_id ORDER BY period_id) AS submitted_periods,
                 coalesce(array_agg(period_id ORDER BY period_id) FILTER (WHERE on_time), '{}') AS on_time_periods
            FROM periods GROUP BY assignment_id, year
        ),
        items AS (
          SELECT x.assignment_id, x.year, count(DISTINCT ri.responsibility_item_id)::int AS items_done
            FROM latest x JOIN public.progress_report_item ri ON ri.report_id = x.id
           WHERE btrim(ri.narrative) <> ''
           GROUP BY x.assignment_id, x.year
        )
        INSERT INTO public.report_figure
          (assignment_id, year, district_id, actual, submitted_periods, on_time_periods, items_done)
        SELECT s.assignment_id, s.year, a.district_id, act.actual, s.submitted_periods,
               s.on_time_periods, coalesce(i.items_done, 0)
          FROM submitted s
          JOIN public.duty_assignment a ON a.id = s.assignment_id
          LEFT JOIN actuals act ON act.assignment_id = s.assignment_id AND act.year = s.year
          LEFT JOIN items i ON i.assignment_id = s.assignment_id AND i.year = s.year;
      $$;
`;

/**
 * `report_figure`: what the dashboards need of an assignment's reports in one year, kept up to date
 * by triggers so that a dashboard reads one row per assignment instead of aggregating every report
 * revision and checklist item of the year (issue 8: at 100× the data the city dashboard's duty
 * figures aggregated 29,000 reports and 96,000 items per request, about half a second).
 *
 * One row per (assignment, year of the period) with at least one report that is not a draft:
 * - `actual`: the sum of the values of the latest APPROVED revision of each (organisation, period)
 *   (NULL when none is approved or none has a value);
 * - `submitted_periods`: the periods with a report that is not a draft; `on_time_periods`: those
 *   of them with a report submitted on time (`NOT late`);
 * - `items_done`: the checklist items with a narrative in those latest approved revisions
 *   (each item once).
 * The due and missed periods depend on the day, so the dashboards count them when they read
 * (modules/monitoring/scoring.service.ts, dutyFiguresSql).
 *
 * The rows are derived only: statement-level triggers on progress_report and progress_report_item
 * recompute the rows of every assignment a statement touched (set-based, one statement per
 * trigger), in a SECURITY DEFINER function, so the application role can read them (district
 * policies, as progress_report) but never write them. Concurrent writers of one assignment's
 * reports recompute in turn (advisory lock per assignment), each from the committed reports.
 */
export class ReportFigures1795300001600 implements MigrationInterface {
  name = 'ReportFigures1795300001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_figure (
        assignment_id uuid NOT NULL REFERENCES duty_assignment(id) ON DELETE CASCADE,
        year int NOT NULL,
        district_id uuid NOT NULL REFERENCES district(id),
        actual float8,
        submitted_periods uuid[] NOT NULL,
        on_time_periods uuid[] NOT NULL,
        items_done int NOT NULL,
        PRIMARY KEY (assignment_id, year)
      );
      CREATE INDEX report_figure_district_year ON report_figure (district_id, year);

      -- Recomputes the rows of the given assignments (every year), as the owner. Transactions that
      -- touch the same assignment take turns (an advisory lock per assignment, in id order), and
      -- each statement of a VOLATILE function reads a fresh snapshot: the second recomputes with the
      -- first's committed reports, never overwriting them with an older view.
      ${REFRESH_REPORT_FIGURES}
      REVOKE EXECUTE ON FUNCTION app_refresh_report_figures(uuid[]) FROM PUBLIC;

      CREATE FUNCTION app_report_figures_of_reports() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM app_refresh_report_figures(ARRAY(SELECT DISTINCT assignment_id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM app_refresh_report_figures(ARRAY(
            SELECT assignment_id FROM new_rows UNION SELECT assignment_id FROM old_rows));
        ELSE
          PERFORM app_refresh_report_figures(ARRAY(SELECT DISTINCT assignment_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_figure_on_insert AFTER INSERT ON progress_report
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_reports();
      CREATE TRIGGER report_figure_on_update AFTER UPDATE ON progress_report
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_reports();
      CREATE TRIGGER report_figure_on_delete AFTER DELETE ON progress_report
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_reports();

      CREATE FUNCTION app_report_figures_of_items() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM app_refresh_report_figures(ARRAY(
            SELECT DISTINCT r.assignment_id FROM new_rows x JOIN progress_report r ON r.id = x.report_id));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM app_refresh_report_figures(ARRAY(
            SELECT r.assignment_id FROM new_rows x JOIN progress_report r ON r.id = x.report_id
            UNION SELECT r.assignment_id FROM old_rows x JOIN progress_report r ON r.id = x.report_id));
        ELSE
          -- Items deleted with their report: the report's own trigger recomputes its assignment.
          PERFORM app_refresh_report_figures(ARRAY(
            SELECT DISTINCT r.assignment_id FROM old_rows x JOIN progress_report r ON r.id = x.report_id));
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_figure_on_item_insert AFTER INSERT ON progress_report_item
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_items();
      CREATE TRIGGER report_figure_on_item_update AFTER UPDATE ON progress_report_item
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_items();
      CREATE TRIGGER report_figure_on_item_delete AFTER DELETE ON progress_report_item
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_items();

      SELECT app_refresh_report_figures(ARRAY(SELECT DISTINCT assignment_id FROM progress_report));
    `);
    await q.query(
      tablePolicies('report_figure', { read: `${READS_ALL} OR ${inReadDistricts()}`, write: 'false' }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${dropPolicies('report_figure')}
      DROP TRIGGER report_figure_on_item_insert ON progress_report_item;
      DROP TRIGGER report_figure_on_item_update ON progress_report_item;
      DROP TRIGGER report_figure_on_item_delete ON progress_report_item;
      DROP TRIGGER report_figure_on_insert ON progress_report;
      DROP TRIGGER report_figure_on_update ON progress_report;
      DROP TRIGGER report_figure_on_delete ON progress_report;
      DROP FUNCTION app_report_figures_of_items();
      DROP FUNCTION app_report_figures_of_reports();
      DROP FUNCTION app_refresh_report_figures(uuid[]);
      DROP TABLE report_figure;
    `);
  }
}
