import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authentication in one statement (issue 8): `app_session_viewer(token_hash)` returns the session,
 * its user and the user's grants for a live session token, or no row. It runs as the owner
 * (SECURITY DEFINER), which passes row-level security on user_grant, so the request needs neither
 * a transaction of its own nor the authenticator's `app.reads_all` scope to read the grants; the
 * only way in is the hash of a token the caller holds. The search_path is pinned (pg_temp last) so
 * that no object of the caller's can stand in for the tables. EXECUTE is revoked from PUBLIC and
 * granted to the application role by db/roles.ts (ensureAppRole).
 */
export class SessionViewer1795300000410 implements MigrationInterface {
  name = 'SessionViewer1795300000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_session_viewer(p_token_hash bytea)
        RETURNS TABLE (session_id uuid, user_id uuid, username text, display_name text, grants json)
        LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
        SELECT s.id, u.id, u.username, u.display_name,
               coalesce((SELECT json_agg(json_build_object('id', g.id, 'role', g.role,
                                  'districtId', g.district_id, 'organisationId', g.organisation_id)
                                ORDER BY g.created_at, g.id)
                           FROM public.user_grant g WHERE g.user_id = u.id), '[]'::json)
          FROM public.user_session s JOIN public.app_user u ON u.id = s.user_id
         WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
      $$;
      REVOKE EXECUTE ON FUNCTION app_session_viewer(bytea) FROM PUBLIC;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_session_viewer(bytea)`);
  }
}
