import type { DataSource } from 'typeorm';
import { Role, type Viewer } from '../../../auth/viewer';
import { normaliseName } from '@skills/domain';
import { seedTenants, type Tenants } from '../../../../test/support/fixtures';
import { ensureAccount } from '../../user/accounts';

/**
 * Fixture of the institution tests, on top of seedTenants (武隆区 and 北碚区 with users of every
 * role): a second institution in 武隆区 and one in 北碚区 with their admins, and a project-training
 * catalogue for each district (file 003's kind of list; the source documents give one only to
 * 大渡口区).
 */
export interface InstitutionFixture {
  t: Tenants;
  v: Record<
    | 'city'
    | 'wulongAdmin'
    | 'wulongViewer'
    | 'beibeiAdmin'
    | 'wulongHrHead'
    | 'school'
    | 'otherSchool'
    | 'beibeiSchool'
    | 'enterprise',
    Viewer
  >;
  orgs: { school: string; otherSchool: string; beibeiSchool: string; enterprise: string };
  catalogue: { wulongElectrician: string; wulongRobot: string; beibeiWelder: string };
  guidancePlanId: string;
}

async function org(ds: DataSource, districtId: string, name: string, kind: string): Promise<string> {
  const [row] = (await ds.query(
    `INSERT INTO organisation (district_id, name, name_key, kind, category) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      districtId,
      name,
      normaliseName(name),
      kind,
      kind === 'ENTERPRISE' ? 'OTHER_ENTERPRISE' : 'PRIVATE_TRAINING_SCHOOL',
    ],
  )) as { id: string }[];
  return row!.id;
}

async function admin(ds: DataSource, username: string, organisationId: string): Promise<Viewer> {
  const account = await ensureAccount(ds.manager, {
    username,
    displayName: username,
    password: 'fixture-pass-2026',
    grants: [{ role: Role.INSTITUTION_ADMIN, organisationId }],
  });
  return {
    userId: account.id,
    username,
    displayName: username,
    sessionId: '00000000-0000-0000-0000-000000000000',
    grants: account.grants.map((g) => ({ ...g })),
  };
}

async function catalogue(ds: DataSource, districtId: string, code: string, occupations: string[]) {
  const [plan] = (await ds.query(
    `INSERT INTO plan (code, title, issuer, level, district_id, start_year, end_year, cadence)
      VALUES ($1, '项目制培训目录（测试）', '区人力社保局', 'DISTRICT', $2, 2026, 2026, 'QUARTERLY') RETURNING id`,
    [code, districtId],
  )) as { id: string }[];
  const ids: string[] = [];
  for (const [i, occupation] of occupations.entries()) {
    const [row] = (await ds.query(
      `INSERT INTO catalogue_entry (plan_id, district_id, seq, occupation) VALUES ($1, $2, $3, $4) RETURNING id`,
      [plan!.id, districtId, i + 1, occupation],
    )) as { id: string }[];
    ids.push(row!.id);
  }
  return ids;
}

/** Seeds the fixture through the owner connection `ds` (a database cloned from SEEDED_TEMPLATE). */
export async function seedInstitutionFixture(ds: DataSource): Promise<InstitutionFixture> {
  const t = await seedTenants(ds);
  const wulong = t.districts.wulong.id;
  const beibei = t.districts.beibei.id;
  const otherSchool = await org(ds, wulong, '武隆区育才职业培训学校', 'TRAINING_INSTITUTION');
  const beibeiSchool = await org(ds, beibei, '北碚区缙云职业培训学校', 'TRAINING_INSTITUTION');
  const [wulongElectrician, wulongRobot] = await catalogue(ds, wulong, 'TEST-WULONG-CATALOGUE', [
    '电工',
    '工业机器人系统操作员',
  ]);
  const [beibeiWelder] = await catalogue(ds, beibei, 'TEST-BEIBEI-CATALOGUE', ['焊工']);
  const [plan] = (await ds.query(`SELECT id FROM plan WHERE code = 'CQ-2021-GUIDANCE'`)) as { id: string }[];
  return {
    t,
    v: {
      city: t.viewerOf(t.users.cityAdmin),
      wulongAdmin: t.viewerOf(t.users.wulongAdmin),
      wulongViewer: t.viewerOf(t.users.wulongViewer),
      beibeiAdmin: t.viewerOf(t.users.beibeiAdmin),
      wulongHrHead: t.viewerOf(t.users.wulongHrHead),
      school: t.viewerOf(t.users.wulongInstitutionAdmin),
      otherSchool: await admin(ds, 'wulong-other-school-admin', otherSchool),
      beibeiSchool: await admin(ds, 'beibei-school-admin', beibeiSchool),
      enterprise: t.viewerOf(t.users.wulongEnterpriseAdmin),
    },
    orgs: {
      school: t.organisations.wulongInstitution.id,
      otherSchool,
      beibeiSchool,
      enterprise: t.organisations.wulongEnterprise.id,
    },
    catalogue: {
      wulongElectrician: wulongElectrician!,
      wulongRobot: wulongRobot!,
      beibeiWelder: beibeiWelder!,
    },
    guidancePlanId: plan!.id,
  };
}

/** Error codes of a result, by top-level path. */
export function codes(result: {
  errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}) {
  return (result.errors ?? []).map((e) => String(e.extensions?.code));
}
