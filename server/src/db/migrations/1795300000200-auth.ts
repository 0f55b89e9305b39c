import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, grants, sessions and sign-in attempts (docs/auth.md).
 *
 * - `app_user`: one person's account (`user` is a reserved word in SQL). Usernames are stored
 *   lower-case; the password only as an argon2id hash.
 * - `user_grant`: (user, role, scope). The CHECK ties the scope columns to the role: CITY_ADMIN has
 *   neither district nor organisation; DISTRICT_ADMIN and VIEWER a district; the organisation roles
 *   an organisation AND its district. The composite foreign key (organisation_id, district_id) →
 *   organisation (id, district_id) makes a grant whose district is not its organisation's
 *   impossible, whatever the service does; it also blocks moving an organisation to another
 *   district while grants name it (NO ACTION), so a grant never silently changes tenant.
 *   district_id is the tenant column for row-level security (the policy lives in the RLS migration).
 * - `user_session`: a sign-in. Only the SHA-256 of the token is stored, so a database leak yields no
 *   usable session. Revoked by sign-out, deactivation and password change; expires at expires_at.
 * - `login_attempt`: every sign-in attempt (the throttle in auth/rate-limit.ts counts FAILUREs per
 *   username and per address). No tenant: written outside the request transaction.
 */
export class Auth1795300000200 implements MigrationInterface {
  name = 'Auth1795300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        display_name text NOT NULL CHECK (btrim(display_name) <> '' AND char_length(display_name) <= 50),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        active boolean NOT NULL DEFAULT true,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The composite foreign key of user_grant needs (id, district_id) to be unique in organisation
      -- (it is: id alone is the primary key).
      CREATE UNIQUE INDEX organisation_id_district ON organisation (id, district_id);

      CREATE TABLE user_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('CITY_ADMIN','DISTRICT_ADMIN','VIEWER','DEPARTMENT_HEAD','INSTITUTION_ADMIN','ENTERPRISE_ADMIN')),
        district_id uuid REFERENCES district(id),
        organisation_id uuid,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_grant_scope CHECK (
          (role = 'CITY_ADMIN' AND district_id IS NULL AND organisation_id IS NULL)
          OR (role IN ('DISTRICT_ADMIN','VIEWER') AND district_id IS NOT NULL AND organisation_id IS NULL)
          OR (role IN ('DEPARTMENT_HEAD','INSTITUTION_ADMIN','ENTERPRISE_ADMIN')
              AND district_id IS NOT NULL AND organisation_id IS NOT NULL)
        ),
        CONSTRAINT user_grant_organisation_district FOREIGN KEY (organisation_id, district_id)
          REFERENCES organisation (id, district_id)
      );
      CREATE UNIQUE INDEX user_grant_unique ON user_grant (
        user_id, role,
        COALESCE(district_id, '00000000-0000-0000-0000-000000000000'::uuid),
        COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid)
      );
      CREATE INDEX user_grant_user ON user_grant (user_id);
      CREATE INDEX user_grant_district ON user_grant (district_id);
      CREATE INDEX user_grant_organisation ON user_grant (organisation_id);

      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text,
        CHECK (expires_at > created_at)
      );
      CREATE INDEX user_session_user ON user_session (user_id);

      CREATE TABLE login_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL,
        ip text,
        outcome text NOT NULL CHECK (outcome IN ('SUCCESS','FAILURE','LOCKED','INACTIVE')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempt_username ON login_attempt (username, created_at);
      CREATE INDEX login_attempt_ip ON login_attempt (ip, created_at);
      CREATE INDEX login_attempt_created ON login_attempt (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_attempt;
      DROP TABLE user_session;
      DROP TABLE user_grant;
      DROP INDEX organisation_id_district;
      DROP TABLE app_user;
    `);
  }
}
