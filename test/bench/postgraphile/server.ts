/**
 * PostGraphile v5 (amber preset) on the product's database, for comparison (run under Node ≥ 22 by
 * the benchmark; PostGraphile is installed in test/bench/.cache, outside the workspace).
 *
 * Environment: PGL_CACHE (folder holding node_modules/postgraphile), PGL_PORT, PGL_DATABASE_URL,
 * PGL_SETTINGS (JSON of transaction-local settings applied to every request, e.g. the city admin's
 * app.* scope for row-level security; empty: none).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const cache = process.env.PGL_CACHE ?? '';
const port = Number(process.env.PGL_PORT);
const connectionString = process.env.PGL_DATABASE_URL ?? '';
const settings = process.env.PGL_SETTINGS
  ? (JSON.parse(process.env.PGL_SETTINGS) as Record<string, string>)
  : null;

const requireFromCache = createRequire(path.join(cache, 'package.json'));
const load = async (specifier: string) =>
  (await import(pathToFileURL(requireFromCache.resolve(specifier)).href)) as Record<string, unknown>;

type Fn = (...args: unknown[]) => unknown;
const { postgraphile } = (await load('postgraphile')) as { postgraphile: Fn };
const { PostGraphileAmberPreset } = await load('postgraphile/presets/amber');
const { makePgService } = (await load('postgraphile/adaptors/pg')) as { makePgService: Fn };
const { grafserv } = await load('postgraphile/grafserv/node');

const preset = {
  extends: [PostGraphileAmberPreset],
  // Order and filter by any column, as this server does (by default PostGraphile offers only indexed ones).
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ['public'],
      ...(settings ? { pgSettings: () => settings } : {}),
    }),
  ],
  grafserv: { port, host: '127.0.0.1', graphiql: false, watch: false, graphqlOverGET: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset) as {
  createServ(g: unknown): { addTo(server: http.Server): Promise<void> };
  release(): Promise<void>;
};
const serv = pgl.createServ(grafserv);
const server = http.createServer();
await serv.addTo(server);
server.listen(port, '127.0.0.1', () => console.log(`postgraphile listening on ${port}`));

const stop = () => {
  server.close();
  void pgl.release().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
