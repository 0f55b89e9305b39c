import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql, newDataDir, postgresRunningOn, runFailingStart, startProduct } from '../support/product';

/**
 * The set-up contract of README's start command: the built product starts its own PostgreSQL,
 * serves the API and the client, stops cleanly on Ctrl-C (SIGINT) and keeps its data.
 */
const SIGN_IN = `mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }`;

async function signIn(url: string, username: string): Promise<Record<string, string>> {
  const result = await graphql<{ signIn: { token: string } }>(url, SIGN_IN, { u: username, p: 'demo-2026' });
  expect(result.body.errors).toBeUndefined();
  return { authorization: `Bearer ${result.body.data!.signIn.token}` };
}

describe('the product as `pnpm start` runs it', () => {
  const dataDir = newDataDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('loads the documents, serves API and client, stops on SIGINT without leaving PostgreSQL, and keeps data', async () => {
    const first = await startProduct({ PG_DATA_DIR: dataDir });
    const typename = await graphql<{ __typename: string }>(first.url, '{ __typename }');
    expect(typename.body).toEqual({ data: { __typename: 'Query' } });

    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('职业技能提升行动责任管理平台');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${first.url}${script}`)).status).toBe(200);
    // A client-side route is answered with the app shell too.
    expect(await (await fetch(`${first.url}/plans/any`)).text()).toContain('<div id="root">');

    // The first start loaded the source documents and made the demo accounts.
    const city = await signIn(first.url, 'demo-city');
    const counts = `{ districts { id } plans(first: 20) { totalCount } }`;
    const loaded = await graphql<{ districts: unknown[]; plans: { totalCount: number } }>(
      first.url,
      counts,
      undefined,
      city,
    );
    expect(loaded.body.errors).toBeUndefined();
    expect(loaded.body.data?.districts).toHaveLength(41);
    expect(loaded.body.data?.plans.totalCount).toBe(5);
    // Signed out, the same query is refused with a code.
    const anonymous = await graphql(first.url, counts);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // A change a user makes survives the restart.
    const wulong = await signIn(first.url, 'demo-wulong-admin');
    const created = await graphql<{ createUser: { id: string } }>(
      first.url,
      `
        mutation ($d: ID!) {
          createUser(
            input: {
              username: "wulong-auditor"
              displayName: "武隆区审计局"
              password: "Audit-2026-pass"
              grant: { role: VIEWER, districtId: $d }
            }
          ) {
            id
          }
        }
      `,
      { d: await wulongDistrictId(first.url, wulong) },
      wulong,
    );
    expect(created.body.errors).toBeUndefined();
    const pgVersionStat = fs.statSync(`${dataDir}/PG_VERSION`);

    expect(await first.stop('SIGINT')).toBe(0);
    expect(postgresRunningOn(dataDir)).toBe(false);

    const second = await startProduct({ PG_DATA_DIR: dataDir });
    try {
      // Same cluster (not initialised again); documents not loaded twice; the user is still there.
      expect(fs.statSync(`${dataDir}/PG_VERSION`).mtimeMs).toBe(pgVersionStat.mtimeMs);
      const again = await graphql<{ districts: unknown[]; plans: { totalCount: number } }>(
        second.url,
        counts,
        undefined,
        await signIn(second.url, 'demo-city'),
      );
      expect(again.body.data).toEqual(loaded.body.data);
      const auditor = await graphql<{ signIn: { token: string } }>(second.url, SIGN_IN, {
        u: 'wulong-auditor',
        p: 'Audit-2026-pass',
      });
      expect(auditor.body.errors).toBeUndefined();
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
    expect(postgresRunningOn(dataDir)).toBe(false);
  });

  it('refuses bad configuration with one clear line and a non-zero exit', async () => {
    const badPort = await runFailingStart({ PORT: 'abc' });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr.trim()).toBe(
      'skills-server: invalid configuration: PORT: expected a port number (got "abc")',
    );

    const unreachable = await runFailingStart({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^skills-server: cannot connect to DATABASE_URL: .*ECONNREFUSED/);
  });
});

async function wulongDistrictId(url: string, headers: Record<string, string>): Promise<string> {
  const result = await graphql<{ districts: { id: string; name: string }[] }>(
    url,
    '{ districts { id name } }',
    undefined,
    headers,
  );
  const id = result.body.data?.districts.find((d) => d.name === '武隆区')?.id;
  expect(id).toBeDefined();
  return id!;
}
