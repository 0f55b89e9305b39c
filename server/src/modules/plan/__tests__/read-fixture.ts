import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { TestDatabase } from '../../../../test/support/database';
import { Role, type Viewer } from '../../../auth/viewer';
import { AssessmentCriterion, AssessmentMethod } from '../../assessment/assessment.entity';
import { CatalogueEntry } from '../../catalogue/catalogue.entity';
import { District, DistrictKind, RuralRevitalisationLevel } from '../../district/district.entity';
import {
  AssignmentRole,
  Duty,
  DutyAssignment,
  DutyListKind,
  DutyTarget,
  ResponsibilityItem,
} from '../../duty/duty.entity';
import {
  Organisation,
  OrganisationAlias,
  OrganisationCategory,
  OrganisationKind,
} from '../../organisation/organisation.entity';
import {
  Qualification,
  QualificationKind,
  QualificationStatus,
} from '../../qualification/qualification.entity';
import {
  ClaimedTotal,
  Indicator,
  IndicatorNature,
  Plan,
  PlanLevel,
  ReportingCadence,
  Target,
} from '../plan.entity';

/**
 * A small world for the read API's tests, inserted directly with the entity manager:
 * three districts (武隆区, 北碚区, 大渡口区), a city plan with three indicators (目标计划; 家服培训,
 * at most 20% of 目标计划; 市级家服基地, "of which" 家服培训) allocated for 2021 with claimed
 * totals, and two district plans (武隆, 北碚) with duties on all three lists, items, assignments to
 * organisations and to categories, yearly targets, catalogue entries, qualifications and
 * assessment criteria.
 *
 * Allocation 2021 (目标计划 / 家服培训 / 市级家服基地):
 * - 武隆区 1000 / 150 / 100: no warning
 * - 北碚区 9700 / 2500 / 300: 家服培训 above 20% of 9700 (CEILING_EXCEEDED)
 * - 大渡口区 2000 / 300 / 400: 市级家服基地 above 家服培训 (OF_WHICH_EXCEEDS_PARENT)
 * - claims 12700 / 3000 / 800: 家服培训 computes to 2950 (TOTAL_MISMATCH)
 *
 * Duties of 武隆 (who is assigned):
 * - dept 一 培训: 区人力社保局 LEAD, 区教委 COOPERATING
 * - dept 二 学校: 区教委 LEAD, category INDUSTRY_AUTHORITIES COOPERATING
 * - enterprise 1 国企培训: category STATE_OWNED_ENTERPRISE LEAD
 * - enterprise 2 企业直派: 武隆民营企业 LEAD
 * - institution 1 机构培训: category ALL_TRAINING_INSTITUTIONS LEAD
 * Duty of 北碚: dept 一 北碚培训: 北碚区人力社保局 LEAD
 */
export async function seedReadFixture(dataSource: DataSource) {
  return dataSource.transaction(async (m) => {
    const districts = {
      wulong: await district(m, '500156', '武隆区', 30, RuralRevitalisationLevel.MUNICIPAL),
      beibei: await district(m, '500109', '北碚区', 9, null),
      dadukou: await district(m, '500104', '大渡口区', 3, null),
    };
    const { wulong, beibei } = districts;

    const orgs = {
      cityHr: await organisation(m, null, '市人力社保局', OrganisationKind.GOVERNMENT_DEPARTMENT, null),
      wlHr: await organisation(m, wulong.id, '区人力社保局', OrganisationKind.GOVERNMENT_DEPARTMENT, null, [
        '区人社局',
      ]),
      wlEdu: await organisation(m, wulong.id, '区教委', OrganisationKind.GOVERNMENT_DEPARTMENT, null, [
        '区教育委员会',
      ]),
      wlSoe: await organisation(
        m,
        wulong.id,
        '武隆国有企业',
        OrganisationKind.ENTERPRISE,
        OrganisationCategory.STATE_OWNED_ENTERPRISE,
      ),
      wlPrivate: await organisation(
        m,
        wulong.id,
        '武隆民营企业',
        OrganisationKind.ENTERPRISE,
        OrganisationCategory.OTHER_ENTERPRISE,
      ),
      wlSchool: await organisation(
        m,
        wulong.id,
        '武隆职业培训学校',
        OrganisationKind.TRAINING_INSTITUTION,
        OrganisationCategory.PRIVATE_TRAINING_SCHOOL,
      ),
      bbHr: await organisation(m, beibei.id, '区人力社保局', OrganisationKind.GOVERNMENT_DEPARTMENT, null, [
        '区人社局',
      ]),
      bbSchool: await organisation(
        m,
        beibei.id,
        '北碚职业培训学校',
        OrganisationKind.TRAINING_INSTITUTION,
        OrganisationCategory.PRIVATE_TRAINING_SCHOOL,
      ),
    };

    const cityPlan = await plan(
      m,
      'CQ-2021-GUIDANCE',
      '2021年全市职业技能提升行动指导性计划',
      null,
      2021,
      2021,
    );
    const total = await indicator(m, cityPlan.id, 'TOTAL', '目标计划', 0);
    const household = await indicator(m, cityPlan.id, 'HOUSEHOLD', '家服培训', 1, {
      nature: IndicatorNature.CEILING,
      ceilingOfId: total.id,
      ceilingRatio: 0.2,
    });
    const householdBase = await indicator(m, cityPlan.id, 'HOUSEHOLD_BASE', '市级家服基地', 2, {
      parentId: household.id,
    });
    const allocation: [District, number, number, number][] = [
      [districts.wulong, 1000, 150, 100],
      [districts.beibei, 9700, 2500, 300],
      [districts.dadukou, 2000, 300, 400],
    ];
    for (const [d, a, b, c] of allocation) {
      await target(m, cityPlan.id, total.id, d.id, 2021, a);
      await target(m, cityPlan.id, household.id, d.id, 2021, b);
      await target(m, cityPlan.id, householdBase.id, d.id, 2021, c);
    }
    await m.save(ClaimedTotal, [
      { planId: cityPlan.id, indicatorId: total.id, year: 2021, value: 12700, sourceFile: '000' },
      { planId: cityPlan.id, indicatorId: household.id, year: 2021, value: 3000, sourceFile: '000' },
      { planId: cityPlan.id, indicatorId: householdBase.id, year: 2021, value: 800, sourceFile: '000' },
    ]);

    const wulongPlan = await plan(m, 'WL-2019', '武隆区职业技能提升行动实施方案', wulong.id, 2019, 2021);
    const beibeiPlan = await plan(m, 'BB-2019', '北碚区职业技能提升行动实施方案', beibei.id, 2019, 2021);
    const wlIndicator = await indicator(m, wulongPlan.id, 'WL_TRAINING', '职业技能培训', 0);

    const duties = {
      wlTraining: await duty(
        m,
        wulongPlan,
        DutyListKind.DEPARTMENT,
        '一',
        1,
        '开展职业技能培训',
        [
          [AssignmentRole.LEAD, orgs.wlHr, null, '区人社局'],
          [AssignmentRole.COOPERATING, orgs.wlEdu, null, '区教委'],
        ],
        {
          targets: [
            [2019, 2000],
            [2020, 3000],
          ],
          indicatorId: wlIndicator.id,
        },
      ),
      wlSchools: await duty(m, wulongPlan, DutyListKind.DEPARTMENT, '二', 2, '发挥职业院校作用', [
        [AssignmentRole.LEAD, orgs.wlEdu, null, '区教委'],
        [AssignmentRole.COOPERATING, null, OrganisationCategory.INDUSTRY_AUTHORITIES, '各行业主管部门'],
      ]),
      wlSoeTraining: await duty(m, wulongPlan, DutyListKind.ENTERPRISE, '1', 3, '国有企业开展职工培训', [
        [AssignmentRole.LEAD, null, OrganisationCategory.STATE_OWNED_ENTERPRISE, '各国有企业'],
      ]),
      wlPrivateTraining: await duty(
        m,
        wulongPlan,
        DutyListKind.ENTERPRISE,
        '2',
        4,
        '民营企业开展学徒制培训',
        [[AssignmentRole.LEAD, orgs.wlPrivate, null, '武隆民营企业']],
      ),
      wlInstitution: await duty(m, wulongPlan, DutyListKind.INSTITUTION, '1', 5, '培训机构开展补贴性培训', [
        [AssignmentRole.LEAD, null, OrganisationCategory.ALL_TRAINING_INSTITUTIONS, '各培训机构'],
      ]),
      bbTraining: await duty(m, beibeiPlan, DutyListKind.DEPARTMENT, '一', 1, '北碚开展职业技能培训', [
        [AssignmentRole.LEAD, orgs.bbHr, null, '区人力社保局'],
      ]),
    };

    const catalogue = {
      wl: await m.save(CatalogueEntry, [
        { planId: wulongPlan.id, districtId: wulong.id, seq: 1, occupation: '茶艺师' },
        { planId: wulongPlan.id, districtId: wulong.id, seq: 2, occupation: '导游' },
      ]),
      bb: await m.save(CatalogueEntry, [
        { planId: beibeiPlan.id, districtId: beibei.id, seq: 1, occupation: '电工' },
      ]),
    };

    const qualifications = {
      wlSchool: await m.save(Qualification, {
        organisationId: orgs.wlSchool.id,
        districtId: wulong.id,
        kind: QualificationKind.SCHOOL_LICENCE,
        number: '渝武民办学001',
        status: QualificationStatus.APPROVED,
        validFrom: '2020-01-01',
        validTo: '2025-12-31',
        catalogueEntryId: null,
        issuer: '武隆区人力社保局',
      }),
      bbSchool: await m.save(Qualification, {
        organisationId: orgs.bbSchool.id,
        districtId: beibei.id,
        kind: QualificationKind.CERTIFICATION_BODY,
        number: '北碚认定002',
        status: QualificationStatus.PENDING_REVIEW,
        validFrom: null,
        validTo: null,
        catalogueEntryId: catalogue.bb[0]!.id,
        issuer: null,
      }),
    };

    const criteria = {
      city: await criterion(m, cityPlan.id, null, '完成目标计划', total.id),
      wulong: await criterion(m, wulongPlan.id, wulong.id, '武隆重点工作完成率', wlIndicator.id),
      beibei: await criterion(m, beibeiPlan.id, beibei.id, '北碚重点工作完成率', null),
    };

    return {
      districts,
      orgs,
      plans: { city: cityPlan, wulong: wulongPlan, beibei: beibeiPlan },
      indicators: { total, household, householdBase, wlIndicator },
      duties,
      catalogue,
      qualifications,
      criteria,
    };
  });
}

export type ReadFixture = Awaited<ReturnType<typeof seedReadFixture>>;

/**
 * The two connections every scoping suite runs through: the application role, as the server
 * serves requests (row-level security on: the real path), and the owner, which passes row-level
 * security, so that the services' own SQL filters are shown to hold by themselves (the two walls
 * are tested apart: a test can fail when either one breaks).
 */
export const CONNECTIONS: [string, (db: TestDatabase) => DataSource][] = [
  ['as the application role (row-level security on)', (db) => db.appDataSource],
  ['as the owner (row-level security bypassed: the services’ filters alone)', (db) => db.dataSource],
];

/** A viewer holding one grant (until test/support/fixtures.ts provides users of every role). */
export function viewer(
  role: Role,
  scope: { districtId?: string | null; organisationId?: string | null } = {},
): Viewer {
  return {
    userId: randomUUID(),
    username: `${role.toLowerCase()}-${randomUUID().slice(0, 8)}`,
    displayName: role,
    sessionId: randomUUID(),
    grants: [
      {
        id: randomUUID(),
        role,
        districtId: scope.districtId ?? null,
        organisationId: scope.organisationId ?? null,
      },
    ],
  };
}

/** The viewers of the fixture: every role, in 武隆 and in 北碚. */
export function fixtureViewers(f: ReadFixture) {
  const { wulong, beibei } = f.districts;
  const org = (role: Role, o: Organisation) =>
    viewer(role, { districtId: o.districtId, organisationId: o.id });
  return {
    city: viewer(Role.CITY_ADMIN),
    wulongAdmin: viewer(Role.DISTRICT_ADMIN, { districtId: wulong.id }),
    wulongViewer: viewer(Role.VIEWER, { districtId: wulong.id }),
    beibeiAdmin: viewer(Role.DISTRICT_ADMIN, { districtId: beibei.id }),
    wlHrHead: org(Role.DEPARTMENT_HEAD, f.orgs.wlHr),
    wlEduHead: org(Role.DEPARTMENT_HEAD, f.orgs.wlEdu),
    wlSoeAdmin: org(Role.ENTERPRISE_ADMIN, f.orgs.wlSoe),
    wlPrivateAdmin: org(Role.ENTERPRISE_ADMIN, f.orgs.wlPrivate),
    wlSchoolAdmin: org(Role.INSTITUTION_ADMIN, f.orgs.wlSchool),
    bbHrHead: org(Role.DEPARTMENT_HEAD, f.orgs.bbHr),
  };
}

// --- row builders (also used by the statement-count test) ---

export function district(
  m: EntityManager,
  code: string,
  name: string,
  sortOrder: number,
  level: RuralRevitalisationLevel | null,
): Promise<District> {
  return m.save(District, {
    code,
    name,
    fullName: name,
    kind: DistrictKind.DISTRICT,
    ruralRevitalisationLevel: level,
    ruralRevitalisationLabel: level ? '市级乡村振兴重点帮扶区县' : null,
    sortOrder,
  });
}

export async function organisation(
  m: EntityManager,
  districtId: string | null,
  name: string,
  kind: OrganisationKind,
  category: OrganisationCategory | null,
  aliases: string[] = [],
): Promise<Organisation> {
  const o = await m.save(Organisation, { districtId, name, nameKey: name, kind, category });
  for (const alias of aliases)
    await m.save(OrganisationAlias, { organisationId: o.id, districtId, alias, aliasKey: alias });
  return o;
}

export function plan(
  m: EntityManager,
  code: string,
  title: string,
  districtId: string | null,
  startYear: number,
  endYear: number,
): Promise<Plan> {
  return m.save(Plan, {
    code,
    title,
    documentNumber: null,
    issuer: districtId ? '区政府办公室' : '市人力社保局',
    level: districtId ? PlanLevel.DISTRICT : PlanLevel.CITY,
    districtId,
    startYear,
    endYear,
    cadence: ReportingCadence.QUARTERLY,
    source: null,
  });
}

export function indicator(
  m: EntityManager,
  planId: string,
  code: string,
  name: string,
  sortOrder: number,
  extra: Partial<Pick<Indicator, 'nature' | 'ceilingOfId' | 'ceilingRatio' | 'parentId'>> = {},
): Promise<Indicator> {
  return m.save(Indicator, {
    planId,
    code,
    name,
    unit: '人次',
    nature: IndicatorNature.EXPECTED,
    parentId: null,
    ceilingOfId: null,
    ceilingRatio: null,
    sortOrder,
    ...extra,
  });
}

export function target(
  m: EntityManager,
  planId: string,
  indicatorId: string,
  districtId: string | null,
  year: number,
  value: number,
): Promise<Target> {
  return m.save(Target, { planId, indicatorId, districtId, year, value });
}

type AssignmentSpec = [AssignmentRole, Organisation | null, OrganisationCategory | null, string];

export async function duty(
  m: EntityManager,
  p: Plan,
  listKind: DutyListKind,
  seq: string,
  sortOrder: number,
  title: string,
  assignments: AssignmentSpec[],
  options: { targets?: [number, number][]; indicatorId?: string | null } = {},
): Promise<Duty> {
  const districtId = p.districtId!;
  const targets = options.targets ?? [[2019, 100]];
  const d = await m.save(Duty, {
    planId: p.id,
    districtId,
    listKind,
    seq,
    sortOrder,
    title,
    targetText: targets.map(([year, value]) => `${year}年${value}人次`).join('；'),
  });
  await m.save(ResponsibilityItem, [
    { dutyId: d.id, districtId, seq: 1, text: `${title}：制定方案` },
    { dutyId: d.id, districtId, seq: 2, text: `${title}：组织实施` },
  ]);
  await m.save(
    DutyAssignment,
    assignments.map(([role, o, category, assigneeText], i) => ({
      dutyId: d.id,
      districtId,
      role,
      organisationId: o?.id ?? null,
      category,
      assigneeText,
      sortOrder: i,
    })),
  );
  await m.save(
    DutyTarget,
    targets.map(([year, value]) => ({
      dutyId: d.id,
      districtId,
      year,
      value,
      unit: '人次',
      indicatorId: options.indicatorId ?? null,
    })),
  );
  return d;
}

function criterion(
  m: EntityManager,
  planId: string,
  districtId: string | null,
  name: string,
  indicatorId: string | null,
): Promise<AssessmentCriterion> {
  return m.save(AssessmentCriterion, {
    planId,
    districtId,
    name,
    weight: 10,
    method: AssessmentMethod.COMPLETION_RATIO,
    indicatorId,
    description: null,
  });
}

/** The error codes of a GraphQL result, with their paths (`b` for an aliased root field `b: plan`). */
export function errorCodes(result: {
  errors?: { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}) {
  return (result.errors ?? []).map((e) => ({ path: (e.path ?? []).join('.'), code: e.extensions?.code }));
}
