import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findChromium, launchBrowser } from '../support/browser';
import { CONTEXT_DEFAULTS, openPage, watchPage } from '../support/pages';
import { graphql, newDataDir, REPO_ROOT, startProduct, type Product } from '../support/product';

const DEMO_PASSWORD = 'demo-2026';
const GUIDANCE_PLAN = '2021年全市职业技能提升行动指导性计划';
const WULONG_PLAN = '武隆区职业技能提升行动实施方案（2019—2021年）';
const BEIBEI_PLAN = '关于推行终身职业技能培训制度的实施意见';
const PHONE = { width: 390, height: 844 };
/** Figures of the first load, kept in the repository (a measurement, not an assertion). */
const FIRST_LOAD_FILE = path.join(REPO_ROOT, 'test', 'perf', 'first-load.json');
const SCREENSHOTS = path.join(REPO_ROOT, 'test', '.data', 'screenshots');

/**
 * Delivery: the phone layout, the first load of the built client (compression, caching, bytes and
 * time), and screens that must not say something false.
 */
describe('admin client delivery', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    product = await startProduct({ PG_DATA_DIR: dataDir });
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
    const page = await openPage(browser, { viewport });
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  }

  /** Signs a browser context in through the API (the session cookie lands in the context). */
  async function signInContext(context: BrowserContext, username: string): Promise<void> {
    const res = await context.request.post(`${product.url}/graphql`, {
      data: {
        query: 'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { expiresAt } }',
        variables: { u: username, p: DEMO_PASSWORD },
      },
    });
    expect(res.ok()).toBe(true);
  }

  async function cityToken(): Promise<string> {
    const signedIn = await graphql<{ signIn: { token: string } }>(
      product.url,
      'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      { u: 'demo-city', p: DEMO_PASSWORD },
    );
    return signedIn.body.data!.signIn.token;
  }

  async function planId(title: string): Promise<string> {
    const plans = await graphql<{ plans: { nodes: { id: string; title: string }[] } }>(
      product.url,
      '{ plans(first: 200) { nodes { id title } } }',
      undefined,
      { authorization: `Bearer ${await cityToken()}` },
    );
    const plan = plans.body.data!.plans.nodes.find((p) => p.title === title);
    if (!plan) throw new Error(`no plan ${title}`);
    return plan.id;
  }

  const scrollWidth = (page: Page) =>
    page.evaluate('document.documentElement.scrollWidth') as Promise<number>;

  it('phone 390×844: sign-in and 我的任务 fit the width, the menu opens from the header, 退出登录 is reachable', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${product.url}/duties`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-sign-in.png') });

    await signIn(page, 'demo-wulong-hr');
    // On a phone each duty is a block with its title, plan, list, role and target (no wide table).
    const duty = page.getByTestId('my-duties-list').locator('.ant-list-item').first();
    await duty.waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    const text = await duty.textContent();
    expect(text).toContain(WULONG_PLAN);
    expect(text).toMatch(/本单位：(牵头|配合)/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-my-duties.png') });

    await page.getByRole('button', { name: '菜单' }).click();
    const signOut = page.getByRole('button', { name: '退出登录' });
    await signOut.waitFor();
    // Once the drawer has slid in, the button lies wholly on screen.
    await expect.poll(async () => (await signOut.boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(0);
    const box = (await signOut.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-menu.png') });
    await signOut.click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('phone 390×844: every page of a district admin fits the width', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${product.url}/`);
    await signIn(page, 'demo-wulong-admin');
    await page.getByRole('button', { name: '菜单' }).waitFor();
    const widths: Record<string, number> = {};
    for (const p of ['/', '/plans', '/matrix', '/organisations', '/users', '/import', '/system']) {
      await page.goto(`${product.url}${p}`);
      await page.locator('.ant-card').first().waitFor();
      await page.waitForLoadState('networkidle');
      widths[p] = await scrollWidth(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `phone${p.replace(/\//g, '-')}.png`) });
    }
    expect(widths).toEqual(Object.fromEntries(Object.keys(widths).map((p) => [p, PHONE.width])));
    expect(pageErrors).toEqual([]);
  });

  it('a user who asked the system for reduced motion gets dialogs without animation; others get the animation', async () => {
    // Records every class of a running antd animation (zoom, fade: the start and active steps; the
    // prepare step only measures, it moves nothing) any element carried from the first paint on.
    const recorder = `window.__motion = new Set();
      new MutationObserver((records) => {
        for (const r of records) {
          const els = r.type === 'attributes' ? [r.target] : [...r.addedNodes].filter((n) => n.nodeType === 1)
            .flatMap((n) => [n, ...n.querySelectorAll('[class]')]);
          for (const el of els) for (const c of el.classList || []) if (/^ant-(zoom|fade)-(appear|enter|leave)-(start|active)$/.test(c)) window.__motion.add(c);
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });`;
    const motionOf = async (reducedMotion: 'reduce' | 'no-preference') => {
      const page = await openPage(browser, { reducedMotion });
      await page.addInitScript({ content: recorder });
      await page.goto(product.url);
      await signIn(page, 'demo-wulong-hr');
      await page.getByRole('button', { name: '修改密码' }).click();
      await page.getByRole('dialog').getByLabel('当前密码').waitFor();
      // Read once the dialog has settled (its animation, or only its prepare step, is over).
      const settled =
        "(() => { const m = document.querySelector('.ant-modal'); return !!m && !/ant-zoom-appear/.test(m.className); })()";
      await expect.poll(() => page.evaluate(settled)).toBe(true);
      return (await page.evaluate('[...window.__motion]')) as string[];
    };
    expect(await motionOf('no-preference')).toEqual(expect.arrayContaining(['ant-zoom-appear-active']));
    expect(await motionOf('reduce')).toEqual([]);
  });

  it('serves the client compressed and cached: br for a browser, immutable hashed assets, no-cache index, no source maps', async () => {
    const page = await openPage(browser);
    const assets: { url: string; encoding?: string; cache?: string }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/assets/') && r.url().endsWith('.js')) {
        assets.push({
          url: r.url(),
          encoding: r.headers()['content-encoding'],
          cache: r.headers()['cache-control'],
        });
      }
    });
    const index = await page.goto(`${product.url}/`);
    expect(index!.headers()['cache-control']).toBe('no-cache');
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(assets.length).toBeGreaterThan(1);
    for (const a of assets) {
      expect(a.encoding).toBe('br');
      expect(a.cache).toBe('public, max-age=31536000, immutable');
    }
    const map = await fetch(`${assets[0]!.url}.map`);
    expect(map.status).toBe(404);
    await page.context().close();
  });

  it('measures the first load of the guidance plan’s allocation table (bytes over the wire, time to its last row)', async () => {
    const id = await planId(GUIDANCE_PLAN);
    const context = await browser.newContext(CONTEXT_DEFAULTS);
    await signInContext(context, 'demo-city');
    const page = await context.newPage();
    await watchPage(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const kinds = new Map<string, string>();
    const bytes = { total: 0, script: 0, graphql: 0 };
    let requests = 0;
    cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, e.response.url));
    cdp.on('Network.loadingFinished', (e) => {
      requests += 1;
      bytes.total += e.encodedDataLength;
      const url = kinds.get(e.requestId) ?? '';
      if (url.endsWith('.js')) bytes.script += e.encodedDataLength;
      if (url.endsWith('/graphql')) bytes.graphql += e.encodedDataLength;
    });
    const started = Date.now();
    await page.goto(`${product.url}/plans/${id}`);
    await page.getByRole('tab', { name: '年度分配表' }).click();
    const rows = page.getByTestId('allocation-matrix').locator('tr.ant-table-row');
    await rows.nth(40).waitFor();
    const msToLastRow = Date.now() - started;
    expect(await rows.count()).toBe(41);
    const figures = {
      page: `/plans/:id 年度分配表 (${GUIDANCE_PLAN}), 41 rows, city admin, cold cache, 1440×900`,
      browser: `${findChromium().source} ${browser.version()}`,
      requests,
      transferredBytes: bytes.total,
      scriptBytes: bytes.script,
      graphqlBytes: bytes.graphql,
      msToLastRow,
      measuredAt: new Date().toISOString(),
    };
    fs.mkdirSync(path.dirname(FIRST_LOAD_FILE), { recursive: true });
    fs.writeFileSync(FIRST_LOAD_FILE, `${JSON.stringify(figures, null, 2)}\n`);
    console.log('first load:', figures);
    await context.close();
  });

  it('organisation roles: an empty matrix and a unit’s duties say "hidden from you", not "none"', async () => {
    const wulong = await planId(WULONG_PLAN);
    const page = await newPage();
    await page.goto(`${product.url}/matrix?planId=${wulong}&kind=DEPARTMENT`);
    await signIn(page, 'demo-wulong-institution');
    const empty = page.getByText(/该计划的部门责任清单有 26 项重点工作，但没有您的单位承担的/);
    await empty.waitFor();
    expect(await page.getByText('该计划没有部门责任清单').count()).toBe(0);

    await page.getByRole('menuitem', { name: '单位' }).click();
    await page.getByLabel('搜索单位').fill('区人力社保局');
    await page.getByRole('cell', { name: '区人力社保局', exact: true }).first().click();
    const count = page.getByTestId('organisation-duty-count');
    await expect.poll(() => count.textContent()).toMatch(/承担的重点工作（[1-9]\d*）/);
    await page.getByText(/项重点工作，均不在您的可见范围内/).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('matrix: the city opens on a plan with a duty list; another district’s plan in the address is said to be not visible', async () => {
    const page = await newPage();
    await page.goto(`${product.url}/matrix`);
    await signIn(page, 'demo-city');
    const matrix = page.getByTestId('responsibility-matrix');
    await matrix.locator('tr.ant-table-row').first().waitFor();
    expect(await page.getByText(/该计划没有.*责任清单/).count()).toBe(0);

    const beibei = await planId(BEIBEI_PLAN);
    const admin = await newPage();
    await admin.goto(`${product.url}/matrix?planId=${beibei}`);
    await signIn(admin, 'demo-wulong-admin');
    await admin.getByTestId('unknown-plan').getByText('地址中的计划不存在，或不在您的可见范围内').waitFor();
    // Nothing of the viewer's own plan is passed off as the plan asked for.
    expect(await admin.getByTestId('responsibility-matrix').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('an HTTP 500 is the server’s error, not 无法连接服务器; a unit list that failed to load is not 没有单位', async () => {
    const page = await newPage();
    await page.route('**/graphql', (route) => route.fulfill({ status: 500, body: 'Internal Server Error' }));
    await page.goto(`${product.url}/`);
    await page.getByText('服务器出错').waitFor();
    await page.getByText('服务器错误（HTTP 500），请稍后重试').waitFor();
    expect(await page.getByText('无法连接服务器').count()).toBe(0);
    await page.unroute('**/graphql');

    await page.getByRole('button', { name: '重试' }).click();
    await signIn(page, 'demo-wulong-admin');
    await page.getByRole('menuitem', { name: '单位' }).waitFor();
    // The network goes down for the unit list.
    await page.route('**/graphql', (route) =>
      (route.request().postData() ?? '').includes('Organisations')
        ? route.abort('internetdisconnected')
        : route.continue(),
    );
    await page.getByRole('menuitem', { name: '单位' }).click();
    await page.getByText('无法连接服务器，请检查网络后重试').waitFor();
    expect(await page.getByText('没有单位').count()).toBe(0);
  });

  it('district admin: 合计（计算） is — where the only row is —, figures have separators, 创建时间 is not cut', async () => {
    const id = await planId(GUIDANCE_PLAN);
    const page = await newPage();
    await page.goto(`${product.url}/plans/${id}`);
    await signIn(page, 'demo-wulong-admin');
    await page.getByRole('tab', { name: '年度分配表' }).click();
    const matrix = page.getByTestId('allocation-matrix');
    const row = matrix.locator('tr.ant-table-row', { hasText: '武隆区' });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    const totals = await matrix
      .locator('tr', { hasText: '合计（计算）' })
      .first()
      .locator('td')
      .allTextContents();
    expect(cells[0]).toBe('武隆区');
    expect(cells.slice(1)).toContain('—');
    cells.forEach((text, i) => {
      if (i > 0 && text === '—') expect(totals[i]).toBe('—');
    });
    expect(cells).toContain('4,800');

    await page.goto(`${product.url}/users`);
    const created = page
      .locator('tr.ant-table-row td span')
      .filter({ hasText: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/ });
    await created.first().waitFor();
    // One line box: the time is not wrapped or cut inside its cell.
    expect(
      await created
        .first()
        .evaluate((el: { getClientRects(): { length: number } }) => el.getClientRects().length),
    ).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
