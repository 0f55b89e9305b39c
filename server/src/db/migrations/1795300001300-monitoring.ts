import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring and assessment (docs/monitoring.md):
 *
 * - `official_statistic`: the figure the district HR bureau enters for district × indicator ×
 *   year (统计数), with the date of the figure (`as_of`) and a note. Where present it is the actual
 *   that counts; the roll-up of approved reports is shown beside it. Tenant table (hoisted RLS).
 * - `plan.ceiling_reading`: how a ceiling shared by several indicators ("家服培训、创业培训，原则上不超过
 *   指导计划的20%") is read: EACH (every indicator alone), SUM (their sum) or EACH_AND_SUM. Set
 *   from the plan manifest (`ceilingReading`).
 * - `assessment_criterion`: method REPORTED_ON_TIME added. Weight and method already exist.
 * - `assessment_adjustment`: a manual adjustment (points, positive or negative) of one criterion's
 *   score for one district (organisation_id NULL: the district's score within the city, made by the
 *   city) or one organisation (its score within its district, made by the district admin), with a
 *   required reason. Tenant table; city writers may also write it (district scores are the city's).
 */
export const MONITORING_TABLES = ['official_statistic', 'assessment_adjustment'] as const;

const READ = `(SELECT app_is_owner()) OR (SELECT app_reads_all()) OR district_id = ANY ((SELECT app_read_districts())::uuid[])`;
const WRITE = `(SELECT app_is_owner()) OR district_id = ANY ((SELECT app_write_districts())::uuid[])`;
const WRITE_OR_CITY = `(SELECT app_is_owner()) OR (SELECT app_writes_city()) OR district_id = ANY ((SELECT app_write_districts())::uuid[])`;

function policies(table: string, write: string): string {
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${READ});
    CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${write});
    CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${write}) WITH CHECK (${write});
    CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${write});
  `;
}

export class Monitoring1795300001300 implements MigrationInterface {
  name = 'Monitoring1795300001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE official_statistic (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        indicator_id uuid NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        value numeric NOT NULL CHECK (value >= 0),
        note text NOT NULL DEFAULT '',
        as_of date NOT NULL,
        entered_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT official_statistic_unique UNIQUE (district_id, indicator_id, year)
      );
      CREATE INDEX official_statistic_plan ON official_statistic (plan_id, year);

      ALTER TABLE plan ADD COLUMN ceiling_reading text NOT NULL DEFAULT 'EACH'
        CHECK (ceiling_reading IN ('EACH', 'SUM', 'EACH_AND_SUM'));

      ALTER TABLE assessment_criterion DROP CONSTRAINT assessment_criterion_method_check;
      ALTER TABLE assessment_criterion ADD CONSTRAINT assessment_criterion_method_check
        CHECK (method IN ('COMPLETION_RATIO','MINIMUM_MET','CEILING_RESPECTED','REPORTED_ON_TIME','CHECKLIST_DONE'));

      CREATE TABLE assessment_adjustment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        criterion_id uuid NOT NULL REFERENCES assessment_criterion(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        organisation_id uuid REFERENCES organisation(id) ON DELETE CASCADE,
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        points numeric NOT NULL,
        reason text NOT NULL CHECK (char_length(btrim(reason)) BETWEEN 2 AND 500),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX assessment_adjustment_unique ON assessment_adjustment
        (criterion_id, district_id, COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), year);
      CREATE INDEX duty_target_indicator ON duty_target (indicator_id, year) WHERE indicator_id IS NOT NULL;
    `);
    await q.query(policies('official_statistic', WRITE));
    await q.query(policies('assessment_adjustment', WRITE_OR_CITY));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX duty_target_indicator;
      DROP TABLE assessment_adjustment, official_statistic;
      ALTER TABLE plan DROP COLUMN ceiling_reading;
      ALTER TABLE assessment_criterion DROP CONSTRAINT assessment_criterion_method_check;
      ALTER TABLE assessment_criterion ADD CONSTRAINT assessment_criterion_method_check
        CHECK (method IN ('COMPLETION_RATIO','MINIMUM_MET','CEILING_RESPECTED','CHECKLIST_DONE'));
    `);
  }
}
