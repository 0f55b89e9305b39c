import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain model of docs/domain-model.md: districts, organisations and aliases, plans, indicators,
 * targets and claimed totals, duties with responsibility items, assignments and yearly targets, the
 * project-training catalogue, qualifications, assessment criteria, and import runs.
 * Every tenant table carries district_id so that row-level security needs no join.
 */
export class DomainModel1795300000000 implements MigrationInterface {
  name = 'DomainModel1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE district (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL UNIQUE,
        full_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('DISTRICT','COUNTY','NEW_AREA','DEVELOPMENT_ZONE')),
        rural_revitalisation_level text CHECK (rural_revitalisation_level IN ('NATIONAL','MUNICIPAL','REFERENCE')),
        rural_revitalisation_label text,
        sort_order int NOT NULL
      );

      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid REFERENCES district(id),
        name text NOT NULL CHECK (btrim(name) <> ''),
        name_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('GOVERNMENT_DEPARTMENT','MASS_ORGANISATION','ENTERPRISE','TRAINING_INSTITUTION','SUBDISTRICT_OR_TOWN','OTHER')),
        category text
      );
      CREATE UNIQUE INDEX organisation_name_key ON organisation (COALESCE(district_id, '00000000-0000-0000-0000-000000000000'::uuid), name_key);
      CREATE INDEX organisation_district ON organisation (district_id);

      CREATE TABLE organisation_alias (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
        district_id uuid REFERENCES district(id),
        alias text NOT NULL,
        alias_key text NOT NULL
      );
      CREATE UNIQUE INDEX organisation_alias_key ON organisation_alias (COALESCE(district_id, '00000000-0000-0000-0000-000000000000'::uuid), alias_key);
      CREATE INDEX organisation_alias_organisation ON organisation_alias (organisation_id);

      CREATE TABLE plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        document_number text,
        issuer text NOT NULL,
        level text NOT NULL CHECK (level IN ('CITY','DISTRICT')),
        district_id uuid REFERENCES district(id),
        start_year int NOT NULL,
        end_year int,
        cadence text NOT NULL CHECK (cadence IN ('MONTHLY','QUARTERLY','ANNUAL')),
        source text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'CITY') = (district_id IS NULL)),
        CHECK (end_year IS NULL OR end_year >= start_year)
      );
      CREATE INDEX plan_district ON plan (district_id);

      CREATE TABLE indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        code text NOT NULL,
        name text NOT NULL,
        unit text NOT NULL,
        parent_id uuid REFERENCES indicator(id),
        nature text NOT NULL CHECK (nature IN ('MINIMUM','CEILING','EXPECTED')),
        ceiling_ratio numeric CHECK (ceiling_ratio > 0 AND ceiling_ratio <= 1),
        ceiling_of_id uuid REFERENCES indicator(id),
        cumulative boolean NOT NULL DEFAULT false,
        basis text,
        sort_order int NOT NULL,
        UNIQUE (plan_id, code),
        CHECK ((nature = 'CEILING') = (ceiling_ratio IS NOT NULL AND ceiling_of_id IS NOT NULL))
      );

      CREATE TABLE target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        indicator_id uuid NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        district_id uuid REFERENCES district(id),
        year int NOT NULL,
        value numeric NOT NULL CHECK (value >= 0)
      );
      CREATE UNIQUE INDEX target_cell ON target (indicator_id, COALESCE(district_id, '00000000-0000-0000-0000-000000000000'::uuid), year);
      CREATE INDEX target_plan_year ON target (plan_id, year);
      CREATE INDEX target_district ON target (district_id);

      CREATE TABLE claimed_total (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        indicator_id uuid NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        year int NOT NULL,
        value numeric NOT NULL,
        source_file text NOT NULL,
        UNIQUE (indicator_id, year)
      );

      CREATE TABLE duty (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        list_kind text NOT NULL CHECK (list_kind IN ('DEPARTMENT','ENTERPRISE','INSTITUTION')),
        seq text NOT NULL,
        sort_order int NOT NULL,
        title text NOT NULL,
        target_text text,
        UNIQUE (plan_id, list_kind, seq)
      );
      CREATE INDEX duty_district ON duty (district_id);

      CREATE TABLE responsibility_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        duty_id uuid NOT NULL REFERENCES duty(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        seq int NOT NULL,
        text text NOT NULL,
        UNIQUE (duty_id, seq)
      );

      CREATE TABLE duty_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        duty_id uuid NOT NULL REFERENCES duty(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        role text NOT NULL CHECK (role IN ('LEAD','COOPERATING')),
        organisation_id uuid REFERENCES organisation(id),
        category text,
        assignee_text text NOT NULL,
        sort_order int NOT NULL,
        CHECK ((organisation_id IS NULL) <> (category IS NULL))
      );
      CREATE INDEX duty_assignment_duty ON duty_assignment (duty_id);
      CREATE INDEX duty_assignment_organisation ON duty_assignment (organisation_id);

      CREATE TABLE duty_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        duty_id uuid NOT NULL REFERENCES duty(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        year int NOT NULL,
        value numeric NOT NULL CHECK (value >= 0),
        unit text NOT NULL,
        indicator_id uuid REFERENCES indicator(id),
        UNIQUE (duty_id, year)
      );

      CREATE TABLE catalogue_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        seq int NOT NULL,
        occupation text NOT NULL,
        UNIQUE (plan_id, seq)
      );

      CREATE TABLE qualification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
        district_id uuid NOT NULL REFERENCES district(id),
        kind text NOT NULL CHECK (kind IN ('SCHOOL_LICENCE','CERTIFICATION_BODY','SUBSIDISED_CATALOGUE_LISTING','APPROVED_OCCUPATION','ASSESSMENT_GRADE')),
        number text,
        issuer text,
        valid_from date,
        valid_to date,
        status text NOT NULL CHECK (status IN ('PENDING_REVIEW','APPROVED','EXPIRED','REVOKED')),
        catalogue_entry_id uuid REFERENCES catalogue_entry(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      );
      CREATE INDEX qualification_organisation ON qualification (organisation_id);

      CREATE TABLE assessment_criterion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        district_id uuid REFERENCES district(id),
        name text NOT NULL,
        weight numeric NOT NULL CHECK (weight >= 0),
        method text NOT NULL CHECK (method IN ('COMPLETION_RATIO','MINIMUM_MET','CEILING_RESPECTED','CHECKLIST_DONE')),
        indicator_id uuid REFERENCES indicator(id),
        description text
      );

      CREATE TABLE import_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid REFERENCES plan(id) ON DELETE SET NULL,
        district_id uuid REFERENCES district(id),
        file_name text NOT NULL,
        checksum text NOT NULL,
        report jsonb NOT NULL,
        user_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE import_run, assessment_criterion, qualification, catalogue_entry, duty_target,
        duty_assignment, responsibility_item, duty, claimed_total, target, indicator, plan,
        organisation_alias, organisation, district;
    `);
  }
}
