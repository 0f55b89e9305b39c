import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Browsers a machine may have installed itself, tried in order after `CHROMIUM_PATH`. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Noto Sans SC (regular and bold) from the `@expo-google-fonts/noto-sans-sc` npm package. */
const CJK_FONTS = ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf'];

export interface BrowserExecutable {
  path: string;
  /** Where it came from: `CHROMIUM_PATH`, `system` or `@sparticuz/chromium`. */
  source: string;
  /** Extra environment of the browser process (shared libraries, fontconfig). */
  env: Record<string, string>;
}

/** The folder of an installed npm package (its exports may not list package.json). */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || !dir.endsWith(name.replace('/', path.sep))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

/** Brotli-decompresses `file` into `target` (a file), or through `tar -x` into `target` (a folder). */
function inflate(file: string, target: string, isTar: boolean): void {
  const data = zlib.brotliDecompressSync(fs.readFileSync(file));
  if (!isTar) {
    fs.writeFileSync(target, data, { mode: 0o755 });
    return;
  }
  fs.mkdirSync(target, { recursive: true });
  const tar = spawnSync('tar', ['-x', '-C', target], { input: data });
  if (tar.status !== 0) throw new Error(`tar -x ${file} failed: ${tar.stderr.toString()}`);
}

/**
 * The headless Chromium shipped inside the `@sparticuz/chromium` npm tarball, unpacked once per
 * version into the system's temporary folder (into a fresh folder then renamed, so concurrent test
 * runs never see half an unpack). It brings its own NSS/expat libraries (al2023.tar.br).
 */
function packagedChromium(): { binary: string; libs: string; fonts: string } {
  const pkg = packageRoot('@sparticuz/chromium');
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as {
    version: string;
  };
  const bin = path.join(pkg, 'bin');
  const root = path.join(os.tmpdir(), `skills-e2e-chromium-${version}-${process.getuid?.() ?? 0}`);
  if (!fs.existsSync(path.join(root, 'chromium'))) {
    const staging = fs.mkdtempSync(`${root}.partial-`);
    inflate(path.join(bin, 'chromium.br'), path.join(staging, 'chromium'), false);
    inflate(path.join(bin, 'al2023.tar.br'), staging, true);
    inflate(path.join(bin, 'fonts.tar.br'), path.join(staging, 'fonts-pkg'), true);
    try {
      fs.renameSync(staging, root);
    } catch {
      // Another run unpacked it first.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return {
    binary: path.join(root, 'chromium'),
    libs: path.join(root, 'lib'),
    fonts: path.join(root, 'fonts-pkg', 'fonts'),
  };
}

/**
 * A fontconfig file that adds Noto Sans SC (from npm, not a system font package) to whatever fonts
 * the machine has, so that screenshots show Chinese text. Written once into the temporary folder.
 */
function fontconfigFile(extraDirs: string[]): string {
  const fontPkg = packageRoot('@expo-google-fonts/noto-sans-sc');
  const dir = path.join(os.tmpdir(), `skills-e2e-fonts-${process.getuid?.() ?? 0}`);
  const fontsDir = path.join(dir, 'fonts');
  fs.mkdirSync(fontsDir, { recursive: true });
  for (const font of CJK_FONTS) {
    const target = path.join(fontsDir, path.basename(font));
    if (!fs.existsSync(target)) {
      const tmp = `${target}.${process.pid}`;
      fs.copyFileSync(path.join(fontPkg, font), tmp);
      fs.renameSync(tmp, target);
    }
  }
  const conf = path.join(dir, 'fonts.conf');
  const dirs = [fontsDir, ...extraDirs].map((d) => `  <dir>${d}</dir>`).join('\n');
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${dirs}
  <cachedir>${path.join(dir, 'cache')}</cachedir>
  <alias><family>sans-serif</family><prefer><family>Noto Sans SC</family></prefer></alias>
</fontconfig>
`;
  if (!fs.existsSync(conf) || fs.readFileSync(conf, 'utf8') !== xml) {
    fs.writeFileSync(`${conf}.${process.pid}`, xml);
    fs.renameSync(`${conf}.${process.pid}`, conf);
  }
  return conf;
}

/**
 * The browser of the suite, found without any download: `CHROMIUM_PATH`, else a system Chromium,
 * else the one packed inside `@sparticuz/chromium`. Either way Noto Sans SC comes from npm.
 */
export function findChromium(): BrowserExecutable {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist`);
    return { path: given, source: 'CHROMIUM_PATH', env: { FONTCONFIG_FILE: fontconfigFile([]) } };
  }
  const system = SYSTEM_CHROMIUMS.find((p) => fs.existsSync(p));
  if (system) return { path: system, source: 'system', env: { FONTCONFIG_FILE: fontconfigFile([]) } };
  const packaged = packagedChromium();
  const libs = [packaged.libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    path: packaged.binary,
    source: '@sparticuz/chromium',
    env: { LD_LIBRARY_PATH: libs, FONTCONFIG_FILE: fontconfigFile([packaged.fonts]) },
  };
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export function launchBrowser(): Promise<Browser> {
  const exe = findChromium();
  return chromium.launch({
    executablePath: exe.path,
    headless: true,
    env: { ...process.env, ...exe.env } as Record<string, string>,
    args: [
      '--no-sandbox',
      '--no-zygote',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  });
}
