import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables shared by the users' work (reporting, review, monitoring, institutions), created in one
 * migration so that every module builds on the same rows (docs/domain-model.md):
 *
 * - `audit_event`: who did what to which row, when, before and after. Append-only: the application
 *   role may INSERT and SELECT (within its scope) but has no UPDATE or DELETE policy, and the
 *   privilege is revoked too (db/roles.ts), so neither the API nor a bug can rewrite history.
 *   district_id NULL = a city-level event (city plans, city users).
 * - `reporting_period`: plan × (year, month | quarter | year), with the dates it opens and falls due,
 *   locked by the district admin. Only district plans have periods (duties belong to them).
 * - `progress_report`: one organisation's report on one duty assignment for one period. A
 *   correction after approval is a new revision (revision 2, 3 …) of the same assignment,
 *   organisation and period; `version` is the optimistic-concurrency counter of a revision.
 *   For an assignment to a category (企业/机构 lists), organisation_id is the reporting member.
 * - `progress_report_item`: the narrative of one responsibility item (责任清单条目) in a report.
 * - `evidence_file`: an uploaded file (report evidence, qualification evidence, class records),
 *   kept in PostgreSQL so that every API node can serve it; attached to its owner row by
 *   (owner_type, owner_id), served only to users who may read the owner.
 *
 * Row-level security uses the hoisted form (each function a scalar sub-select, evaluated once per
 * statement) and one policy per command (no overlapping FOR ALL policy evaluated on SELECT).
 */
export const WORK_TABLES = [
  'audit_event',
  'reporting_period',
  'progress_report',
  'progress_report_item',
  'evidence_file',
] as const;

const READ = `(SELECT app_is_owner()) OR (SELECT app_reads_all()) OR district_id = ANY ((SELECT app_read_districts())::uuid[])`;
const WRITE = `(SELECT app_is_owner()) OR district_id = ANY ((SELECT app_write_districts())::uuid[])`;

function districtPolicies(table: string): string {
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${READ});
    CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${WRITE});
    CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${WRITE}) WITH CHECK (${WRITE});
    CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${WRITE});
  `;
}

export class WorkFoundation1795300001000 implements MigrationInterface {
  name = 'WorkFoundation1795300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        actor_role text,
        actor_grant_id uuid,
        district_id uuid REFERENCES district(id),
        organisation_id uuid REFERENCES organisation(id) ON DELETE SET NULL,
        entity_type text NOT NULL,
        entity_id text,
        action text NOT NULL,
        before jsonb,
        after jsonb,
        reason text,
        request_id text
      );
      CREATE INDEX audit_event_district_time ON audit_event (district_id, occurred_at DESC, id DESC);
      CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id);

      CREATE TABLE reporting_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        kind text NOT NULL CHECK (kind IN ('MONTH', 'QUARTER', 'YEAR')),
        number int NOT NULL CHECK (number BETWEEN 1 AND 12),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        opens_on date NOT NULL,
        due_on date NOT NULL,
        locked_at timestamptz,
        locked_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        CONSTRAINT reporting_period_dates CHECK (starts_on <= ends_on AND opens_on <= due_on AND ends_on <= due_on),
        CONSTRAINT reporting_period_unique UNIQUE (plan_id, year, kind, number)
      );
      CREATE INDEX reporting_period_district ON reporting_period (district_id, due_on);

      CREATE TABLE progress_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        period_id uuid NOT NULL REFERENCES reporting_period(id) ON DELETE CASCADE,
        duty_id uuid NOT NULL REFERENCES duty(id) ON DELETE CASCADE,
        assignment_id uuid NOT NULL REFERENCES duty_assignment(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        revision int NOT NULL DEFAULT 1 CHECK (revision >= 1),
        status text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'RETURNED', 'RESUBMITTED', 'APPROVED')),
        value bigint CHECK (value >= 0),
        narrative text NOT NULL DEFAULT '',
        late boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        submitted_at timestamptz,
        reviewed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        reviewed_at timestamptz,
        review_reason text,
        CONSTRAINT progress_report_unique UNIQUE (assignment_id, organisation_id, period_id, revision)
      );
      CREATE INDEX progress_report_district_period ON progress_report (district_id, period_id, status);
      CREATE INDEX progress_report_duty ON progress_report (duty_id, period_id);
      CREATE INDEX progress_report_organisation ON progress_report (organisation_id, period_id);

      CREATE TABLE progress_report_item (
        report_id uuid NOT NULL REFERENCES progress_report(id) ON DELETE CASCADE,
        responsibility_item_id uuid NOT NULL REFERENCES responsibility_item(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        narrative text NOT NULL DEFAULT '',
        PRIMARY KEY (report_id, responsibility_item_id)
      );

      CREATE TABLE evidence_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        organisation_id uuid REFERENCES organisation(id),
        owner_type text NOT NULL,
        owner_id uuid,
        file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 200),
        content_type text NOT NULL,
        byte_size int NOT NULL CHECK (byte_size > 0),
        sha256 text NOT NULL,
        content bytea NOT NULL,
        uploaded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX evidence_file_owner ON evidence_file (owner_type, owner_id);
    `);
    for (const table of ['reporting_period', 'progress_report', 'progress_report_item', 'evidence_file']) {
      await q.query(districtPolicies(table));
    }
    // Audit events: read within the read scope (the service narrows to admins and viewers), written
    // by any signed-in actor for its own action, never updated or deleted (no policy for either).
    await q.query(`
      ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
      ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
      CREATE POLICY audit_event_read ON audit_event FOR SELECT USING (${READ});
      CREATE POLICY audit_event_insert ON audit_event FOR INSERT WITH CHECK (
        (SELECT app_is_owner()) OR district_id IS NULL OR (SELECT app_reads_all())
        OR district_id = ANY ((SELECT app_read_districts())::uuid[]));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE evidence_file, progress_report_item, progress_report, reporting_period, audit_event;
    `);
  }
}
