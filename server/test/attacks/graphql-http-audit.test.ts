import type { AddressInfo } from 'node:net';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/logging/logger';
import { buildAppSchema } from '../../src/graphql/schema';
import { createHttpApp, type HttpApp } from '../../src/http/app';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * graphql-http's conformance audit of the GraphQL-over-HTTP spec against `/graphql`, with the
 * server's own limits and error handling in place, in development and in production mode.
 */
describe('graphql-http auditServer', () => {
  let db: TestDatabase;
  const apps: HttpApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.apollo.stop();
    await db?.drop();
  });

  async function audit(nodeEnv: 'test' | 'production') {
    const app = await createHttpApp({
      config: { ...loadConfig({ NODE_ENV: nodeEnv }), cookieSecure: false },
      dataSource: db.appDataSource,
      log: createLogger('silent', false),
      schema: await buildAppSchema(),
    });
    apps.push(app);
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}/graphql`;
    const results = await auditServer({ url });
    return Promise.all(
      results.map(async (r) =>
        r.status === 'error' ? `${r.id} ${r.name}: ${r.reason} (${await r.response.text()})` : null,
      ),
    ).then((lines) => lines.filter((l): l is string => l !== null));
  }

  it('passes with no error in development', async () => {
    expect(await audit('test')).toEqual([]);
  });

  it('passes in production except the two checks that send introspection queries', async () => {
    // BF61 and 28B9 send `{ __type(name: …) }`: introspection is off in production (it would
    // give the schema away), so Apollo answers them GRAPHQL_VALIDATION_FAILED. Nothing else fails.
    const failed = await audit('production');
    expect(failed.map((f) => f.slice(0, 4)).sort()).toEqual(['28B9', 'BF61']);
    for (const failure of failed) expect(failure).toMatch(/INTROSPECTION_DISABLED/);
  });
});
