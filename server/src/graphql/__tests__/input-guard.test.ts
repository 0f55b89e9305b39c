import { getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphQLResult, type TestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { seedTenants, type Tenants } from '../../../test/support/fixtures';
import { countStatements } from '../../../test/support/sql-counter';
import { NON_UUID_IDS } from '../input-guard';
import { buildBareSchema } from '../schema';

const UNKNOWN = '3f1a9c2e-7b4d-4e8f-9a6b-0c5d2e1f8a7b';

/**
 * The input guard (graphql/input-guard.ts): once per request, before any resolver or rule, text
 * PostgreSQL cannot store and ids that are not UUIDs answer BAD_USER_INPUT naming the argument.
 */
describe('input guard', () => {
  let db: TestDatabase;
  let t: Tenants;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await seedTenants(db.dataSource);
    api = await createTestApi(db.appDataSource, t.viewerOf(t.users.cityAdmin));
  });
  afterAll(async () => {
    await db?.drop();
  });

  const refusal = (result: GraphQLResult<unknown>) => {
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    return { code: error!.extensions?.code, argument: error!.extensions?.argument, message: error!.message };
  };

  it('every ID argument and input field of the schema is a uuid key (no exceptions listed)', async () => {
    // If a non-uuid ID is ever added (a code, a cursor), it must be listed in NON_UUID_IDS.
    const schema = await buildBareSchema();
    const ids: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type))
        for (const field of Object.values(type.getFields()))
          for (const arg of field.args)
            if (getNamedType(arg.type).name === 'ID') ids.push(`${type.name}.${field.name}(${arg.name})`);
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          if (getNamedType(field.type).name === 'ID') ids.push(`${type.name}.${field.name}`);
    }
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.filter((id) => NON_UUID_IDS.has(id))).toEqual([]);
    for (const id of ids) expect(id, 'every ID names a row: *id, *Id or *Ids').toMatch(/(id|Id|Ids)\)?$/);
  });

  it('refuses an id that is not a UUID, literal or variable, at any depth, naming the argument', async () => {
    expect(refusal(await api.query(`{ organisation(id: "42") { id } }`))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'id',
      message: expect.stringMatching(/^参数 id 不是有效的 ID（应为 UUID/u),
    });
    expect(
      refusal(await api.query(`{ plans(filter: { districtId: "wulong" }) { nodes { id } } }`)),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'filter.districtId',
    });
    expect(refusal(await api.query(`query ($id: ID!) { duty(id: $id) { id } }`, { id: 7 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: '$id',
    });
    const nested = await api.query(
      `mutation ($input: UpdateDutyInput!) { updateDuty(input: $input) { id } }`,
      {
        input: {
          dutyId: UNKNOWN,
          version: 1,
          cooperatingOrganisationIds: [UNKNOWN, "'; DROP TABLE duty; --"],
        },
      },
    );
    expect(refusal(nested)).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: '$input.cooperatingOrganisationIds[1]',
    });
  });

  it('refuses before any rule or resolver: signed out, the answer is BAD_USER_INPUT and no SQL runs', async () => {
    const counter = countStatements(db.appDataSource);
    const { result, count } = await counter.measure(() =>
      api.query(`{ duty(id: "not-a-uuid") { id } }`, undefined, null),
    );
    counter.stop();
    expect(refusal(result).code).toBe('BAD_USER_INPUT');
    expect(count).toBe(0);
  });

  it('a well-formed UUID that names nothing still answers NOT_FOUND (any case)', async () => {
    for (const id of [UNKNOWN, UNKNOWN.toUpperCase()]) {
      const result = await api.query(`query ($id: ID!) { organisation(id: $id) { id } }`, { id });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
  });

  it('refuses NUL and lone surrogates in literals, variables and input objects with the same messages', async () => {
    expect(
      refusal(await api.query(`{ organisations(filter: { search: "a\\u0000b" }) { nodes { id } } }`)),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'filter.search',
      message: '参数 filter.search 不能包含空字符（U+0000）',
    });
    expect(
      refusal(
        await api.query(`query ($f: OrganisationFilter) { organisations(filter: $f) { nodes { id } } }`, {
          f: { search: 'x\uD800y' },
        }),
      ),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      argument: '$f.search',
      message: '参数 $f.search 包含无效的 Unicode 字符（孤立的代理项）',
    });
    // A well-formed surrogate pair (an emoji) is text like any other.
    const emoji = await api.query(
      `query ($s: String) { organisations(filter: { search: $s }) { nodes { id } } }`,
      {
        s: '\uD83D\uDE00',
      },
    );
    expect(emoji.errors).toBeUndefined();
  });
});
