import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { openPage } from '../support/pages';
import { graphql, newDataDir, REPO_ROOT, startProduct, type Product } from '../support/product';
import { pickOption } from '../support/antd';

const DEMO_PASSWORD = 'demo-2026';
/** Screenshots of the institution flows (ignored by git; the lead attaches them to the review). */
const SHOTS = path.join(REPO_ROOT, 'test', '.data', 'screenshots');

/**
 * Issue 12 in Chromium: an institution files a qualification change and the district approves it;
 * a 大渡口区 institution (the district with a project-training catalogue, file 003) applies for a
 * project-based class, the district approves it and pays the advance, completion is filed and
 * audited, and the district's ledger actual goes up by the counted trainees.
 */
describe('institutions in Chromium', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    product = await startProduct({ PG_DATA_DIR: dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(width = 1440): Promise<Page> {
    const page = await openPage(browser, { viewport: { width, height: 900 } });
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function signIn(page: Page, username: string, to: string): Promise<void> {
    await page.goto(`${product.url}${to}`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    // The signed-in frame: 退出登录 in the header, or (narrower than 768 px) the 菜单 button.
    await page
      .getByRole('button', { name: /退出登录|菜单/ })
      .first()
      .waitFor();
  }

  /** Picks `option` in the antd Select labelled `label` (test/support/antd.ts). */
  async function choose(page: Page, label: string, option: string): Promise<void> {
    await pickOption(page, page.getByLabel(label), option);
  }

  async function token(username: string): Promise<string> {
    const r = await graphql<{ signIn: { token: string } }>(
      product.url,
      'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      { u: username, p: DEMO_PASSWORD },
    );
    return r.body.data!.signIn.token;
  }

  /** 大渡口区's ledger actual of `code` this year, read as its district admin. */
  async function dadukouActual(code: string): Promise<number> {
    const auth = { authorization: `Bearer ${await token('demo-dadukou-admin')}` };
    const plans = await graphql<{ plans: { nodes: { id: string; code: string }[] } }>(
      product.url,
      '{ plans(first: 200) { nodes { id code } } }',
      undefined,
      auth,
    );
    const plan = plans.body.data!.plans.nodes.find((p) => p.code === 'CQ-2021-GUIDANCE')!;
    const year = new Date().getFullYear();
    const r = await graphql<{ classLedgerActuals: { indicatorCode: string; value: number }[] }>(
      product.url,
      'query ($p: ID!, $y: Int!) { classLedgerActuals(planId: $p, year: $y) { indicatorCode value } }',
      { p: plan.id, y: year },
      auth,
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.classLedgerActuals.find((a) => a.indicatorCode === code)?.value ?? 0;
  }

  it('an institution files a qualification change and the district admin approves it', async () => {
    const page = await newPage(390);
    await signIn(page, 'demo-wulong-institution', '/institution');
    await page.getByRole('tab', { name: /资质/ }).click();
    await page.getByRole('button', { name: '申报资质备案' }).click();
    await choose(page, '资质类型', '办学许可证');
    await page.getByLabel('证书/备案编号').fill('渝武民办学E2E-001');
    await page.getByLabel('发证/备案机关').fill('武隆区人力资源和社会保障局');
    await page.getByLabel('有效期起').fill('2026-01-01');
    await page.getByLabel('有效期止').fill('2029-12-31');
    await page.getByRole('button', { name: '提交备案' }).click();
    await page.getByText('已提交，等待区县审核').waitFor();
    await page.getByRole('cell', { name: '待审核' }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'institution-filing-390.png'), fullPage: true });

    const admin = await newPage();
    await signIn(admin, 'demo-wulong-admin', '/institutions');
    const row = admin.getByRole('row', { name: /渝武民办学E2E-001/ });
    await row.getByRole('button', { name: '通过' }).click();
    await admin.getByText('已通过').first().waitFor();
    await admin.screenshot({ path: path.join(SHOTS, 'district-filing-approved.png'), fullPage: true });

    await page.reload();
    await page.getByRole('tab', { name: /资质/ }).click();
    await page.getByRole('cell', { name: '渝武民办学E2E-001' }).first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('a project-based class from the catalogue goes through every stage and raises the district’s actual', async () => {
    const before = await dadukouActual('GUIDANCE_PLAN');
    const school = await newPage();
    await signIn(school, 'demo-dadukou-institution', '/institution');
    await school.getByRole('tab', { name: '培训班' }).click();
    await school.getByRole('button', { name: '申请开班' }).click();
    await school.getByLabel('培训班名称').fill('工业机器人系统操作员项目制培训E2E');
    await choose(school, '培训类型', '重点群体就业技能项目制培训');
    await choose(school, '职业（工种，来自本区项目制培训目录）', '4. 工业机器人系统操作员');
    await school.getByLabel('计划人数').fill('20');
    await school.getByLabel('培训补贴（元）').fill('40000');
    await school.getByLabel('开班日期').fill('2026-01-05');
    await school.getByLabel('结束日期').fill('2026-02-05');
    await school.getByRole('button', { name: '提交开班申请' }).click();
    await school.getByText('开班申请已提交').waitFor();

    const admin = await newPage();
    await signIn(admin, 'demo-dadukou-admin', '/institutions');
    await admin.getByRole('tab', { name: '培训班台账' }).click();
    const row = () => admin.getByRole('row', { name: /工业机器人系统操作员项目制培训E2E/ });
    await row().getByRole('button', { name: '受理开班' }).click();
    await admin.getByText('已受理开班').waitFor();
    await row().getByRole('button', { name: '预拨资金' }).click();
    await admin.getByLabel('金额（元）').fill('8000.00');
    await admin.getByRole('button', { name: '确定' }).click();
    await row().getByText('预拨 8,000.00').waitFor();

    await school.reload();
    await school.getByRole('tab', { name: '培训班' }).click();
    await school.getByRole('button', { name: '申报结业' }).click();
    await school.getByLabel('结业人数').fill('18');
    await school.getByLabel('取证人数').fill('15');
    await school.getByRole('button', { name: '提交结业申报' }).click();
    await school.getByText('结业申报已提交').waitFor();
    expect(await dadukouActual('GUIDANCE_PLAN')).toBe(before);

    await admin.reload();
    await admin.getByRole('tab', { name: '培训班台账' }).click();
    await row().getByRole('button', { name: '结业审核通过' }).click();
    await admin.getByText('结业审核通过').first().waitFor();
    await admin.screenshot({ path: path.join(SHOTS, 'district-class-ledger.png'), fullPage: true });
    expect(await dadukouActual('GUIDANCE_PLAN')).toBe(before + 18);
    expect(pageErrors).toEqual([]);
  });
});
