import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { openPage } from '../support/pages';
import { newDataDir, REPO_ROOT, startProduct, type Product } from '../support/product';

const DEMO_PASSWORD = 'demo-2026';
const SCREENSHOTS = path.join(REPO_ROOT, 'test', 'e2e', 'screenshots');

/**
 * The monitoring pages in a real browser, on the built product with the shipped documents: the city
 * admin opens 监测 (the 2021 guidance plan), sorts the table by completion, opens a district from
 * the table, goes back and exports the allocation table; the downloaded file opens with exceljs and
 * holds the 41 district rows. Screenshots in test/e2e/screenshots.
 */
describe('monitoring dashboards in Chromium', () => {
  const dataDir = newDataDir();
  let product: Product;
  let browser: Browser;

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

  async function signedInPage(username: string): Promise<Page> {
    const page = await openPage(browser, { acceptDownloads: true });
    await page.goto(`${product.url}/monitoring`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    return page;
  }

  it('city admin: sorts by completion, opens a district, exports the table with 41 district rows', async () => {
    const page = await signedInPage('demo-city');
    const table = page.getByTestId('city-dashboard-table');
    await table.getByTestId('district-link').first().waitFor();
    expect(await table.getByTestId('district-link').count()).toBe(41);
    // The chart is drawn (echarts loaded on this page).
    await expect
      .poll(() => page.getByTestId('completion-chart').locator('canvas').count())
      .toBeGreaterThan(0);

    // Sort by 完成率 (ascending on the first click): the first row's completion is the smallest.
    await table.getByRole('columnheader', { name: '完成率' }).click();
    const completions = async () =>
      (await table.locator('tbody tr td:nth-child(2)').allTextContents())
        .filter((t) => t.endsWith('%'))
        .map((t) => Number(t.replace('%', '')));
    const sorted = await completions();
    expect(sorted.length).toBeGreaterThan(0);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitoring-city.png'), fullPage: true });

    // Open 武隆区 from the table: its district dashboard.
    await table.getByTestId('district-link').filter({ hasText: '武隆区' }).click();
    await page.getByText('武隆区 2021年监测').waitFor();
    await page.getByText('指标对照市下达目标').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitoring-district.png'), fullPage: true });
    await page.goBack();

    // Export the allocation table.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-allocation').click();
    const file = await download;
    const saved = path.join(dataDir, file.suggestedFilename());
    await file.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    const sheet = workbook.worksheets[0]!;
    let districtRows = 0;
    sheet.eachRow((row) => {
      if (typeof (row.values as unknown[])[1] === 'number') districtRows++;
    });
    expect(districtRows).toBe(41);
  });
});
