import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = process.env.API_URL ?? 'http://127.0.0.1:4000';

/** Dev mode (`pnpm dev`) serves the client on :5173 and proxies /graphql to the API server. */
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/graphql': { target: api, changeOrigin: true } } },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
  test: { environment: 'jsdom', include: ['src/**/__tests__/**/*.test.{ts,tsx}'] },
});
