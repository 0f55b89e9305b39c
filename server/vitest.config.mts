import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * type-graphql and TypeORM read decorator metadata (emitDecoratorMetadata), which vitest's default
 * esbuild transform does not emit: SWC compiles the server's TypeScript for tests instead.
 */
const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql instance: type-graphql require()s the CommonJS build, so tests must not load the
    // .mjs build beside it ("Cannot use GraphQLScalarType from another module or realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })],
  test: {
    include: ['src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
