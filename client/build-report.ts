import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/** Files worth compressing (text); images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipSize = (code: string | Uint8Array) => zlib.gzipSync(code, { level: 9 }).length;

/** A chunk and every chunk it imports statically (what the browser must load before it runs). */
function staticClosure(bundle: OutputBundle, start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const chunk = bundle[file];
    if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
  };
  visit(start);
  return seen;
}

function sizeOf(bundle: OutputBundle, files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const out = bundle[file];
    const code = out?.type === 'chunk' ? out.code : out?.source;
    if (code === undefined) continue;
    raw += typeof code === 'string' ? Buffer.byteLength(code) : code.length;
    gzip += gzipSize(code);
  }
  return { raw, gzip };
}

/**
 * Build-time report and precompression:
 * - prints the gzip size of every initial chunk (what index.html loads) and, for each lazy page,
 *   what it adds on top (its chunk and the shared chunks it imports that the entry does not);
 * - writes `x.br` and `x.gz` beside every text file of the build, which the server sends according
 *   to Accept-Encoding (server/src/http/static.ts).
 */
export function buildReport(): Plugin {
  let outDir = 'dist';
  return {
    name: 'skills-build-report',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) return;
      const initial = staticClosure(bundle, entry.fileName);
      const css = [...(entry.viteMetadata?.importedCss ?? [])];
      const lines: string[] = ['', 'initial chunks (loaded by index.html), gzip:'];
      for (const file of [...initial, ...css]) {
        const { raw, gzip } = sizeOf(bundle, [file]);
        lines.push(`  ${file.padEnd(44)} ${kb(raw).padStart(10)}  gzip ${kb(gzip).padStart(9)}`);
      }
      const total = sizeOf(bundle, [...initial, ...css]);
      lines.push(
        `  ${'initial total'.padEnd(44)} ${kb(total.raw).padStart(10)}  gzip ${kb(total.gzip).padStart(9)}`,
      );
      // A lazy chunk loads after the lazy chunk that imports it (a page after SignedInApp): its total
      // is the initial chunks, its own static closure and its importer's total.
      const dynamicEntries = chunks.filter((c) => c.isDynamicEntry);
      const totals = new Map<string, Set<string>>();
      const totalOf = (chunk: OutputChunk): Set<string> => {
        const known = totals.get(chunk.fileName);
        if (known) return known;
        const files = new Set([...initial, ...staticClosure(bundle, chunk.fileName)]);
        totals.set(chunk.fileName, files);
        const importer = dynamicEntries.find(
          (e) =>
            e !== chunk &&
            [...staticClosure(bundle, e.fileName)].some((f) => {
              const c = bundle[f];
              return !initial.has(f) && c?.type === 'chunk' && c.dynamicImports.includes(chunk.fileName);
            }),
        );
        if (importer) totalOf(importer).forEach((f) => files.add(f));
        return files;
      };
      lines.push(
        'lazy chunks: gzip of all JS loaded once the chunk runs (initial + importers + its own), gzip:',
      );
      for (const chunk of dynamicEntries) {
        const files = totalOf(chunk);
        const { gzip } = sizeOf(bundle, files);
        lines.push(`  ${chunk.name.padEnd(44)} total gzip ${kb(gzip).padStart(9)}  (${files.size} chunks)`);
        if (process.env.BUILD_REPORT_MODULES === chunk.name) {
          for (const f of files) lines.push(`      ${f} gzip ${kb(sizeOf(bundle, [f]).gzip)}`);
        }
      }
      if (process.env.BUILD_REPORT_MODULES) {
        // Which packages fill a chunk (BUILD_REPORT_MODULES=<chunk name>): rendered bytes by package.
        for (const chunk of chunks.filter((c) => c.name === process.env.BUILD_REPORT_MODULES || c.isEntry)) {
          const byPackage = new Map<string, number>();
          for (const [id, m] of Object.entries(chunk.modules)) {
            const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)(\/[^/]+)?/.exec(
              id,
            );
            const key = pkg
              ? `${pkg[1]}${pkg[1] === 'antd' || pkg[1]?.startsWith('@rc') ? (pkg[2] ?? '') : ''}`
              : 'src';
            byPackage.set(key, (byPackage.get(key) ?? 0) + m.renderedLength);
          }
          lines.push(`modules of ${chunk.fileName}:`);
          const top = Object.entries(chunk.modules)
            .map(([id, m]) => [id, m.code ? gzipSize(m.code) : 0] as const)
            .sort((a, b) => b[1] - a[1]);
          for (const [id, gz] of top.slice(0, 30))
            lines.push(`    gzip ${kb(gz).padStart(10)} ${id.replace(/.*node_modules\//, '')}`);
          for (const [key, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
            lines.push(`  ${key.padEnd(44)} ${kb(bytes).padStart(10)}`);
          }
        }
      }
      this.info(lines.join('\n'));
    },
    writeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
          const full = path.join(dir, d.name);
          return d.isDirectory() ? walk(full) : [full];
        });
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const data = fs.readFileSync(file);
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
        );
      }
    },
  };
}
