import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REFRESH_REPORT_FIGURES } from './1795300001600-report-figures';

/**
 * The due dates of an assignment's reported periods in `report_figure` (issue 8), in place of the
 * periods' ids, so that the dashboards count the periods due by a given day without matching ids:
 * - `submitted_due_on`: the due dates of the periods with a report that is not a draft, ascending;
 * - `on_time_due_on`: those of them with a report submitted on time, ascending.
 * The id arrays (`submitted_periods`, `on_time_periods`) had no other reader and are dropped.
 *
 * How many of them are due by day D (due_on < D) is `width_bucket(D - 1, dates)`, a binary search in
 * the row — the city ranking's 按时报送 criterion at 100× the data had counted 26,000 period ids
 * against the due periods of each plan (about 30 of the statement's 50 ms). Only periods of the
 * duty's own plan are listed, as the id-based count intersected with the plan's due periods did.
 *
 * A period's due date moves when its plan's due days change (modules/report/period.service.ts);
 * a statement-level trigger on reporting_period recomputes the figures of the assignments
 * reported in the periods whose due date changed.
 */
export class ReportFigureDueDates1795300001700 implements MigrationInterface {
  name = 'ReportFigureDueDates1795300001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE report_figure
        ADD COLUMN submitted_due_on date[] NOT NULL DEFAULT '{}',
        ADD COLUMN on_time_due_on date[] NOT NULL DEFAULT '{}',
        DROP COLUMN submitted_periods,
        DROP COLUMN on_time_periods;

      CREATE OR REPLACE FUNCTION app_refresh_report_figures(p_assignments uuid[]) RETURNS void
        LANGUAGE sql VOLATILE SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
        SELECT count(pg_advisory_xact_lock(hashtextextended('report_figure:' || a::text, 0)))
          FROM (SELECT DISTINCT a FROM unnest(p_assignments) AS a ORDER BY a) AS ids;
        DELETE FROM public.report_figure WHERE assignment_id = ANY (p_assignments);
        WITH r AS (
          SELECT r.id, r.assignment_id, r.organisation_id, r.period_id, r.revision, r.status, r.value,
                 r.late, rp.year, rp.due_on, rp.plan_id = d.plan_id AS own_plan
            FROM public.progress_report r
            JOIN public.reporting_period rp ON rp.id = r.period_id
            JOIN public.duty_assignment da ON da.id = r.assignment_id
            JOIN public.duty d ON d.id = da.duty_id
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
          SELECT assignment_id, year, period_id, bool_or(NOT late) AS on_time,
                 min(due_on) FILTER (WHERE own_plan) AS due_on
            FROM r GROUP BY assignment_id, year, period_id
        ),
        submitted AS (
          SELECT assignment_id, year,
                 coalesce(array_agg(due_on ORDER BY due_on) FILTER (WHERE due_on IS NOT NULL), '{}')
                   AS submitted_due_on,
                 coalesce(array_agg(due_on ORDER BY due_on) FILTER (WHERE on_time AND due_on IS NOT NULL), '{}')
                   AS on_time_due_on
            FROM periods GROUP BY assignment_id, year
        ),
        items AS (
          SELECT x.assignment_id, x.year, count(DISTINCT ri.responsibility_item_id)::int AS items_done
            FROM latest x JOIN public.progress_report_item ri ON ri.report_id = x.id
           WHERE btrim(ri.narrative) <> ''
           GROUP BY x.assignment_id, x.year
        )
        INSERT INTO public.report_figure
          (assignment_id, year, district_id, actual, items_done, submitted_due_on, on_time_due_on)
        SELECT s.assignment_id, s.year, a.district_id, act.actual, coalesce(i.items_done, 0),
               s.submitted_due_on, s.on_time_due_on
          FROM submitted s
          JOIN public.duty_assignment a ON a.id = s.assignment_id
          LEFT JOIN actuals act ON act.assignment_id = s.assignment_id AND act.year = s.year
          LEFT JOIN items i ON i.assignment_id = s.assignment_id AND i.year = s.year;
      $$;

      -- Transition tables cannot be combined with UPDATE OF a column: the function compares due_on.
      CREATE FUNCTION app_report_figures_of_periods() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        PERFORM app_refresh_report_figures(ARRAY(
          SELECT DISTINCT r.assignment_id
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN progress_report r ON r.period_id = n.id
           WHERE n.due_on IS DISTINCT FROM o.due_on));
        RETURN NULL;
      END $$;
      CREATE TRIGGER report_figure_on_period_update AFTER UPDATE ON reporting_period
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION app_report_figures_of_periods();

      SELECT app_refresh_report_figures(ARRAY(SELECT DISTINCT assignment_id FROM progress_report));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER report_figure_on_period_update ON reporting_period;
      DROP FUNCTION app_report_figures_of_periods();
      ALTER TABLE report_figure
        ADD COLUMN submitted_periods uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN on_time_periods uuid[] NOT NULL DEFAULT '{}';
      ${REFRESH_REPORT_FIGURES.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')}
      SELECT app_refresh_report_figures(ARRAY(SELECT DISTINCT assignment_id FROM progress_report));
      ALTER TABLE report_figure
        DROP COLUMN submitted_due_on,
        DROP COLUMN on_time_due_on,
        ALTER COLUMN submitted_periods DROP DEFAULT,
        ALTER COLUMN on_time_periods DROP DEFAULT;
    `);
  }
}
