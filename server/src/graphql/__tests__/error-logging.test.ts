import { ApolloServer } from '@apollo/server';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { loadConfig } from '../../config/env';
import { createRequestContext, type RequestContext } from '../../context/context';
import { apolloOptions } from '../apollo-options';
import { BadInputError } from '../errors';

/**
 * Every unexpected error is logged at error level with the request id, the operation name and the
 * stack, while the client gets INTERNAL_SERVER_ERROR without internals; expected errors (bad
 * input) are not logged as errors. Runs the server's Apollo settings on a two-field schema.
 */
describe('error logging', () => {
  let db: TestDatabase;
  const lines: Record<string, unknown>[] = [];
  let apollo: ApolloServer<RequestContext>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          boom: {
            type: GraphQLString,
            resolve: () => {
              throw new Error('secret internals: password=hunter2');
            },
          },
          refused: {
            type: GraphQLString,
            resolve: () => {
              throw new BadInputError('输入有误');
            },
          },
        },
      }),
    });
    apollo = new ApolloServer<RequestContext>(apolloOptions({ schema, production: true }));
    await apollo.start();
  });
  afterAll(async () => {
    await apollo?.stop();
    await db?.drop();
  });

  async function run(query: string, requestId: string) {
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const contextValue = await createRequestContext(
      { config: loadConfig({ NODE_ENV: 'test' }), dataSource: db.appDataSource, log },
      { requestId, viewer: null },
    );
    const response = await apollo.executeOperation({ query }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('single result expected');
    return response.body.singleResult;
  }

  it('logs an unexpected error with request id, operation and stack; the client sees none of it', async () => {
    const result = await run('query Exploding { boom }', 'req-boom-1');
    expect(result.errors).toEqual([
      {
        message: '服务器内部错误，请稍后重试',
        locations: [{ line: 1, column: 19 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    const logged = lines.filter((l) => l.level === 50);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      requestId: 'req-boom-1',
      operationName: 'Exploding',
      path: ['boom'],
      err: {
        message: 'secret internals: password=hunter2',
        stack: expect.stringContaining('error-logging.test.ts'),
      },
    });
  });

  it('does not log expected errors at error level', async () => {
    lines.length = 0;
    const result = await run('query Refused { refused }', 'req-refused-1');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
