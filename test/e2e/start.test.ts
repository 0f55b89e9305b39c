import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql, newDataDir, postgresRunningOn, runFailingStart, startProduct } from '../support/product';

/**
 * The set-up contract of README's start command: the built product starts its own PostgreSQL,
 * serves the API and the client, stops cleanly on Ctrl-C (SIGINT) and keeps its data.
 */
describe('the product as `pnpm start` runs it', () => {
  const dataDir = newDataDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves the API and the client, stops on SIGINT without leaving PostgreSQL, and keeps data', async () => {
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

    const before = await graphql<{ systemStatus: { latestMigration: string | null } }>(
      first.url,
      '{ systemStatus { latestMigration } }',
    );
    expect(before.body.errors).toBeUndefined();
    const pgVersionStat = fs.statSync(`${dataDir}/PG_VERSION`);

    expect(await first.stop('SIGINT')).toBe(0);
    expect(postgresRunningOn(dataDir)).toBe(false);

    const second = await startProduct({ PG_DATA_DIR: dataDir });
    try {
      // Same cluster (not initialised again), same schema state.
      expect(fs.statSync(`${dataDir}/PG_VERSION`).mtimeMs).toBe(pgVersionStat.mtimeMs);
      const after = await graphql<{ systemStatus: { latestMigration: string | null } }>(
        second.url,
        '{ systemStatus { latestMigration } }',
      );
      expect(after.body.data).toEqual(before.body.data);
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
