import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

/** Where a failed browser test leaves its screenshots (ignored by git). */
const FAILURE_SHOTS = path.resolve(import.meta.dirname, '..', 'e2e', 'screenshots', 'failed');

const KEEP_EVENTS = 60;
const TEXT_CHARS = 1500;

interface Watched {
  page: Page;
  label: string;
  events: string[];
}

let opened = 0;

/** Runs in the page: logs where every click landed (`[click] <tag class> text`). */
const CLICK_LOGGER = `document.addEventListener('click', (event) => {
  const t = event.target;
  const text = String((t && t.innerText) || '').replace(/\\s+/g, ' ').slice(0, 40);
  console.debug('[click] <' + (t && t.tagName ? t.tagName.toLowerCase() : '?') + ' class="' + String((t && t.className) || '').slice(0, 60) + '"> ' + text);
}, true);`;

const clock = () => new Date().toISOString().slice(11, 23);

function record(entry: Watched, line: string): void {
  entry.events.push(`${clock()} ${line}`);
  if (entry.events.length > KEEP_EVENTS) entry.events.shift();
}

/** The GraphQL operation name of a request, if it is one. */
function operationOf(postData: string | null): string | null {
  if (!postData) return null;
  try {
    const body = JSON.parse(postData) as { operationName?: string };
    return body.operationName ?? '(anonymous)';
  } catch {
    return null;
  }
}

/** What a watched page showed when its test failed: address, recent events, visible text, dialogs. */
async function report(entry: Watched, testName: string): Promise<string> {
  const lines = [`── ${entry.label} ──`];
  if (entry.page.isClosed()) {
    lines.push('(closed)');
  } else {
    lines.push(`url: ${entry.page.url()}`);
    try {
      const text = await entry.page.locator('body').innerText({ timeout: 2000 });
      lines.push(`visible text: ${text.replace(/\s+/g, ' ').slice(0, TEXT_CHARS)}`);
      const dialogs = await entry.page.getByRole('dialog').allInnerTexts();
      if (dialogs.length) lines.push(`dialogs: ${dialogs.map((d) => d.replace(/\s+/g, ' ')).join(' | ')}`);
      fs.mkdirSync(FAILURE_SHOTS, { recursive: true });
      const file = path.join(
        FAILURE_SHOTS,
        `${testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}-${entry.label.replace(/\s+/g, '-')}.png`,
      );
      await entry.page.screenshot({ path: file, fullPage: true, timeout: 5000 });
      lines.push(`screenshot: ${path.relative(process.cwd(), file)}`);
    } catch (error) {
      lines.push(`(could not read the page: ${(error as Error).message.split('\n')[0]})`);
    }
  }
  lines.push('events (last ' + KEEP_EVENTS + '):', ...entry.events.map((e) => `  ${e}`));
  return lines.join('\n');
}

/**
 * Records what `page` does (navigations, GraphQL operations with their status and time, console
 * errors, page errors, failed requests) and, if the running test fails, prints it with the page's
 * visible text and dialogs and saves a screenshot: a browser test that fails on CI says why.
 * Call it inside a test, before the page's first navigation.
 */
export async function watchPage(page: Page): Promise<void> {
  opened += 1;
  const entry: Watched = { page, label: `page ${opened}`, events: [] };
  const started = new Map<object, { operation: string; at: number }>();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) record(entry, `navigated ${frame.url()}`);
  });
  page.on('pageerror', (error) => record(entry, `pageerror ${error.message}`));
  const throttle = Number(process.env.E2E_CPU_THROTTLE ?? 0);
  if (throttle > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  // Where each click landed, so a click the page did not act on shows up.
  await page.addInitScript({ content: CLICK_LOGGER });
  page.on('console', (message) => {
    if (message.type() === 'debug' && message.text().startsWith('[click]')) {
      record(entry, message.text());
    } else if (message.type() === 'error' || message.type() === 'warning') {
      record(entry, `console.${message.type()} ${message.text().slice(0, 300)}`);
    }
  });
  page.on('request', (request) => {
    const operation = operationOf(request.postData());
    if (operation) {
      started.set(request, { operation, at: Date.now() });
      record(entry, `→ ${operation}`);
    }
  });
  page.on('response', (response) => {
    const request = response.request();
    const sent = started.get(request);
    if (sent) {
      started.delete(request);
      record(entry, `← ${sent.operation} ${response.status()} in ${Date.now() - sent.at} ms`);
    } else if (response.status() >= 400) {
      record(entry, `← ${response.status()} ${request.method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    started.delete(request);
    record(entry, `✗ ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });

  onTestFailed(async ({ task }) => {
    console.error(`\nBrowser state when “${task.name}” failed:\n${await report(entry, task.name)}\n`);
  });
}

/**
 * Every browser test's context: a desktop window and reduced motion (the app then shows dialogs,
 * drawers and messages without animating, as for a user who asked for it), so a click never lands
 * on something still moving.
 */
export const CONTEXT_DEFAULTS: BrowserContextOptions = {
  viewport: { width: 1440, height: 900 },
  reducedMotion: 'reduce',
};

/** A watched page (`watchPage`) in a fresh context of its own (own cookies); call it inside a test. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...CONTEXT_DEFAULTS, ...options });
  const page = await context.newPage();
  await watchPage(page);
  return page;
}
