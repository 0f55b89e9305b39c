import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { runImportCli } from '../../../cli/import';
import { SOURCE_DATA_DIR } from '../../../seed/source-documents';
import { tableCounts } from './support';
import { captured } from '../../../../test/support/captured';

/** `pnpm import …` in-process against a test database (DATABASE_URL), output captured. */
let db: TestDatabase;
let tmp: string;
const saved = { DATABASE_URL: process.env.DATABASE_URL, INIT_CWD: process.env.INIT_CWD };

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return captured(() => runImportCli(args));
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.INIT_CWD = SOURCE_DATA_DIR;
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'skills-import-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  process.env.DATABASE_URL = saved.DATABASE_URL;
  process.env.INIT_CWD = saved.INIT_CWD;
  if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
  if (saved.INIT_CWD === undefined) delete process.env.INIT_CWD;
  await fs.rm(tmp, { recursive: true, force: true });
  await db?.drop();
});

describe('pnpm import', () => {
  it('imports the whole source-data folder (paths relative to where pnpm was run) and prints the reports', async () => {
    const { code, out, err } = await cli('.');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('文件 annex1-training-targets.csv：读取 42 行，新建 42，更新 0，未变 0；警告 3 条');
    expect(out).toMatch(/WARNING\s+CEILING_EXCEEDED\s+璧山区/u);
    expect(out).toContain('（跳过 3 行）');
    expect((await tableCounts(db.dataSource)).district).toBe(41);
  });

  it('imports one table into a plan with --plan and --kind, and again unchanged', async () => {
    const { code, out } = await cli(
      'plans/dadukou-2022-project-training/catalogue.csv',
      '--plan',
      'DADUKOU-2022-PROJECT-TRAINING',
      '--kind',
      'catalogue',
    );
    expect(code).toBe(0);
    expect(out).toBe('文件 catalogue.csv：读取 32 行，新建 0，更新 0，未变 32；警告 0 条\n');
  });

  it('prints an ImportError on one line and exits 1, writing nothing', async () => {
    const bad = path.join(tmp, 'bad.csv');
    await fs.writeFile(bad, '序号,名称\n1,钳工\n一,焊工\n');
    const before = await tableCounts(db.dataSource);
    const { code, out, err } = await cli(
      bad,
      '--plan',
      'DADUKOU-2022-PROJECT-TRAINING',
      '--kind',
      'CATALOGUE',
    );
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('错误：文件“bad.csv”第 3 行“序号”列：序号“一”应为正整数\n');
    expect(await tableCounts(db.dataSource)).toEqual(before);
  });

  it('explains its usage on a bad command line (exit 2)', async () => {
    const { code, err } = await cli('plans/beibei-2019/tasks.csv', '--plan', 'BEIBEI-2019');
    expect(code).toBe(2);
    expect(err).toContain('需要同时给出 --plan 和 --kind');
    expect(err).toContain('用法');
  });
});
