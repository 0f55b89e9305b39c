import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { buildReport } from './build-report';

const api = process.env.API_URL ?? 'http://127.0.0.1:4000';

/**
 * Dev mode (`pnpm dev`) serves the client on :5173 and proxies /graphql to the API server. The build
 * splits by page (React.lazy in src/app/routes.tsx), emits no source maps, precompresses every text
 * file (br + gzip) and prints the gzip size of the initial chunks and of each page (build-report.ts).
 */
export default defineConfig({
  plugins: [react(), buildReport()],
  server: { port: 5173, proxy: { '/graphql': { target: api, changeOrigin: true } } },
  build: { outDir: 'dist', sourcemap: false, reportCompressedSize: false, chunkSizeWarningLimit: 1000 },
  test: { environment: 'jsdom', include: ['src/**/__tests__/**/*.test.{ts,tsx}'] },
});
