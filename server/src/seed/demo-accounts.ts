import { normaliseName } from '@skills/domain';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { Role } from '../auth/viewer';
import type { AppConfig } from '../config/env';
import { ensureAccount, type GrantSpec } from '../modules/user/accounts';

/** The password of every demo account (docs/auth.md "Demo accounts"). */
export const DEMO_PASSWORD = 'demo-2026';

/**
 * The institution and enterprise the demo accounts act for. The source documents name no
 * enterprise or training institution, so the reference data has none: these two are created in
 * 武隆区 when absent, marked （演示） so nobody takes them for real units.
 */
export const DEMO_INSTITUTION = {
  name: '武隆区职业技能培训学校（演示）',
  kind: 'TRAINING_INSTITUTION',
  category: 'PRIVATE_TRAINING_SCHOOL',
};
/** Project-based training (file 003) needs a district catalogue: only 大渡口区 has one in the documents. */
export const DEMO_DADUKOU_INSTITUTION = {
  name: '大渡口区职业技能培训学校（演示）',
  kind: 'TRAINING_INSTITUTION',
  category: 'PRIVATE_TRAINING_SCHOOL',
};
export const DEMO_ENTERPRISE = {
  name: '武隆区示范企业（演示）',
  kind: 'ENTERPRISE',
  category: 'OTHER_ENTERPRISE',
};

/** One demo account as docs/auth.md lists it. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Where the scope is: 全市, a district name, or "district / organisation". */
  scope: string;
}

interface Plan extends DemoAccount {
  grant: GrantSpec;
}

async function districtId(db: EntityManager, name: string): Promise<string> {
  const [row] = (await db.query(`SELECT id FROM district WHERE name = $1`, [name])) as { id: string }[];
  if (!row)
    throw new Error(
      `demo accounts: district ${name} not found — load the reference data (packages/source-data/reference/districts.csv) through the importer first`,
    );
  return row.id;
}

async function organisationId(
  db: EntityManager,
  district: string,
  districtName: string,
  name: string,
): Promise<string> {
  const [row] = (await db.query(`SELECT id FROM organisation WHERE district_id = $1 AND name_key = $2`, [
    district,
    normaliseName(name),
  ])) as { id: string }[];
  if (!row)
    throw new Error(
      `demo accounts: organisation ${districtName}${name} not found — load the reference data (packages/source-data/reference/organisations.csv) through the importer first`,
    );
  return row.id;
}

async function ensureDemoOrganisation(
  db: EntityManager,
  district: string,
  org: { name: string; kind: string; category: string },
): Promise<string> {
  const key = normaliseName(org.name);
  await db.query(
    `INSERT INTO organisation (district_id, name, name_key, kind, category)
     SELECT $1, $2, $3, $4, $5
      WHERE NOT EXISTS (SELECT 1 FROM organisation WHERE district_id = $1 AND name_key = $3)`,
    [district, org.name, key, org.kind, org.category],
  );
  const [row] = (await db.query(`SELECT id FROM organisation WHERE district_id = $1 AND name_key = $2`, [
    district,
    key,
  ])) as { id: string }[];
  return row!.id;
}

/**
 * Makes sure the demo accounts exist, one or more for every role (docs/auth.md lists them), all with
 * the password {@link DEMO_PASSWORD}. Idempotent: an existing account keeps its password and gains
 * only grants it lacks. Runs as the owner role (seed/seed.ts), after the reference data is loaded:
 * 武隆区, 北碚区 and their 区人力社保局 must exist, or it fails naming what is missing.
 *
 * Never in production: the caller checks `config.demoAccounts`, and this function refuses
 * NODE_ENV=production on its own as well (a second lock on a door with a known key).
 */
export async function ensureDemoAccounts(
  dataSource: DataSource,
  log: Logger,
  config?: Pick<AppConfig, 'NODE_ENV' | 'demoAccounts'>,
): Promise<DemoAccount[]> {
  const env = config?.NODE_ENV ?? process.env.NODE_ENV;
  if (env === 'production' || config?.demoAccounts === false) {
    log.warn('demo accounts are never created in production');
    return [];
  }
  return dataSource.transaction(async (db) => {
    const wulong = await districtId(db, '武隆区');
    const beibei = await districtId(db, '北碚区');
    const wulongHr = await organisationId(db, wulong, '武隆区', '区人力社保局');
    const beibeiHr = await organisationId(db, beibei, '北碚区', '区人力社保局');
    const institution = await ensureDemoOrganisation(db, wulong, DEMO_INSTITUTION);
    const enterprise = await ensureDemoOrganisation(db, wulong, DEMO_ENTERPRISE);
    const dadukou = await districtId(db, '大渡口区');
    const dadukouInstitution = await ensureDemoOrganisation(db, dadukou, DEMO_DADUKOU_INSTITUTION);

    const plans: Plan[] = [
      {
        username: 'demo-city',
        displayName: '市人力社保局（演示）',
        role: Role.CITY_ADMIN,
        scope: '全市',
        grant: { role: Role.CITY_ADMIN },
      },
      {
        username: 'demo-wulong-admin',
        displayName: '武隆区管理员（演示）',
        role: Role.DISTRICT_ADMIN,
        scope: '武隆区',
        grant: { role: Role.DISTRICT_ADMIN, districtId: wulong },
      },
      {
        username: 'demo-wulong-viewer',
        displayName: '武隆区审计（演示）',
        role: Role.VIEWER,
        scope: '武隆区',
        grant: { role: Role.VIEWER, districtId: wulong },
      },
      {
        username: 'demo-beibei-admin',
        displayName: '北碚区管理员（演示）',
        role: Role.DISTRICT_ADMIN,
        scope: '北碚区',
        grant: { role: Role.DISTRICT_ADMIN, districtId: beibei },
      },
      {
        username: 'demo-beibei-viewer',
        displayName: '北碚区审计（演示）',
        role: Role.VIEWER,
        scope: '北碚区',
        grant: { role: Role.VIEWER, districtId: beibei },
      },
      {
        username: 'demo-wulong-hr',
        displayName: '武隆区人力社保局负责人（演示）',
        role: Role.DEPARTMENT_HEAD,
        scope: '武隆区 / 区人力社保局',
        grant: { role: Role.DEPARTMENT_HEAD, organisationId: wulongHr },
      },
      {
        username: 'demo-beibei-hr',
        displayName: '北碚区人力社保局负责人（演示）',
        role: Role.DEPARTMENT_HEAD,
        scope: '北碚区 / 区人力社保局',
        grant: { role: Role.DEPARTMENT_HEAD, organisationId: beibeiHr },
      },
      {
        username: 'demo-wulong-institution',
        displayName: '培训学校管理员（演示）',
        role: Role.INSTITUTION_ADMIN,
        scope: `武隆区 / ${DEMO_INSTITUTION.name}`,
        grant: { role: Role.INSTITUTION_ADMIN, organisationId: institution },
      },
      {
        username: 'demo-wulong-enterprise',
        displayName: '企业管理员（演示）',
        role: Role.ENTERPRISE_ADMIN,
        scope: `武隆区 / ${DEMO_ENTERPRISE.name}`,
        grant: { role: Role.ENTERPRISE_ADMIN, organisationId: enterprise },
      },
      {
        username: 'demo-dadukou-admin',
        displayName: '大渡口区管理员（演示）',
        role: Role.DISTRICT_ADMIN,
        scope: '大渡口区',
        grant: { role: Role.DISTRICT_ADMIN, districtId: dadukou },
      },
      {
        username: 'demo-dadukou-institution',
        displayName: '大渡口区培训学校管理员（演示）',
        role: Role.INSTITUTION_ADMIN,
        scope: `大渡口区 / ${DEMO_DADUKOU_INSTITUTION.name}`,
        grant: { role: Role.INSTITUTION_ADMIN, organisationId: dadukouInstitution },
      },
    ];
    const created: string[] = [];
    for (const plan of plans) {
      const account = await ensureAccount(db, {
        username: plan.username,
        displayName: plan.displayName,
        password: DEMO_PASSWORD,
        grants: [plan.grant],
      });
      if (account.created) created.push(account.username);
    }
    log.info(
      { created, total: plans.length },
      `demo accounts ready (password ${DEMO_PASSWORD}, see docs/auth.md)`,
    );
    return plans.map(({ grant: _grant, ...account }) => account);
  });
}
