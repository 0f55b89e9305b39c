import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../emit-schema';
import { buildAppSchema, printAppSchema } from '../schema';

describe('schema/schema.graphql', () => {
  it('is exactly the SDL the server builds (run `pnpm schema` after changing the API)', async () => {
    const built = printAppSchema(await buildAppSchema());
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(built);
  });
});
