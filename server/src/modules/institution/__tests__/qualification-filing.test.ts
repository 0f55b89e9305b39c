import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../clock';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { SEEDED_TEMPLATE } from '../../../../test/support/templates';
import { codes, seedInstitutionFixture, type InstitutionFixture } from './institution-fixture';

const FILE = `mutation($input: QualificationFilingInput!) {
  fileQualification(input: $input) { id status version kind number validFrom validTo qualificationId occupation certificationBodyType }
}`;
const APPROVE = `mutation($id: ID!, $version: Int!) { approveQualificationFiling(id: $id, version: $version) { id status qualificationId version } }`;
const RETURN = `mutation($id: ID!, $version: Int!, $reason: String!) { returnQualificationFiling(id: $id, version: $version, reason: $reason) { id status reviewReason } }`;
const QUALIFICATIONS = `query($id: ID!) { qualifications(organisationId: $id) { id kind number status validTo } }`;
const FILINGS = `query($org: ID) { qualificationFilings(organisationId: $org) { id organisationId status number } }`;

interface Filing {
  id: string;
  status: string;
  version: number;
  qualificationId: string | null;
}

describe('qualification filings and review', () => {
  let db: TestDatabase;
  let api: TestApi;
  let f: InstitutionFixture;
  const clock = fixedClock('2026-03-02T02:00:00Z'); // 2026-03-02 in Chongqing

  const count = async (table: string) =>
    Number(((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    f = await seedInstitutionFixture(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
  });
  afterAll(() => db.drop());

  const base = (over: Record<string, unknown> = {}) => ({
    organisationId: f.orgs.school,
    kind: 'SCHOOL_LICENCE',
    number: '渝武民办学0099',
    issuer: '武隆区人力资源和社会保障局',
    validFrom: '2026-01-01',
    validTo: '2028-12-31',
    ...over,
  });

  async function file(input: Record<string, unknown>, viewer = f.v.school) {
    const r = await api.query<{ fileQualification: Filing }>(FILE, { input }, viewer);
    expect(r.errors).toBeUndefined();
    return r.data!.fileQualification;
  }
  async function approve(filing: Filing, viewer = f.v.wulongAdmin) {
    const r = await api.query<{ approveQualificationFiling: Filing }>(
      APPROVE,
      { id: filing.id, version: filing.version },
      viewer,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.approveQualificationFiling;
  }

  it.each([
    ['SCHOOL_LICENCE', {}],
    ['SUBSIDISED_CATALOGUE_LISTING', { number: '目录2026-017' }],
    ['CERTIFICATION_BODY', { number: '认定备案S5001', certificationBodyType: 'SOCIAL_ORGANISATION' }],
    ['APPROVED_OCCUPATION', { number: '项目批准001', catalogueEntryId: 'ELECTRICIAN' }],
    ['ASSESSMENT_GRADE', { number: '评估A-2026', validTo: null }],
  ])(
    'files a %s that waits for review, and the district’s approval makes it a qualification',
    async (kind, over) => {
      const extra = { ...over } as Record<string, unknown>;
      if (extra.catalogueEntryId === 'ELECTRICIAN') extra.catalogueEntryId = f.catalogue.wulongElectrician;
      const before = await api.query<{ qualifications: { number: string }[] }>(
        QUALIFICATIONS,
        { id: f.orgs.school },
        f.v.school,
      );
      const filing = await file(base({ kind, ...extra }));
      expect(filing).toMatchObject({ status: 'PENDING', kind, qualificationId: null });
      // Filed, not applied: the qualifications are as they were.
      const pending = await api.query<{ qualifications: { number: string }[] }>(
        QUALIFICATIONS,
        { id: f.orgs.school },
        f.v.school,
      );
      expect(pending.data?.qualifications).toEqual(before.data?.qualifications);

      const approved = await approve(filing);
      expect(approved.status).toBe('APPROVED');
      const after = await api.query<{
        qualifications: { id: string; kind: string; number: string; status: string }[];
      }>(QUALIFICATIONS, { id: f.orgs.school }, f.v.school);
      expect(after.data?.qualifications.find((q) => q.id === approved.qualificationId)).toMatchObject({
        kind,
        status: 'APPROVED',
        number: extra.number ?? '渝武民办学0099',
      });
      if (kind === 'APPROVED_OCCUPATION') expect(filing).toMatchObject({ occupation: '电工' });
    },
  );

  it('keeps the approved version and every earlier one when a change is approved', async () => {
    const first = await approve(await file(base({ number: '渝武民办学0100' })));
    const change = await file(
      base({ number: '渝武民办学0100-换证', qualificationId: first.qualificationId, validTo: '2031-12-31' }),
    );
    // A second change while one is pending waits (CONFLICT), and changes nothing.
    const again = await api.query(
      FILE,
      { input: base({ qualificationId: first.qualificationId }) },
      f.v.school,
    );
    expect(codes(again)).toEqual(['CONFLICT']);
    await approve(change);
    const history = (await db.dataSource.query(
      `SELECT number, status FROM qualification_filing WHERE qualification_id = $1 ORDER BY filed_at, number`,
      [first.qualificationId],
    )) as { number: string; status: string }[];
    expect(history).toEqual([
      { number: '渝武民办学0100', status: 'APPROVED' },
      { number: '渝武民办学0100-换证', status: 'APPROVED' },
    ]);
    const [q] = (await db.dataSource.query(
      `SELECT number, to_char(valid_to, 'YYYY-MM-DD') AS "validTo", approved_filing_id AS "filingId" FROM qualification WHERE id = $1`,
      [first.qualificationId],
    )) as { number: string; validTo: string; filingId: string }[];
    expect(q).toEqual({ number: '渝武民办学0100-换证', validTo: '2031-12-31', filingId: change.id });
  });

  it('returns a filing with a reason and applies nothing; the institution sees the state', async () => {
    const qualifications = await count('qualification');
    const filing = await file(base({ number: '渝武民办学0200' }));
    const empty = await api.query(
      RETURN,
      { id: filing.id, version: filing.version, reason: '  ' },
      f.v.wulongAdmin,
    );
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    const r = await api.query<{ returnQualificationFiling: { status: string; reviewReason: string } }>(
      RETURN,
      { id: filing.id, version: filing.version, reason: '许可证扫描件不清晰' },
      f.v.wulongAdmin,
    );
    expect(r.data?.returnQualificationFiling).toMatchObject({
      status: 'RETURNED',
      reviewReason: '许可证扫描件不清晰',
    });
    expect(await count('qualification')).toBe(qualifications);
    const own = await api.query<{ qualificationFilings: { id: string; status: string }[] }>(
      FILINGS,
      { org: null },
      f.v.school,
    );
    expect(own.data?.qualificationFilings.find((x) => x.id === filing.id)?.status).toBe('RETURNED');
    // Reviewing twice is a conflict.
    const twice = await api.query(APPROVE, { id: filing.id, version: filing.version + 1 }, f.v.wulongAdmin);
    expect(codes(twice)).toEqual(['CONFLICT']);
  });

  it('refuses bad input with coded errors and changes nothing', async () => {
    const filings = await count('qualification_filing');
    const cases: [Record<string, unknown>, string][] = [
      [base({ validFrom: '2026-05-01', validTo: '2026-04-30' }), 'validTo'],
      [base({ validFrom: '2026-02-30' }), 'validFrom'],
      [base({ kind: 'APPROVED_OCCUPATION', catalogueEntryId: f.catalogue.beibeiWelder }), 'catalogueEntryId'],
      [base({ kind: 'APPROVED_OCCUPATION' }), 'catalogueEntryId'],
      [base({ kind: 'CERTIFICATION_BODY' }), 'certificationBodyType'],
      [base({ number: ' ' }), 'number'],
    ];
    for (const [input, field] of cases) {
      const r = await api.query(FILE, { input }, f.v.school);
      expect(codes(r), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await count('qualification_filing')).toBe(filings);
  });

  it('keeps institutions apart: another institution (same or other district) cannot read or file; enterprises see no institution filings', async () => {
    const filing = await file(base({ number: '渝武民办学0300' }));
    for (const viewer of [f.v.otherSchool, f.v.beibeiSchool]) {
      const profile = await api.query(
        `query($id: ID!) { organisationProfile(organisationId: $id) { name } }`,
        { id: f.orgs.school },
        viewer,
      );
      expect(codes(profile)).toEqual(['NOT_FOUND']);
      const list = await api.query<{ qualificationFilings: { organisationId: string }[] }>(
        FILINGS,
        { org: f.orgs.school },
        viewer,
      );
      expect(list.data?.qualificationFilings).toEqual([]);
      const filed = await api.query(FILE, { input: base({ number: '冒名' }) }, viewer);
      expect(codes(filed)).toEqual(['NOT_FOUND']);
      const approveForeign = await api.query(APPROVE, { id: filing.id, version: filing.version }, viewer);
      expect(codes(approveForeign)).toEqual(['FORBIDDEN']);
    }
    const enterprise = await api.query<{ qualificationFilings: { organisationId: string }[] }>(
      FILINGS,
      { org: null },
      f.v.enterprise,
    );
    expect(
      enterprise.data?.qualificationFilings.filter((x) => x.organisationId !== f.orgs.enterprise),
    ).toEqual([]);
    const enterpriseOne = await api.query(FILINGS, { org: f.orgs.school }, f.v.enterprise);
    expect(enterpriseOne.data).toEqual({ qualificationFilings: [] });
    // The wrong district's admin cannot review (NOT_FOUND: the filing does not exist for it); a department head may not at all.
    expect(
      codes(await api.query(APPROVE, { id: filing.id, version: filing.version }, f.v.beibeiAdmin)),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(await api.query(APPROVE, { id: filing.id, version: filing.version }, f.v.wulongHrHead)),
    ).toEqual(['FORBIDDEN']);
    // The district viewer reads but cannot review.
    expect(
      codes(await api.query(APPROVE, { id: filing.id, version: filing.version }, f.v.wulongViewer)),
    ).toEqual(['FORBIDDEN']);
    const [row] = (await db.dataSource.query(`SELECT status FROM qualification_filing WHERE id = $1`, [
      filing.id,
    ])) as { status: string }[];
    expect(row?.status).toBe('PENDING');
  });

  it('keeps evidence files with a filing: the institution attaches while pending, others cannot read them', async () => {
    const filing = await file(base({ number: '渝武民办学0500' }));
    const upload = (viewer = f.v.school) =>
      api.query<{ uploadEvidence: { id: string } }>(
        `mutation($input: UploadEvidenceInput!) { uploadEvidence(input: $input) { id fileName } }`,
        {
          input: {
            ownerType: 'QUALIFICATION_FILING',
            ownerId: filing.id,
            fileName: '办学许可证.pdf',
            contentBase64: Buffer.from('%PDF-1.4\n许可证扫描件\n%%EOF').toString('base64'),
          },
        },
        viewer,
      );
    expect((await upload()).errors).toBeUndefined();
    expect(codes(await upload(f.v.otherSchool))).not.toEqual([]);
    const LIST = `query($id: ID!) { evidenceFiles(ownerType: "QUALIFICATION_FILING", ownerId: $id) { fileName } }`;
    const mine = await api.query<{ evidenceFiles: { fileName: string }[] }>(
      LIST,
      { id: filing.id },
      f.v.wulongAdmin,
    );
    expect(mine.data?.evidenceFiles).toEqual([{ fileName: '办学许可证.pdf' }]);
    expect(codes(await api.query(LIST, { id: filing.id }, f.v.otherSchool))).toEqual(['NOT_FOUND']);
    await approve(filing);
    // Reviewed: the evidence of that version is closed.
    expect(codes(await upload())).not.toEqual([]);
  });

  it('records an audit event for every filing and review', async () => {
    const filing = await file(base({ number: '渝武民办学0400' }));
    await approve(filing);
    const events = (await db.dataSource.query(
      `SELECT action, actor_role AS role FROM audit_event WHERE entity_id = $1 ORDER BY occurred_at, action`,
      [filing.id],
    )) as { action: string; role: string }[];
    expect(events.map((e) => e.action).sort()).toEqual(['APPROVE', 'FILE']);
  });
});

describe('expiry and the annex-2 roll-up of certification bodies', () => {
  let db: TestDatabase;
  let api: TestApi;
  let f: InstitutionFixture;
  const clock = fixedClock('2026-03-02T02:00:00Z');
  const EXPIRING = `query($days: Int!) { expiringQualifications(withinDays: $days) { number daysLeft bucket } }`;
  const BODIES = `query($plan: ID!, $year: Int!) { certificationBodyActuals(planId: $plan, year: $year) { districtId indicatorCode value source } }`;

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    f = await seedInstitutionFixture(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock });
    clock.set('2026-01-05T02:00:00Z');
    const approved = async (input: Record<string, unknown>, viewer = f.v.school) => {
      const r = await api.query<{ fileQualification: Filing }>(FILE, { input }, viewer);
      expect(r.errors).toBeUndefined();
      const filing = r.data!.fileQualification;
      const a = await api.query(APPROVE, { id: filing.id, version: filing.version }, f.v.wulongAdmin);
      expect(a.errors).toBeUndefined();
    };
    const q = (number: string, validTo: string, over: Record<string, unknown> = {}) => ({
      organisationId: f.orgs.school,
      kind: 'SCHOOL_LICENCE',
      number,
      issuer: '武隆区人力社保局',
      validFrom: '2025-01-01',
      validTo,
      ...over,
    });
    // Today will be 2026-03-02: 30, 60, 90 and 91 days ahead, and the day before (expired tomorrow).
    await approved(q('D30', '2026-04-01'));
    await approved(q('D60', '2026-05-01'));
    await approved(q('D90', '2026-05-31'));
    await approved(q('D91', '2026-06-01'));
    await approved(
      q('BODY-E', '2026-03-02', { kind: 'CERTIFICATION_BODY', certificationBodyType: 'ENTERPRISE' }),
    );
    await approved(
      {
        ...q('BODY-S', '2027-12-31', {
          kind: 'CERTIFICATION_BODY',
          certificationBodyType: 'SOCIAL_ORGANISATION',
        }),
        organisationId: f.orgs.enterprise,
      },
      f.v.enterprise,
    );
    // Pending bodies never count.
    await api.query(
      FILE,
      {
        input: q('BODY-P', '2027-12-31', {
          kind: 'CERTIFICATION_BODY',
          certificationBodyType: 'ENTERPRISE',
          organisationId: f.orgs.otherSchool,
        }),
      },
      f.v.otherSchool,
    );
    clock.set('2026-03-02T02:00:00Z');
  });
  afterAll(() => db.drop());

  it('lists qualifications ending within 30, 60 and 90 days for the institution and its district', async () => {
    const numbers = async (days: number, viewer = f.v.school) => {
      const r = await api.query<{
        expiringQualifications: { number: string; daysLeft: number; bucket: string }[];
      }>(EXPIRING, { days }, viewer);
      expect(r.errors).toBeUndefined();
      return r.data!.expiringQualifications;
    };
    expect((await numbers(30)).map((q) => q.number)).toEqual(['BODY-E', 'D30']);
    expect((await numbers(60)).map((q) => q.number)).toEqual(['BODY-E', 'D30', 'D60']);
    expect(await numbers(90)).toEqual([
      { number: 'BODY-E', daysLeft: 0, bucket: 'WITHIN_30_DAYS' },
      { number: 'D30', daysLeft: 30, bucket: 'WITHIN_30_DAYS' },
      { number: 'D60', daysLeft: 60, bucket: 'WITHIN_60_DAYS' },
      { number: 'D90', daysLeft: 90, bucket: 'WITHIN_90_DAYS' },
    ]);
    expect((await numbers(90, f.v.wulongAdmin)).map((q) => q.number)).toEqual([
      'BODY-E',
      'D30',
      'D60',
      'D90',
    ]);
    expect(await numbers(90, f.v.beibeiAdmin)).toEqual([]);
    expect(await numbers(90, f.v.otherSchool)).toEqual([]);
    expect(codes(await api.query(EXPIRING, { days: 45 }, f.v.school))).toEqual(['BAD_USER_INPUT']);
  });

  it('counts approved certification bodies per district toward annex 2, and stops the day after one ends', async () => {
    const bodies = async () => {
      const r = await api.query<{
        certificationBodyActuals: { districtId: string; indicatorCode: string; value: number }[];
      }>(BODIES, { plan: f.guidancePlanId, year: 2026 }, f.v.wulongAdmin);
      expect(r.errors).toBeUndefined();
      return r.data!.certificationBodyActuals.map((a) => [a.indicatorCode, a.value]);
    };
    // On its last day the enterprise body still counts.
    expect(await bodies()).toEqual([
      ['ENTERPRISE_CERTIFICATION_BODIES', 1],
      ['SOCIAL_CERTIFICATION_BODIES', 1],
    ]);
    clock.set('2026-03-03T02:00:00Z');
    expect(await bodies()).toEqual([['SOCIAL_CERTIFICATION_BODIES', 1]]);
    const expired = await api.query<{
      expiringQualifications: { number: string; bucket: string; daysLeft: number }[];
    }>(EXPIRING, { days: 30 }, f.v.school);
    expect(expired.data?.expiringQualifications[0]).toEqual({
      number: 'BODY-E',
      bucket: 'EXPIRED',
      daysLeft: -1,
    });
    // The other district sees none of Wulong's figures; an institution may not ask at all.
    const other = await api.query<{ certificationBodyActuals: unknown[] }>(
      BODIES,
      { plan: f.guidancePlanId, year: 2026 },
      f.v.beibeiAdmin,
    );
    expect(other.data?.certificationBodyActuals).toEqual([]);
    expect(codes(await api.query(BODIES, { plan: f.guidancePlanId, year: 2026 }, f.v.school))).toEqual([
      'FORBIDDEN',
    ]);
    clock.set('2026-03-02T02:00:00Z');
  });
});

describe('institution profile', () => {
  let db: TestDatabase;
  let api: TestApi;
  let f: InstitutionFixture;
  const PROFILE = `query($id: ID!) { organisationProfile(organisationId: $id) { name registeredName category socialCreditCode version } }`;
  const UPDATE = `mutation($id: ID!, $version: Int!, $input: OrganisationProfileInput!) {
    updateOrganisationProfile(organisationId: $id, version: $version, input: $input) { registeredName category socialCreditCode version } }`;

  beforeAll(async () => {
    db = await createTestDatabase(SEEDED_TEMPLATE);
    f = await seedInstitutionFixture(db.dataSource);
    api = await createTestApi(db.appDataSource, null, { clock: fixedClock('2026-03-02T02:00:00Z') });
  });
  afterAll(() => db.drop());

  it('lets the institution keep its profile, with the credit code’s check character validated', async () => {
    const input = {
      registeredName: '重庆市武隆区职业教育中心',
      socialCreditCode: '91110000802100433B',
      category: 'PUBLIC_VOCATIONAL_SCHOOL',
    };
    const r = await api.query<{ updateOrganisationProfile: { version: number } }>(
      UPDATE,
      { id: f.orgs.school, version: 1, input },
      f.v.school,
    );
    expect(r.data?.updateOrganisationProfile).toEqual({ ...input, version: 2 });
    const bad = await api.query(
      UPDATE,
      {
        id: f.orgs.school,
        version: 2,
        input: { ...input, socialCreditCode: '91110000802100433C', registeredName: '改' },
      },
      f.v.school,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const stale = await api.query(UPDATE, { id: f.orgs.school, version: 1, input }, f.v.school);
    expect(codes(stale)).toEqual(['CONFLICT']);
    const read = await api.query<{ organisationProfile: { registeredName: string; version: number } }>(
      PROFILE,
      { id: f.orgs.school },
      f.v.wulongAdmin,
    );
    expect(read.data?.organisationProfile).toMatchObject({
      registeredName: '重庆市武隆区职业教育中心',
      version: 2,
    });
    const [event] = (await db.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'ORGANISATION_PROFILE'`,
    )) as { action: string }[];
    expect(event?.action).toBe('UPDATE');
  });

  it('lets the enterprise admin keep its category (state-owned / above-scale / other), not an institution category', async () => {
    const ok = await api.query<{ updateOrganisationProfile: { category: string } }>(
      UPDATE,
      { id: f.orgs.enterprise, version: 1, input: { category: 'ABOVE_SCALE_ENTERPRISE' } },
      f.v.enterprise,
    );
    expect(ok.data?.updateOrganisationProfile.category).toBe('ABOVE_SCALE_ENTERPRISE');
    const bad = await api.query(
      UPDATE,
      { id: f.orgs.enterprise, version: 2, input: { category: 'TECHNICAL_COLLEGE' } },
      f.v.enterprise,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses another institution, in the same district or another, and the district admin edits nothing', async () => {
    for (const viewer of [f.v.otherSchool, f.v.beibeiSchool, f.v.enterprise]) {
      expect(codes(await api.query(PROFILE, { id: f.orgs.school }, viewer))).toEqual(['NOT_FOUND']);
    }
    for (const viewer of [f.v.otherSchool, f.v.beibeiSchool]) {
      expect(
        codes(
          await api.query(UPDATE, { id: f.orgs.school, version: 2, input: { registeredName: 'x' } }, viewer),
        ),
      ).toEqual(['NOT_FOUND']);
    }
    expect(
      codes(
        await api.query(
          UPDATE,
          { id: f.orgs.school, version: 2, input: { registeredName: 'x' } },
          f.v.wulongAdmin,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await api.query(PROFILE, { id: f.orgs.school }, f.v.beibeiAdmin))).toEqual(['NOT_FOUND']);
  });
});
