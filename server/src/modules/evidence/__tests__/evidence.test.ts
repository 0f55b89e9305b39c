import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { seedTenants, type FixtureUser, type Tenants } from '../../../../test/support/fixtures';
import { Role } from '../../../auth/viewer';
import { loadConfig } from '../../../config/env';
import { buildAppSchema } from '../../../graphql/schema';
import { createHttpApp, type HttpApp } from '../../../http/app';
import { createLogger } from '../../../logging/logger';
import { checkEvidence, EVIDENCE_MAX_BYTES } from '../evidence.content';
import { registerEvidenceOwner } from '../evidence.registry';
import { contentDisposition } from '../evidence.http';

/**
 * Evidence files: upload checks (type by content AND extension, size), storage with a checksum,
 * and the download route's authorisation through the owner's rule, from the wrong organisation and
 * the wrong district. The owner type here is a test one: an organisation owns its files, its own
 * users attach them, its users and its district's admins and viewers read them.
 */
const OWNER = 'TEST_ORGANISATION';
registerEvidenceOwner(OWNER, {
  async canRead(ctx, ownerId) {
    const [org] = (await ctx.db.query(`SELECT district_id FROM organisation WHERE id = $1`, [ownerId])) as {
      district_id: string;
    }[];
    if (!org || !ctx.viewer) return false;
    return ctx.viewer.grants.some(
      (g) =>
        g.organisationId === ownerId ||
        ([Role.DISTRICT_ADMIN, Role.VIEWER].includes(g.role) && g.districtId === org.district_id),
    );
  },
  async canAttach(ctx, ownerId) {
    if (!ctx.scope.organisationIds.includes(ownerId)) return null;
    const [org] = (await ctx.db.query(`SELECT district_id FROM organisation WHERE id = $1`, [ownerId])) as {
      district_id: string;
    }[];
    return org ? { districtId: org.district_id, organisationId: ownerId } : null;
  },
});

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('培训签到表 test content\n%%EOF')]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const zip = (entry: string) =>
  Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.alloc(26),
    Buffer.from(`[Content_Types].xml${entry}`),
  ]);

const UPLOAD = `mutation($input: UploadEvidenceInput!) {
  uploadEvidence(input: $input) { id fileName contentType byteSize sha256 url ownerType ownerId }
}`;
const LIST = `query($t: String!, $id: ID!) { evidenceFiles(ownerType: $t, ownerId: $id) { id fileName } }`;

describe('evidence files', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  let http: HttpApp;
  let base: string;
  let hr: string;

  const count = async () =>
    Number(
      ((await db.dataSource.query(`SELECT count(*)::int AS n FROM evidence_file`)) as { n: number }[])[0]?.n,
    );
  const upload = (user: FixtureUser, fileName: string, content: Buffer | string, ownerId = hr) =>
    api.query<{ uploadEvidence: Record<string, unknown> }>(
      UPLOAD,
      {
        input: {
          ownerType: OWNER,
          ownerId,
          fileName,
          contentBase64: typeof content === 'string' ? content : content.toString('base64'),
        },
      },
      t.viewerOf(user),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource);
    hr = t.organisations.wulongHr.id;
    http = await createHttpApp({
      config: { ...loadConfig({ NODE_ENV: 'test' }), cookieSecure: false },
      dataSource: db.appDataSource,
      log: createLogger('silent', false),
      schema: await buildAppSchema(),
    });
    await new Promise<void>((resolve) => http.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.httpServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await http?.apollo.stop();
    await db?.drop();
  });

  it('stores an allowed file with its checksum, type from the content, and an audit event', async () => {
    const result = await upload(t.users.wulongHrHead, 'C:\\docs\\培训签到表.pdf', PDF);
    expect(result.errors).toBeUndefined();
    const file = result.data!.uploadEvidence;
    expect(file).toMatchObject({
      fileName: '培训签到表.pdf',
      contentType: 'application/pdf',
      byteSize: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      url: `/files/${file.id}`,
      ownerId: hr,
    });
    const [row] = (await db.dataSource.query(`SELECT content, district_id FROM evidence_file WHERE id = $1`, [
      file.id,
    ])) as { content: Buffer; district_id: string }[];
    expect(Buffer.compare(row!.content, PDF)).toBe(0);
    expect(row!.district_id).toBe(t.districts.wulong.id);
    const events = (await db.dataSource.query(
      `SELECT action, actor_user_id, after FROM audit_event WHERE entity_type = 'EVIDENCE_FILE' AND entity_id = $1`,
      [file.id],
    )) as { action: string; actor_user_id: string; after: Record<string, unknown> }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'UPLOAD', actor_user_id: t.users.wulongHrHead.id });
    expect(events[0]!.after.content).toBeUndefined();
  });

  it('accepts PNG, JPEG, XLSX and DOCX whose content matches the extension', async () => {
    for (const [name, content, type] of [
      ['照片.PNG', PNG, 'image/png'],
      ['现场.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
      [
        '台账.xlsx',
        zip('xl/workbook.xml'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      [
        '总结.docx',
        zip('word/document.xml'),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ] as const) {
      const result = await upload(t.users.wulongHrHead, name, content);
      expect(result.errors, name).toBeUndefined();
      expect(result.data!.uploadEvidence.contentType).toBe(type);
    }
  });

  it('refuses a renamed executable, a wrong extension, a mismatched zip, bad base64 and an empty file with BAD_USER_INPUT', async () => {
    const before = await count();
    for (const [name, content] of [
      ['证明.pdf', EXE],
      ['setup.exe', EXE],
      ['证明.exe', PDF],
      ['无扩展名', PDF],
      ['脚本.html', Buffer.from('<script>alert(1)</script>')],
      ['台账.xlsx', zip('word/document.xml')],
      ['图片.png', PDF],
      ['x.pdf', '***not base64***'],
      ['x.pdf', ''],
      ['', PDF],
    ] as const) {
      const result = await upload(t.users.wulongHrHead, name, content);
      expect(result.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await count()).toBe(before);
  });

  it('refuses a file over the limit, and a 50 MB file before decoding it', async () => {
    const before = await count();
    const over = Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES - PDF.length + 1)]);
    const result = await upload(t.users.wulongHrHead, '大文件.pdf', over);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      maxBytes: EVIDENCE_MAX_BYTES,
    });
    expect(result.errors?.[0]?.message).toContain('8 MB');
    const huge = Buffer.concat([PDF, Buffer.alloc(50 * 1024 * 1024)]);
    const result50 = await upload(t.users.wulongHrHead, '超大.pdf', huge);
    expect(result50.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);
    // Exactly at the limit is accepted (the pure check; no need to store 8 MB).
    expect(
      checkEvidence(
        'ok.pdf',
        Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES - PDF.length)]).toString('base64'),
      ).content.length,
    ).toBe(EVIDENCE_MAX_BYTES);
  });

  it('refuses an upload to another organisation or another district (NOT_FOUND) and an unknown owner type', async () => {
    const before = await count();
    for (const user of [
      t.users.wulongEducationHead,
      t.users.beibeiHrHead,
      t.users.beibeiAdmin,
      t.users.wulongViewer,
    ]) {
      const result = await upload(user, 'x.pdf', PDF);
      expect(result.errors?.[0]?.extensions?.code, user.username).toBe('NOT_FOUND');
    }
    const unknown = await api.query(
      UPLOAD,
      { input: { ownerType: 'NOPE', ownerId: hr, fileName: 'x.pdf', contentBase64: PDF.toString('base64') } },
      t.viewerOf(t.users.wulongHrHead),
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const signedOut = await api.query(
      UPLOAD,
      { input: { ownerType: OWNER, ownerId: hr, fileName: 'x.pdf', contentBase64: 'JVBERi0=' } },
      null,
    );
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await count()).toBe(before);
  });

  it('lists an owner’s files to its readers only', async () => {
    const own = await api.query<{ evidenceFiles: { id: string }[] }>(
      LIST,
      { t: OWNER, id: hr },
      t.viewerOf(t.users.wulongHrHead),
    );
    expect(own.data?.evidenceFiles.length).toBeGreaterThan(0);
    const admin = await api.query<{ evidenceFiles: { id: string }[] }>(
      LIST,
      { t: OWNER, id: hr },
      t.viewerOf(t.users.wulongAdmin),
    );
    expect(admin.data?.evidenceFiles.length).toBe(own.data?.evidenceFiles.length);
    for (const user of [
      t.users.wulongEducationHead,
      t.users.beibeiAdmin,
      t.users.beibeiViewer,
      t.users.wulongEnterpriseAdmin,
    ]) {
      const result = await api.query(LIST, { t: OWNER, id: hr }, t.viewerOf(user));
      expect(result.errors?.[0]?.extensions?.code, user.username).toBe('NOT_FOUND');
      expect(result.data).toBeNull();
    }
  });

  it('serves GET /files/:id to readers (bearer or cookie) with attachment, UTF-8 name and nosniff; 404 to the wrong organisation or district; 401 signed out', async () => {
    const uploaded = await upload(t.users.wulongHrHead, '培训 签到表.pdf', PDF);
    const id = uploaded.data!.uploadEvidence.id as string;
    const hrToken = (await t.signInAs(api, 'wulong-hr-head')).token;
    const ok = await fetch(`${base}/files/${id}`, { headers: { authorization: `Bearer ${hrToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-disposition')).toBe(contentDisposition('培训 签到表.pdf'));
    expect(ok.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('培训')}%20`,
    );
    expect(Buffer.compare(Buffer.from(await ok.arrayBuffer()), PDF)).toBe(0);

    const adminToken = (await t.signInAs(api, 'wulong-admin')).token;
    const byCookie = await fetch(`${base}/files/${id}`, {
      headers: { cookie: `skills_session=${adminToken}` },
    });
    expect(byCookie.status).toBe(200);

    for (const username of [
      'wulong-education-head',
      'beibei-admin',
      'beibei-hr-head',
      'wulong-enterprise-admin',
    ]) {
      const token = (await t.signInAs(api, username)).token;
      const refused = await fetch(`${base}/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status, username).toBe(404);
      expect(await refused.text()).not.toContain('%PDF');
    }
    expect((await fetch(`${base}/files/${id}`)).status).toBe(401);
    expect(
      (await fetch(`${base}/files/not-a-uuid`, { headers: { authorization: `Bearer ${hrToken}` } })).status,
    ).toBe(404);
  });

  it('deletes a file only for those who may attach to its owner', async () => {
    const uploaded = await upload(t.users.wulongHrHead, '删除.pdf', PDF);
    const id = uploaded.data!.uploadEvidence.id as string;
    const DELETE = `mutation($id: ID!) { deleteEvidence(id: $id) }`;
    for (const user of [t.users.wulongEducationHead, t.users.beibeiAdmin, t.users.wulongAdmin]) {
      const refused = await api.query(DELETE, { id }, t.viewerOf(user));
      expect(refused.errors?.[0]?.extensions?.code, user.username).toBe('NOT_FOUND');
    }
    const done = await api.query<{ deleteEvidence: boolean }>(
      DELETE,
      { id },
      t.viewerOf(t.users.wulongHrHead),
    );
    expect(done.data?.deleteEvidence).toBe(true);
    expect(await db.dataSource.query(`SELECT 1 FROM evidence_file WHERE id = $1`, [id])).toHaveLength(0);
    const [event] = (await db.dataSource.query(
      `SELECT before FROM audit_event WHERE entity_type = 'EVIDENCE_FILE' AND entity_id = $1 AND action = 'DELETE'`,
      [id],
    )) as { before: Record<string, unknown> }[];
    expect(event?.before.fileName).toBe('删除.pdf');
  });
});
