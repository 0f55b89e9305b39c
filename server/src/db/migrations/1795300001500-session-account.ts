import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The viewer's own account in the authentication statement (issue 8): `app_session_viewer` also
 * returns the user's `created_at` and, for each grant, its `createdAt` and the district and
 * organisation it names (the rows the GraphQL types District and Organisation show), so that the
 * client's `{ viewer { … grants { district { name } organisation { name } } } }` — asked on every
 * page load — is answered from the session alone: no transaction, no further statement. Nothing
 * new is disclosed: a grant's own district and organisation are readable by its holder anyway.
 *
 * The result type changes, so the function is dropped and created again; db/roles.ts grants
 * EXECUTE to the application role on every start.
 */
export class SessionAccount1795300001500 implements MigrationInterface {
  name = 'SessionAccount1795300001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION app_session_viewer(bytea);
      CREATE FUNCTION app_session_viewer(p_token_hash bytea)
        RETURNS TABLE (session_id uuid, user_id uuid, username text, display_name text,
                       created_at timestamptz, grants json)
        LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
        SELECT s.id, u.id, u.username, u.display_name, u.created_at,
               coalesce((SELECT json_agg(json_build_object(
                                  'id', g.id, 'role', g.role, 'createdAt', g.created_at,
                                  'districtId', g.district_id, 'organisationId', g.organisation_id,
                                  'district', CASE WHEN d.id IS NOT NULL THEN json_build_object(
                                      'id', d.id, 'code', d.code, 'name', d.name,
                                      'fullName', d.full_name, 'kind', d.kind,
                                      'ruralRevitalisationLevel', d.rural_revitalisation_level,
                                      'ruralRevitalisationLabel', d.rural_revitalisation_label,
                                      'sortOrder', d.sort_order) END,
                                  'organisation', CASE WHEN o.id IS NOT NULL THEN json_build_object(
                                      'id', o.id, 'districtId', o.district_id, 'name', o.name,
                                      'nameKey', o.name_key, 'kind', o.kind,
                                      'category', o.category) END)
                                ORDER BY g.created_at, g.id)
                           FROM public.user_grant g
                           LEFT JOIN public.district d ON d.id = g.district_id
                           LEFT JOIN public.organisation o ON o.id = g.organisation_id
                          WHERE g.user_id = u.id), '[]'::json)
          FROM public.user_session s JOIN public.app_user u ON u.id = s.user_id
         WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
      $$;
      REVOKE EXECUTE ON FUNCTION app_session_viewer(bytea) FROM PUBLIC;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION app_session_viewer(bytea);
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
}
