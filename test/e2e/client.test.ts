import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { newDataDir, startProduct, type Product } from '../support/product';

/** The admin client in a real browser, served by the built product. */
describe('admin client in Chromium', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;
  beforeAll(async () => {
    product = await startProduct({ PG_DATA_DIR: dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads, talks to the API and shows the server state in Chinese', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(product.url);
    await page.getByText('系统状态').waitFor();
    await page.getByText(/PostgreSQL \d+/).waitFor();
    expect(await page.title()).toBe('职业技能提升行动责任管理平台');
    expect(errors).toEqual([]);
  });
});
