/**
 * Loads graphql-js in its production mode whatever NODE_ENV says. graphql-js decides once, when it
 * is loaded, whether its `instanceOf` runs a development check (a multi-realm diagnostic that
 * inspects values on every failed instanceof: about 7% of the CPU of a list query in a profile,
 * issue 8). The product keeps NODE_ENV for its own meaning (demo accounts, secure cookies,
 * introspection: config/env.ts), so `pnpm start` in development answers as fast as in production.
 *
 * Must be the first import of the entry point (main.ts), before anything that loads graphql.
 * Tests do not import it: they keep graphql-js's development checks.
 */
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('graphql');
} finally {
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
}

export {};
