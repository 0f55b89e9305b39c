import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * District duty upkeep (docs/domain-model.md "Duty upkeep"):
 *
 * - `duty.version`: optimistic concurrency of a duty and everything hanging off it (items,
 *   assignments, targets). Every manual edit runs `UPDATE duty … WHERE id = $1 AND version = $2`
 *   and answers CONFLICT when no row matched; an import that changes a duty raises it too, so an
 *   editor who loaded the duty before the import gets CONFLICT instead of overwriting the file.
 * - `duty.edited_at` / `edited_by`: the last manual edit since the last import that changed the
 *   duty. A re-import that overwrites such a duty says so in its report (MANUAL_EDIT_OVERWRITTEN)
 *   and clears them.
 * - `duty_target_change`: the history of a duty's yearly targets (who, when, old and new value and
 *   unit, reason; source MANUAL or IMPORT). Append-only for the application role: policies for
 *   SELECT and INSERT only (no UPDATE or DELETE policy, so both match no row). Rows go with their
 *   duty (ON DELETE CASCADE, which referential integrity runs past row-level security).
 *
 * Row-level security in the hoisted form (each function a scalar sub-select).
 */
export const UPKEEP_TABLES = ['duty_target_change'] as const;

const READ = `(SELECT app_is_owner()) OR (SELECT app_reads_all()) OR district_id = ANY ((SELECT app_read_districts())::uuid[])`;
const WRITE = `(SELECT app_is_owner()) OR district_id = ANY ((SELECT app_write_districts())::uuid[])`;

export class DutyUpkeep1795300001200 implements MigrationInterface {
  name = 'DutyUpkeep1795300001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE duty
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD COLUMN edited_at timestamptz,
        ADD COLUMN edited_by uuid REFERENCES app_user(id) ON DELETE SET NULL;

      CREATE TABLE duty_target_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        duty_id uuid NOT NULL REFERENCES duty(id) ON DELETE CASCADE,
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        old_value numeric CHECK (old_value >= 0),
        old_unit text,
        new_value numeric CHECK (new_value >= 0),
        new_unit text,
        reason text NOT NULL CHECK (char_length(btrim(reason)) > 0),
        source text NOT NULL CHECK (source IN ('MANUAL', 'IMPORT')),
        changed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT duty_target_change_something CHECK (old_value IS NOT NULL OR new_value IS NOT NULL)
      );
      CREATE INDEX duty_target_change_duty ON duty_target_change (duty_id, changed_at DESC, id DESC);

      ALTER TABLE duty_target_change ENABLE ROW LEVEL SECURITY;
      ALTER TABLE duty_target_change FORCE ROW LEVEL SECURITY;
      CREATE POLICY duty_target_change_read ON duty_target_change FOR SELECT USING (${READ});
      CREATE POLICY duty_target_change_insert ON duty_target_change FOR INSERT WITH CHECK (${WRITE});

      CREATE INDEX audit_event_time ON audit_event (occurred_at DESC, id DESC);
      CREATE INDEX audit_event_actor ON audit_event (actor_user_id, occurred_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX audit_event_actor;
      DROP INDEX audit_event_time;
      DROP TABLE duty_target_change;
      ALTER TABLE duty DROP COLUMN edited_by, DROP COLUMN edited_at, DROP COLUMN version;
    `);
  }
}
