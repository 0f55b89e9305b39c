import type { Locator, Page } from 'playwright-core';

const settles = (locator: Locator, timeout = 3000) =>
  locator.waitFor({ timeout }).then(
    () => true,
    () => false,
  );

/**
 * Picks `option` in an Ant Design Select opened by clicking `opener` (its label or combobox).
 * A click that lands while a modal is still animating in opens nothing, and a click on an option
 * that is still animating can be lost: open, pick, and check that the Select shows the option,
 * again if not (bounded), so browser tests do not flake on a busy machine. Since the tests run with
 * reduced motion (test/support/pages.ts) nothing animates; a retry is printed, to show whether the
 * retries are still needed.
 */
export async function pickOption(page: Page, opener: Locator, option: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const shown = page.locator('.ant-select-selection-item', { hasText: option });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) console.warn(`pickOption “${option}”: attempt ${attempt + 1}`);
    if (!(await dropdown.count())) await opener.click({ force: true });
    if (!(await settles(dropdown.first()))) continue;
    const item = dropdown.locator('.ant-select-item-option', { hasText: option }).first();
    if (!(await settles(item))) continue;
    await item.click();
    if (await settles(shown.first())) return;
  }
  throw new Error(`could not pick “${option}” in the select`);
}

/**
 * Clicks `button` and returns the Ant Design modal it opens. A click that lands while the page is
 * still settling after sign-in (the frame and the viewer's grants re-rendering) can open nothing:
 * click again if no dialog shows within a few seconds (bounded), so browser tests do not flake on
 * a busy machine. A retry is printed, as in `pickOption`.
 */
export async function openDialog(page: Page, button: Locator): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) console.warn(`openDialog: attempt ${attempt + 1}`);
    await button.click();
    if (await settles(dialog.first(), 5000)) return dialog;
  }
  throw new Error('the dialog did not open');
}
