import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/env';
import { buildAppSchema, printAppSchema } from './schema';

/** Path of the committed SDL that the client's operations are typed from. */
export const SCHEMA_FILE = path.join(REPO_ROOT, 'schema', 'schema.graphql');

/** Writes schema/schema.graphql (run by `pnpm --filter @skills/server build`). */
async function main(): Promise<void> {
  const sdl = printAppSchema(await buildAppSchema());
  const previous = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (previous !== sdl) {
    fs.writeFileSync(SCHEMA_FILE, sdl);
    console.log(`schema: wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
