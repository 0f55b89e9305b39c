import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporting cycle's own rows (docs/reporting.md), beside the shared tables of WorkFoundation:
 *
 * - `plan.report_due_days`: how many days after a period ends its report is due (default 10),
 *   set per plan by its admins.
 * - `progress_report_event`: the history of a report: one row per version (a save, a submission, a
 *   return with its reason, an approval, a new revision), with the actor, the time and a snapshot of
 *   the report as it became. UNIQUE (report_id, version) makes a gap or a double impossible.
 *   Append-only: no UPDATE or DELETE policy.
 * - `reminder` (催办): a district admin's reminder to an organisation (optionally about a duty and
 *   a period); `reminder_read`: who of the organisation's users has read it, and when.
 *
 * Row-level security in the hoisted form (WorkFoundation): one policy per command.
 */
export const REPORTING_TABLES = ['progress_report_event', 'reminder', 'reminder_read'] as const;

const READ = `(SELECT app_is_owner()) OR (SELECT app_reads_all()) OR district_id = ANY ((SELECT app_read_districts())::uuid[])`;
const WRITE = `(SELECT app_is_owner()) OR district_id = ANY ((SELECT app_write_districts())::uuid[])`;

function policies(table: string, commands: ('update' | 'delete')[]): string {
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${READ});
    CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${WRITE});
    ${commands.includes('update') ? `CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${WRITE}) WITH CHECK (${WRITE});` : ''}
    ${commands.includes('delete') ? `CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${WRITE});` : ''}
  `;
}

export class Reporting1795300001100 implements MigrationInterface {
  name = 'Reporting1795300001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plan ADD COLUMN report_due_days int NOT NULL DEFAULT 10
        CONSTRAINT plan_report_due_days CHECK (report_due_days BETWEEN 0 AND 90);

      CREATE TABLE progress_report_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        report_id uuid NOT NULL REFERENCES progress_report(id) ON DELETE CASCADE,
        version int NOT NULL,
        revision int NOT NULL,
        action text NOT NULL CHECK (action IN ('SAVE', 'SUBMIT', 'APPROVE', 'RETURN', 'REVISE')),
        status text NOT NULL,
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        actor_name text,
        occurred_at timestamptz NOT NULL,
        reason text,
        snapshot jsonb NOT NULL,
        CONSTRAINT progress_report_event_version UNIQUE (report_id, version)
      );

      CREATE TABLE reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
        period_id uuid REFERENCES reporting_period(id) ON DELETE CASCADE,
        duty_id uuid REFERENCES duty(id) ON DELETE CASCADE,
        message text NOT NULL CHECK (char_length(message) BETWEEN 1 AND 500),
        sent_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        sent_at timestamptz NOT NULL
      );
      CREATE INDEX reminder_organisation ON reminder (organisation_id, sent_at DESC);
      CREATE INDEX reminder_period ON reminder (period_id, duty_id);

      CREATE TABLE reminder_read (
        reminder_id uuid NOT NULL REFERENCES reminder(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        read_at timestamptz NOT NULL,
        PRIMARY KEY (reminder_id, user_id)
      );
    `);
    await q.query(policies('progress_report_event', []));
    await q.query(policies('reminder', ['update', 'delete']));
    await q.query(policies('reminder_read', []));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE reminder_read, reminder, progress_report_event;
      ALTER TABLE plan DROP COLUMN report_due_days;
    `);
  }
}
