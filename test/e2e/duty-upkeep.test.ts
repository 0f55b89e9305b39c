import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { openPage } from '../support/pages';
import { graphql, newDataDir, startProduct, type Product } from '../support/product';
import { openDialog, pickOption } from '../support/antd';

const DEMO_PASSWORD = 'demo-2026';

/** A district admin keeps a duty's target up to date in the client; the change shows in 操作日志. */
describe('duty upkeep and the audit log in Chromium', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;
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

  async function newPage(): Promise<Page> {
    const page = await openPage(browser);
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  /** Duty 1 of 武隆区's department list, read through the API as its district admin. */
  async function wulongDutyOne(): Promise<string> {
    const signedIn = await graphql<{ signIn: { token: string } }>(
      product.url,
      'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      { u: 'demo-wulong-admin', p: DEMO_PASSWORD },
    );
    const token = signedIn.body.data!.signIn.token;
    const duties = await graphql<{ duties: { nodes: { id: string; seq: string; listKind: string }[] } }>(
      product.url,
      '{ duties(first: 200) { nodes { id seq listKind } } }',
      undefined,
      { authorization: `Bearer ${token}` },
    );
    const duty = duties.body.data!.duties.nodes.find((d) => d.seq === '1' && d.listKind === 'DEPARTMENT');
    if (!duty) throw new Error('no duty 1 of the department list');
    return duty.id;
  }

  it('武隆区 district admin changes a target with a reason, sees the history and the event in 操作日志', async () => {
    const dutyId = await wulongDutyOne();
    const page = await newPage();
    await page.goto(`${product.url}/duties/${dutyId}`);
    await page.getByLabel('用户名').fill('demo-wulong-admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();

    const dialog = await openDialog(page, page.getByRole('button', { name: '修改年度目标' }));
    await pickOption(page, dialog.getByLabel('年度'), '2020 年');
    // Choosing the year fills in its current target (2,100 人次).
    await expect.poll(() => dialog.getByLabel('目标值').inputValue()).toBe('2100');
    await dialog.getByLabel('目标值').fill('2300');
    // Without a reason the form refuses to save.
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写修改原因').waitFor();
    await dialog.getByLabel('修改原因').fill('区政府常务会议决定调增');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const history = page.getByTestId('target-history');
    await history.getByText('区政府常务会议决定调增').waitFor();
    const row = history.locator('tr', { hasText: '区政府常务会议决定调增' });
    const text = await row.textContent();
    expect(text).toContain('2020');
    expect(text).toContain('2,100');
    expect(text).toContain('2,300');
    expect(text).toContain('武隆区管理员（演示）');

    await page.getByRole('menuitem', { name: '操作日志' }).click();
    await page.waitForURL(/\/audit$/);
    const event = page.locator('tr', { hasText: '年度目标' }).filter({ hasText: '区政府常务会议决定调增' });
    await event.waitFor();
    expect(await event.textContent()).toContain('修改');
    expect(await event.textContent()).toContain('武隆区');
    // Expanded: the before/after diff of the target.
    await event.locator('.ant-table-row-expand-icon').click();
    const diff = page.locator('.audit-diff-changed', { hasText: 'value' });
    await diff.waitFor();
    expect(await diff.textContent()).toContain('2,100');
    expect(await diff.textContent()).toContain('2,300');
    expect(pageErrors).toEqual([]);
  });
});
