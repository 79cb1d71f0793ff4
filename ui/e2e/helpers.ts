import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeCore, requestKey, type CoreFixture, type FakeOptions } from '../src/test/fake-core';
import { FAKE_CORE_SCRIPT } from './global-setup';

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
/** What the fake core answers, state by state (made by the CLI: fixtures/make-fixtures.mjs). */
const core: CoreFixture = read('core.json');

/** The recorded answer of the core to a read in a state. */
export function recordedRead<T>(state: string, cmd: string, args: Record<string, unknown>): T {
  const a = new FakeCore(core, { state }).read(requestKey(cmd, args));
  if (!a || 'err' in a) throw new Error(`no recorded answer to ${requestKey(cmd, args)} in state "${state}"`);
  return a.ok as T;
}

/** Requests the fake core had no recorded answer for, in the current test (see checkRecorded). */
const unrecorded: string[] = [];

/** Fails a test in which the app asked the fake core anything the CLI did not record. */
export function checkRecorded() {
  test.afterEach(() => expect(unrecorded.splice(0), 'requests with no recorded answer').toEqual([]));
}

export type { FakeOptions } from '../src/test/fake-core';

/** Opens the built app at a route over the fake core (src/test/fake-core.ts) in the given recorded
 * state; "today" is the day the fixtures were made. Collects console errors (CSP included). */
export async function openApp(page: Page, hash = '#/portfolio', options: FakeOptions = {}) {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('console', (m) => m.text().startsWith('fake core: nothing recorded') && unrecorded.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.clock.setFixedTime(new Date(`${core.as_of}T10:00:00Z`));
  await page.addInitScript(
    ({ core, options }) => {
      (window as unknown as Record<string, unknown>).__RB_CORE__ = core;
      (window as unknown as Record<string, unknown>).__RB_OPTIONS__ = options;
    },
    { core, options },
  );
  await page.addInitScript({ path: FAKE_CORE_SCRIPT });
  const base = process.env.RB_BASE_URL;
  if (!base) throw new Error('RB_BASE_URL is not set (global setup did not run)');
  await page.goto(`${base}/${hash}`);
  return errors;
}

export async function calls(page: Page, cmd: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (cmd) =>
      (
        (window as unknown as { __RB_FAKE__?: { calls: { cmd: string; args: Record<string, unknown> }[] } }).__RB_FAKE__
          ?.calls ?? []
      )
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
