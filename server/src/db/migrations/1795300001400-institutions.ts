import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training institutions and enterprises (issue 12, docs/institutions.md):
 *
 * - `organisation` gains the profile an institution or enterprise admin keeps: the name as
 *   registered, address, contact, unified social credit code (GB 32100-2015, checked by the
 *   service), licence number, and a version for optimistic concurrency.
 * - `qualification` gains its scope (经营/培训范围), the kind of certification body annex 2 of file
 *   000 counts (ENTERPRISE / SOCIAL_ORGANISATION), the filing whose version is in force, and a
 *   version. A qualification row is the APPROVED version; a change is never written to it directly.
 * - `qualification_filing`: one filed version of a qualification (new or changed), waiting for the
 *   district's review: PENDING → APPROVED | RETURNED (with a reason). Every filing is kept, so the
 *   approved version and all earlier ones stay readable.
 * - `training_class`: the class ledger (培训班): application → opening → completion → audit →
 *   settlement (packages/domain institution.ts), with the subsidy in integer fen (bigint).
 * - `training_class_visit`: supervision visits (过程监管) of a class.
 *
 * Row-level security: hoisted policies, one per command (district_id NOT NULL on every table).
 */
export const INSTITUTION_TABLES = ['qualification_filing', 'training_class', 'training_class_visit'] as const;

const READ = `(SELECT app_is_owner()) OR (SELECT app_reads_all()) OR district_id = ANY ((SELECT app_read_districts())::uuid[])`;
const WRITE = `(SELECT app_is_owner()) OR district_id = ANY ((SELECT app_write_districts())::uuid[])`;

const TRAINING_TYPES = [
  'ENTERPRISE_PRE_JOB',
  'ENTERPRISE_SAFETY_SKILLS',
  'ENTERPRISE_GENERAL_QUALITY',
  'ENTERPRISE_SKILL_UPGRADING',
  'ENTERPRISE_WORK_FOR_TRAINING',
  'NEW_APPRENTICESHIP',
  'HOUSEHOLD_SERVICE',
  'ENTREPRENEURSHIP',
  'HR_SERVICE',
  'NEW_OCCUPATION',
  'PROJECT_KEY_GROUPS',
  'PROJECT_ENTERPRISE_EMPLOYEES',
  'PROJECT_HIGH_SKILL',
]
  .map((t) => `'${t}'`)
  .join(',');

export class Institutions1795300001400 implements MigrationInterface {
  name = 'Institutions1795300001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisation
        ADD COLUMN registered_name text,
        ADD COLUMN address text,
        ADD COLUMN contact_person text,
        ADD COLUMN contact_phone text,
        ADD COLUMN social_credit_code text CHECK (social_credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        ADD COLUMN licence_number text,
        ADD COLUMN profile_version int NOT NULL DEFAULT 1,
        ADD COLUMN profile_updated_at timestamptz;

      ALTER TABLE qualification
        ADD COLUMN scope text,
        ADD COLUMN certification_body_type text CHECK (certification_body_type IN ('ENTERPRISE','SOCIAL_ORGANISATION')),
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD CONSTRAINT qualification_body_type CHECK ((kind = 'CERTIFICATION_BODY') OR certification_body_type IS NULL);

      CREATE TABLE qualification_filing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
        qualification_id uuid REFERENCES qualification(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('SCHOOL_LICENCE','CERTIFICATION_BODY','SUBSIDISED_CATALOGUE_LISTING','APPROVED_OCCUPATION','ASSESSMENT_GRADE')),
        number text NOT NULL CHECK (btrim(number) <> ''),
        issuer text NOT NULL CHECK (btrim(issuer) <> ''),
        valid_from date NOT NULL,
        valid_to date,
        scope text,
        certification_body_type text CHECK (certification_body_type IN ('ENTERPRISE','SOCIAL_ORGANISATION')),
        catalogue_entry_id uuid REFERENCES catalogue_entry(id),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','RETURNED')),
        review_reason text,
        filed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        filed_at timestamptz NOT NULL,
        reviewed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        reviewed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        CONSTRAINT qualification_filing_validity CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT qualification_filing_body_type CHECK ((kind = 'CERTIFICATION_BODY') = (certification_body_type IS NOT NULL)),
        CONSTRAINT qualification_filing_occupation CHECK ((kind = 'APPROVED_OCCUPATION') = (catalogue_entry_id IS NOT NULL)),
        CONSTRAINT qualification_filing_returned_reason CHECK (status <> 'RETURNED' OR btrim(coalesce(review_reason, '')) <> '')
      );
      CREATE INDEX qualification_filing_district ON qualification_filing (district_id, status, filed_at);
      CREATE INDEX qualification_filing_organisation ON qualification_filing (organisation_id, filed_at DESC);
      CREATE INDEX qualification_filing_qualification ON qualification_filing (qualification_id, filed_at DESC);
      -- One open filing per qualification at a time: a second change waits for the first review.
      CREATE UNIQUE INDEX qualification_filing_one_pending ON qualification_filing (qualification_id) WHERE status = 'PENDING';
      ALTER TABLE qualification ADD COLUMN approved_filing_id uuid REFERENCES qualification_filing(id);

      CREATE TABLE training_class (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name text NOT NULL CHECK (btrim(name) <> ''),
        training_type text NOT NULL CHECK (training_type IN (${TRAINING_TYPES})),
        catalogue_entry_id uuid REFERENCES catalogue_entry(id),
        occupation text,
        planned_trainees int NOT NULL CHECK (planned_trainees BETWEEN 1 AND 100000),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        enterprise_employees boolean NOT NULL DEFAULT false,
        advanced_level boolean NOT NULL DEFAULT false,
        subsidy_fen bigint NOT NULL CHECK (subsidy_fen >= 0),
        stage text NOT NULL CHECK (stage IN ('APPLIED','RETURNED','OPEN','COMPLETION_FILED','AUDITED','SETTLED')),
        review_reason text,
        applied_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        applied_at timestamptz NOT NULL,
        opened_on date,
        advance_fen bigint CHECK (advance_fen >= 0),
        advance_paid_on date,
        trainees_completed int CHECK (trainees_completed >= 1),
        trainees_certified int CHECK (trainees_certified >= 0),
        certificate_kind text CHECK (certificate_kind IN ('VOCATIONAL_QUALIFICATION','SKILL_LEVEL','SPECIAL_ABILITY','TRAINING_ONLY')),
        completion_filed_on date,
        audited_on date,
        final_subsidy_fen bigint CHECK (final_subsidy_fen >= 0),
        final_paid_on date,
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_class_dates CHECK (ends_on >= starts_on),
        CONSTRAINT training_class_advance CHECK (advance_fen IS NULL OR advance_fen * 5 <= subsidy_fen),
        CONSTRAINT training_class_certified CHECK (trainees_certified IS NULL OR trainees_certified <= trainees_completed),
        CONSTRAINT training_class_completed CHECK (trainees_completed IS NULL OR trainees_completed <= planned_trainees),
        CONSTRAINT training_class_project CHECK (training_type NOT LIKE 'PROJECT\\_%' OR catalogue_entry_id IS NOT NULL)
      );
      CREATE INDEX training_class_district ON training_class (district_id, stage, applied_at DESC);
      CREATE INDEX training_class_organisation ON training_class (organisation_id, applied_at DESC);
      CREATE INDEX training_class_audited ON training_class (district_id, audited_on);

      CREATE TABLE training_class_visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        class_id uuid NOT NULL REFERENCES training_class(id) ON DELETE CASCADE,
        visited_on date NOT NULL,
        trainees_present int CHECK (trainees_present >= 0),
        finding text NOT NULL CHECK (btrim(finding) <> ''),
        recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX training_class_visit_class ON training_class_visit (class_id, visited_on);
    `);
    for (const table of INSTITUTION_TABLES) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${READ});
        CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${WRITE});
        CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${WRITE}) WITH CHECK (${WRITE});
        CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${WRITE});
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE training_class_visit, training_class;
      ALTER TABLE qualification DROP COLUMN approved_filing_id;
      DROP TABLE qualification_filing;
      ALTER TABLE qualification DROP CONSTRAINT qualification_body_type,
        DROP COLUMN scope, DROP COLUMN certification_body_type, DROP COLUMN version;
      ALTER TABLE organisation DROP COLUMN registered_name, DROP COLUMN address, DROP COLUMN contact_person,
        DROP COLUMN contact_phone, DROP COLUMN social_credit_code, DROP COLUMN licence_number,
        DROP COLUMN profile_version, DROP COLUMN profile_updated_at;
    `);
  }
}
