import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const read = (name: string) => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8'));

export const fixtures = {
  companies: read('companies.json'),
  sources: read('sources.json'),
  vocabulary: read('vocabulary.json'),
  settings: read('settings.json'),
  briefs: read('briefs.json'),
  exchange: read('exchange.json'),
  lists: read('lists.json'),
};

export interface MockOptions {
  bulk?: number;
  fail?: Record<string, { code: string; message: string }>;
  /** What the save dialog answers (null: cancelled); by default a path on the Desktop. */
  savePath?: string | null;
  /** What the open dialog answers (null: cancelled); by default /home/analyst/Downloads/team.json. */
  openPath?: string | null;
  /** What the open dialog for list files answers (null: cancelled); by default the NDAA §889 file. */
  listFiles?: string[] | null;
  /** 'empty': no list imported yet (by default the FCC Covered List and DoD 1260H are). */
  lists?: 'empty';
  progressDelay?: number;
}

/** Opens the built app at a route with the mocked core; collects console errors (CSP included). */
export async function openApp(page: Page, hash = '#/portfolio', options: MockOptions = {}) {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(
    ({ fixtures, options }) => {
      (window as unknown as Record<string, unknown>).__RB_FIXTURES__ = fixtures;
      (window as unknown as Record<string, unknown>).__RB_OPTIONS__ = options;
    },
    { fixtures, options },
  );
  await page.addInitScript({ path: join(here, 'mock-ipc.js') });
  const base = process.env.RB_BASE_URL;
  if (!base) throw new Error('RB_BASE_URL is not set (global setup did not run)');
  await page.goto(`${base}/${hash}`);
  return errors;
}

export async function calls(page: Page, cmd: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (cmd) =>
      ((window as unknown as { __RB_CALLS__: { cmd: string; args: Record<string, unknown> }[] }).__RB_CALLS__ ?? [])
        .filter((c) => c.cmd === cmd)
        .map((c) => c.args),
    cmd,
  );
}

/** A screenshot of the screen; with full, the window is first made as tall as the scrolled content. */
export async function shot(page: Page, name: string, full = false) {
  const size = page.viewportSize();
  if (full && size) {
    const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0);
    await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 8000) });
  }
  await page.screenshot({ path: join(here, 'screenshots', `${name}.png`) });
  if (full && size) await page.setViewportSize(size);
}

export async function expectNoErrors(errors: string[]) {
  expect(errors, 'console errors').toEqual([]);
}
