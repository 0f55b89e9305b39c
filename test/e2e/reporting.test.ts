import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { openPage } from '../support/pages';
import { graphql, newDataDir, startProduct, type Product } from '../support/product';

const DEMO_PASSWORD = 'demo-2026';
const COOP_PASSWORD = 'Coop-pass-2026';

/**
 * The reporting cycle in Chromium (docs/reporting.md), on the built product with the shipped
 * 武隆区 plan (2019—2021, monthly): every period is past due by the real clock, so reports are
 * accepted and marked late. A department head submits, the district admin returns it with a
 * reason, the head corrects and resubmits, the admin approves and the report is locked; the chase
 * list shows a unit that did not report and the reminder reaches its user's 待办; the cooperating
 * unit's contribution shows on the lead's report.
 */
describe('reporting cycle in Chromium', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;
  let adminToken: string;
  let dutyId: string;
  let periodId: string;
  let coopOrg: { id: string; name: string };

  const api = async <T>(query: string, variables?: Record<string, unknown>, token = adminToken) => {
    const result = await graphql<T>(product.url, query, variables, { authorization: `Bearer ${token}` });
    if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
    return result.body.data as T;
  };
  const tokenOf = async (username: string, password = DEMO_PASSWORD) => {
    const r = await graphql<{ signIn: { token: string } }>(
      product.url,
      'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      { u: username, p: password },
    );
    return r.body.data!.signIn.token;
  };

  beforeAll(async () => {
    product = await startProduct({ PG_DATA_DIR: dataDir });
    browser = await launchBrowser();
    adminToken = await tokenOf('demo-wulong-admin');
    // Duty 1 of the 武隆区 department list (lead: 区人力社保局) and a cooperating unit of it.
    const { plans } = await api<{ plans: { nodes: { id: string; code: string }[] } }>(
      `{ plans(first: 100) { nodes { id code } } }`,
    );
    const plan = plans.nodes.find((p) => p.code === 'WULONG-2019')!;
    const { duties } = await api<{
      duties: {
        nodes: {
          id: string;
          seq: string;
          listKind: string;
          assignments: { role: string; organisation: { id: string; name: string } | null }[];
        }[];
      };
    }>(
      `query($p: ID!) { duties(filter: { planId: $p, listKind: DEPARTMENT }, first: 100) { nodes { id seq listKind assignments { role organisation { id name } } } } }`,
      { p: plan.id },
    );
    const duty = duties.nodes.find((d) => d.seq === '1')!;
    dutyId = duty.id;
    coopOrg = duty.assignments.find((a) => a.role === 'COOPERATING' && a.organisation)!.organisation!;
    const { reportingPeriods } = await api<{ reportingPeriods: { id: string; label: string }[] }>(
      `query($p: ID!) { reportingPeriods(planId: $p) { id label } }`,
      { p: plan.id },
    );
    periodId = reportingPeriods.find((p) => p.label === '2019年1月')!.id;
    await api(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: {
        username: 'e2e-coop',
        displayName: '配合单位负责人',
        password: COOP_PASSWORD,
        grant: { role: 'DEPARTMENT_HEAD', organisationId: coopOrg.id },
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(width = 1440): Promise<Page> {
    const page = await openPage(browser, { viewport: { width, height: 900 } });
    return page;
  }
  async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
    await page.goto(product.url);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    // The signed-in frame: 退出登录 in the header, or (narrower than 768 px) the 菜单 button.
    await page
      .getByRole('button', { name: /退出登录|菜单/ })
      .first()
      .waitFor();
  }
  const reportUrl = () => `${product.url}/report/${dutyId}/${periodId}`;

  it('a head submits late, the admin returns it with a reason, the head resubmits, the admin approves and it is locked', async () => {
    const head = await newPage();
    await signIn(head, 'demo-wulong-hr');
    await head.getByRole('menuitem', { name: '我的任务' }).click();
    await head.getByText('截止日期过后仍可补报').waitFor();
    // Nothing reported yet: the first period is overdue.
    await expect.poll(() => head.locator('[data-task-state="OVERDUE"]').count()).toBeGreaterThan(0);

    await head.goto(reportUrl());
    await head.getByText('本期已过截止日期').waitFor();
    await head.getByLabel('本期完成数').fill('1200');
    await head.getByLabel('责任清单第1项进展').fill('已完成一月培训计划');
    await head.getByLabel('总体进展说明').fill('一月培训 1,200 人次');
    await head.getByRole('button', { name: '提交' }).click();
    await head.locator('[data-report-status="SUBMITTED"]').first().waitFor();
    await head.getByText('逾期报送').first().waitFor();

    const admin = await newPage();
    await signIn(admin, 'demo-wulong-admin');
    await admin.getByRole('menuitem', { name: '审核' }).click();
    await admin.locator('[data-review-org="区人力社保局"]').first().waitFor();
    const row = admin.locator('tr', { has: admin.locator('[data-review-org="区人力社保局"]') }).first();
    await row.getByRole('button', { name: '退回' }).click();
    // A return without a reason is refused by the same rule as the server's.
    await admin.getByRole('button', { name: '确认退回' }).click();
    await admin.getByText('退回时必须填写退回原因').waitFor();
    await admin.getByLabel('退回原因').fill('请补充培训台账');
    await admin.getByRole('button', { name: '确认退回' }).click();
    await admin.getByText('已退回').first().waitFor();

    await head.reload();
    await expect.poll(() => head.getByTestId('return-reason').textContent()).toBe('请补充培训台账');
    await head.getByLabel('本期完成数').fill('1250');
    await head.getByRole('button', { name: '重新提交' }).click();
    await head.locator('[data-report-status="RESUBMITTED"]').first().waitFor();
    // The history shows the return with its reason.
    await head.getByText('退回原因：请补充培训台账').waitFor();

    await admin.reload();
    const again = admin.locator('tr', { has: admin.locator('[data-review-org="区人力社保局"]') }).first();
    await again.getByRole('button', { name: '通过' }).click();
    await admin.getByText('已审核通过，报送已锁定').waitFor();

    await head.reload();
    await head.locator('[data-report-status="APPROVED"]').first().waitFor();
    await head.getByText('已审核通过，报送已锁定').waitFor();
    expect(await head.getByLabel('本期完成数').isDisabled()).toBe(true);
    expect(await head.getByRole('button', { name: '提交' }).count()).toBe(0);
    expect(await head.getByTestId('duty-figure').textContent()).toBe('1,250');
  });

  it('the chase list shows a unit that did not report, and the reminder reaches its user’s 待办', async () => {
    const admin = await newPage();
    await signIn(admin, 'demo-wulong-admin');
    await admin.getByRole('menuitem', { name: '催办' }).click();
    await admin.getByRole('combobox', { name: '报送期' }).click();
    await admin.getByTitle('2019年1月（截止 2019-02-10）').click();
    const row = admin.locator('tr', { has: admin.locator(`[data-chase-org="${coopOrg.name}"]`) }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('未报送');
    await row.getByRole('button', { name: '发送催办' }).click();
    await admin.getByText(`已向${coopOrg.name}发送催办`).waitFor();

    const coop = await newPage(390);
    await signIn(coop, 'e2e-coop', COOP_PASSWORD);
    await expect.poll(() => coop.locator('.ant-badge-count').first().textContent()).not.toBe('0');
    await coop.getByTestId('todo-bell').click();
    await coop.locator('[data-todo-kind="REMINDER"]').first().waitFor();
    expect(await coop.locator('[data-todo-kind="REMINDER"]').first().textContent()).toContain('2019年1月');
    // Opening it goes to the report form, one column that fits a 390 px screen.
    await coop.locator('[data-todo-kind="REMINDER"]').first().click();
    const narrative = coop.getByLabel('总体进展说明');
    await narrative.waitFor();
    const box = await narrative.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const value = await coop.getByLabel('本期完成数').boundingBox();
    expect(value!.y).toBeLessThan(box!.y); // stacked, not side by side
  });

  it('a cooperating unit’s contribution shows on the lead’s report, beside the lead’s figure', async () => {
    const coop = await newPage(390);
    await signIn(coop, 'e2e-coop', COOP_PASSWORD);
    await coop.goto(reportUrl());
    await coop.getByLabel('本期完成数').fill('300');
    await coop.getByLabel('总体进展说明').fill('配合开展培训 300 人次');
    await coop.getByRole('button', { name: '提交' }).click();
    await coop.locator('[data-report-status="SUBMITTED"]').first().waitFor();

    const head = await newPage();
    await signIn(head, 'demo-wulong-hr');
    await head.goto(reportUrl());
    await expect
      .poll(() => head.locator(`[data-contribution-value="${coopOrg.name}"]`).textContent())
      .toBe('300');
    // The duty's figure stays the lead's consolidated number (not 1,250 + 300).
    expect(await head.getByTestId('duty-figure').textContent()).toBe('1,250');
  });
});
