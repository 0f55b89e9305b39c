import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { openPage } from '../support/pages';
import { graphql, newDataDir, REPO_ROOT, startProduct, type Product } from '../support/product';

const DEMO_PASSWORD = 'demo-2026';
const GUIDANCE_PLAN = '2021年全市职业技能提升行动指导性计划';
const BISHAN_CEILING = '璧山区“家服培训”为 2500，超过“目标计划” 9700 的 20%（上限 1940），实际占 25.8%';

/** The admin client in a real browser, served by the built product with the shipped documents. */
describe('admin client in Chromium', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;
  /** Page errors of every page opened through `newPage`, checked after each test. */
  let pageErrors: string[] = [];

  beforeAll(async () => {
    product = await startProduct({ PG_DATA_DIR: dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A page in a fresh browser context (own cookies), 1440×900. */
  async function newPage(): Promise<Page> {
    const page = await openPage(browser);
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
  }

  /** The id of a plan, read through the API as the city. */
  async function planId(title: string): Promise<string> {
    const signedIn = await graphql<{ signIn: { token: string } }>(
      product.url,
      'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      { u: 'demo-city', p: DEMO_PASSWORD },
    );
    const token = signedIn.body.data!.signIn.token;
    const plans = await graphql<{ plans: { nodes: { id: string; title: string }[] } }>(
      product.url,
      '{ plans(first: 200) { nodes { id title } } }',
      undefined,
      { authorization: `Bearer ${token}` },
    );
    const plan = plans.body.data!.plans.nodes.find((p) => p.title === title);
    if (!plan) throw new Error(`no plan ${title}`);
    return plan.id;
  }

  it('shows the sign-in page at any address and the server’s message for a wrong password or a lock', async () => {
    const page = await newPage();
    await page.goto(`${product.url}/plans/any`);
    expect(await page.title()).toBe('职业技能提升行动责任管理平台');
    await page.getByRole('button', { name: '登录' }).waitFor();

    await signIn(page, 'demo-city', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    // Still signed out: no app frame.
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);

    // Five failures lock a username (unknown ones too); the sixth answer is the lockout message.
    for (let i = 0; i < 6; i++) {
      const answered = page.waitForResponse(
        (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('SignIn'),
      );
      await signIn(page, 'e2e-nobody', 'wrong-password');
      await answered;
    }
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/登录失败次数过多，该账号已被临时锁定，请于 \d{2}:\d{2}（北京时间）后重试/);
    expect(pageErrors).toEqual([]);
  });

  it('city admin: the 2021 guidance plan’s allocation matrix has 41 districts and the 璧山区 ceiling warning', async () => {
    const page = await newPage();
    await page.goto(`${product.url}/`);
    await signIn(page, 'demo-city');

    // Header: display name, grant in Chinese, 退出登录.
    await page.getByTestId('viewer-name').getByText('市人力社保局（演示）').waitFor();
    await page.getByText('市人力社保局 · 全市').first().waitFor();

    await page.getByRole('menuitem', { name: '计划' }).click();
    await page.getByRole('link', { name: GUIDANCE_PLAN }).click();
    await page.getByRole('tab', { name: '年度分配表' }).waitFor();

    const matrix = page.getByTestId('allocation-matrix');
    await matrix.locator('tr.ant-table-row').first().waitFor();
    expect(await matrix.locator('tr.ant-table-row').count()).toBe(41);

    // The warning is listed with its message, and the 璧山区 家服培训 cell is flagged.
    await page.getByText(BISHAN_CEILING).waitFor();
    const bishan = matrix.locator('tr.ant-table-row', { hasText: '璧山区' });
    const flagged = bishan.locator('[data-warning~="CEILING_EXCEEDED"]');
    expect(await flagged.count()).toBe(1);
    expect(await flagged.textContent()).toBe('2,500');

    // Totals: computed, and the document's claim with its difference flagged (新职业培训 20090 vs 20000).
    await matrix.getByText('合计（计算）').waitFor();
    await matrix.getByText('文件合计').waitFor();
    expect(await matrix.locator('[data-warning~="TOTAL_MISMATCH"]').textContent()).toBe('20,090');

    await page.getByRole('menuitem', { name: '系统状态' }).click();
    await page.getByText(/PostgreSQL \d+/).waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('武隆区 district admin: 26 department duties, 区人力社保局 leads duty 1, and nothing of 北碚区', async () => {
    const beibeiPlan = await planId('关于推行终身职业技能培训制度的实施意见');
    const page = await newPage();
    await page.goto(`${product.url}/matrix`);
    await signIn(page, 'demo-wulong-admin');

    await page.getByText('区县管理员 · 武隆区').first().waitFor();
    const matrix = page.getByTestId('responsibility-matrix');
    await matrix.locator('tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('plan-select').textContent()).toContain('武隆区职业技能提升行动实施方案');
    expect(await matrix.locator('tr.ant-table-row').count()).toBe(26);

    const lead = matrix.locator('[data-cell="1|区人力社保局"]');
    expect(await lead.textContent()).toBe('牵头');
    expect(await matrix.locator('[data-cell="2|区人力社保局"]').textContent()).toBe('配合');

    // Duty 1 opens in a drawer with its 责任清单 and its lead unit.
    await matrix.getByRole('button', { name: /对农村转移就业劳动者/ }).click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.getByText('做好统筹协调工作。').waitFor();
    const leadRow = drawer.locator('tr', { hasText: '区人力社保局' }).first();
    expect(await leadRow.textContent()).toContain('牵头');
    await page.keyboard.press('Escape');

    // The only district plan offered is 武隆区's.
    await page.getByTestId('plan-select').click();
    const options = page.locator('.ant-select-item-option');
    await options.first().waitFor();
    expect(await options.count()).toBe(1);
    expect((await options.allTextContents()).join()).not.toContain('北碚');
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });

    // 计划: city plans and 武隆区's, no 北碚区 plan; its address answers as if it did not exist.
    await page.getByRole('menuitem', { name: '计划' }).click();
    await page.waitForURL(/\/plans$/);
    await page.getByRole('cell', { name: '武隆府办发〔2019〕98号', exact: true }).waitFor();
    await page.getByRole('cell', { name: '渝人社〔2021〕444号', exact: true }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('北碚');
    await page.goto(`${product.url}/plans/${beibeiPlan}`);
    await page.getByText('未找到，或不在您的可见范围内').waitFor();

    // 单位: no organisation of 北碚区.
    await page.getByRole('menuitem', { name: '单位' }).click();
    await page.getByText(/已显示 \d+ \/ 共 \d+ 条/).waitFor();
    expect(await page.locator('main, .ant-layout-content').first().textContent()).not.toContain('北碚');
    expect(pageErrors).toEqual([]);
  });
  it('武隆区 district admin: re-importing the department list through the import page changes nothing and says so', async () => {
    const page = await newPage();
    await page.goto(`${product.url}/import`);
    await signIn(page, 'demo-wulong-admin');
    await page.getByText('导入计划表格').waitFor();
    await page.getByTestId('import-plan').click();
    await page.getByTitle(/武隆区职业技能提升行动实施方案/).click();
    await page.getByTestId('import-kind').click();
    await page.getByTitle(/^责任清单/).click();
    await page
      .locator('input[type=file]')
      .setInputFiles(
        path.join(REPO_ROOT, 'packages/source-data/plans/wulong-2019/annex1-department-duties.csv'),
      );
    await page.getByRole('button', { name: '导入', exact: true }).click();
    const report = page.getByText('导入报告：annex1-department-duties.csv');
    await report.waitFor();
    const summary = await page.locator('.ant-descriptions').textContent();
    expect(summary).toContain('读取行数27');
    expect(summary).toContain('新增0');
    expect(summary).toContain('更新0');
    // The city plan is not offered to a district admin.
    await page.getByTestId('import-plan').click();
    expect(await page.getByTitle(/全市职业技能提升行动指导性计划/).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
