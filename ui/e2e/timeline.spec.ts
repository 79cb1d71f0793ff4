// The timelines: a company's (the Timeline section of its page) and the portfolio's (#/timeline),
// drawn from what the CLI answered to `timeline SLUG` and `timeline --all`.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkRecorded, expectNoErrors, openApp, recordedRead, shot } from './helpers';
import type { PortfolioEvent } from '../src/lib/bindings/PortfolioEvent';
import type { TimelineEvent } from '../src/lib/bindings/TimelineEvent';

checkRecorded();

const GARANTE = /^30 Jan 2025, Government measure: Italy — Garante per la protezione dei dati personali/;
const HUAWEI_BIS = '16 May 2019, Huawei, Official list · Listed: Listed on the BIS Entity List';

async function companyTimeline(page: Page) {
  const section = page.getByTestId('company-timeline');
  await section.getByTestId('timeline-chart').waitFor();
  return section;
}

/** How many events the markers on screen stand for (a marker may stand for several). */
async function eventsDrawn(scope: Locator) {
  const counts = await scope
    .getByTestId('timeline-event')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  return counts.reduce((a, b) => a + b, 0);
}

test('DeepSeek’s timeline: a lane per kind, each event’s detail, its record and its source', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek');
  const section = await companyTimeline(page);
  const events = recordedRead<TimelineEvent[]>('sample', 'timeline', { reference: 'deepseek' });
  await expect(section.getByRole('heading', { name: `Timeline (${events.length})` })).toBeVisible();

  // One lane per kind of event the company has, labelled as the core labels the kinds.
  const chart = section.getByRole('group', { name: 'DeepSeek’s timeline' });
  for (const [lane, kind] of [
    ['Allegation', 'allegation'],
    ['Response', 'response'],
    ['Official list', 'designation'],
    ['Government measure', 'restriction'],
    ['Cloud offering', 'cloud'],
    // The list imports screened every company, against each current list.
    ['Screening', 'screening'],
    ['Change to the record', 'change'],
  ] as const) {
    const n = events.filter((e) => e.kind === kind).length;
    await expect(chart.getByRole('group', { name: `${lane}: ${n} event${n === 1 ? '' : 's'}` })).toBeVisible();
  }
  await expect(chart.getByRole('group', { name: /^Screening:/ })).toHaveCount(1);
  expect(await eventsDrawn(chart)).toBe(events.length);

  // Partial dates are spans: the seven allegations first reported "in June 2025" are one bar
  // over June, marked 7; a day is a dot.
  const june = chart.getByRole('button', { name: /^7 events, Jun 2025: Jun 2025, Allegation: A1 first reported/ });
  await expect(june).toHaveAttribute('data-count', '7');
  await expect(june.locator('text')).toHaveText('7');
  const bar = (await june.locator('rect[style*="fill-opacity"]').boundingBox())!;
  const day = chart.getByRole('button', { name: /^\d+ events?, .*Garante/ });
  const dot = (await day.locator('rect[style]').boundingBox())!;
  expect(bar.width).toBeGreaterThan(2.5 * dot.width);
  expect(dot.width).toBeLessThan(12);

  // Pointing at a marker shows its events; partial dates stay partial.
  await june.hover();
  const detail = section.getByTestId('timeline-detail');
  await expect(detail).toContainText('7 events, Jun 2025');
  await expect(detail.getByTestId('timeline-detail-date').first()).toHaveText('Jun 2025');
  await expect(detail.getByTestId('timeline-detail-text')).toHaveCount(7);
  await expect(detail.getByTestId('timeline-detail-text').first()).toContainText('A1 first reported (alleged)');

  // Days a few apart share a marker until zoomed in: the Garante's order of 30 January 2025.
  await day.click();
  await expect(day).toBeFocused();
  await expect(day).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.move(5, 5);
  await expect(detail).toContainText('Italy — Garante per la protezione dei dati personali');
  for (let i = 0; i < 4 && !(await chart.getByRole('button', { name: GARANTE }).count()); i++)
    await page.keyboard.press('+');
  const garante = chart.getByRole('button', { name: GARANTE });
  await expect(garante).toBeFocused();
  await expect(garante).toHaveAttribute('data-count', '1');
  await expect(detail.getByTestId('timeline-detail-date')).toHaveText('30 Jan 2025');
  await expect(detail.getByTestId('timeline-detail-text')).toContainText(
    "Ordered DeepSeek to limit the processing of Italian users' data",
  );
  await expect(detail.getByTestId('source-line')).toContainText('Il Post');
  await shot(page, 'timeline-company-detail');

  // From the event to its record on the page.
  await detail.getByRole('button', { name: /^Go to the government measure/ }).click();
  const row = page.getByTestId('restrictions-table').getByRole('row').filter({ hasText: 'Garante' });
  await expect(row).toBeFocused();
  await expect(row).toBeInViewport();
  await expectNoErrors(errors);
});

test('the company timeline zooms, pans and is keyboard operable', async ({ page }) => {
  await openApp(page, '#/company/deepseek');
  const section = await companyTimeline(page);
  const axis = section.getByTestId('timeline-axis');
  const range = section.getByTestId('timeline-range');
  const before = (await axis.textContent())!;
  const whole = (await range.textContent())!;
  expect(before).toMatch(/^2025.*2026/);
  expect(before).not.toContain('Feb');
  await expect(section.getByRole('button', { name: 'Zoom out' })).toBeDisabled();
  await expect(section.getByRole('slider', { name: 'Position on the timeline' })).toBeDisabled();

  // Zooming in: fewer months, every one labelled; the window can then be moved along.
  await section.getByRole('button', { name: 'Zoom in' }).click();
  await section.getByRole('button', { name: 'Zoom in' }).click();
  await expect(range).not.toHaveText(whole);
  expect(await axis.textContent()).not.toBe(before);
  const months = await axis.locator('text.month').allTextContents();
  expect(months.length).toBeGreaterThanOrEqual(4);
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  months.slice(1).forEach((m, i) => expect(MONTHS.indexOf(m)).toBe((MONTHS.indexOf(months[i]) + 1) % 12));
  const slider = section.getByRole('slider', { name: 'Position on the timeline' });
  await expect(slider).toBeEnabled();
  const at = (await range.textContent())!;
  await section.getByRole('button', { name: /Later/ }).click();
  await expect(range).not.toHaveText(at);
  await section.getByRole('button', { name: /Earlier/ }).click();
  await expect(range).toHaveText(at);

  // A drag moves the window too, and so does the slider.
  const box = (await section.locator('.plot').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + 20, { steps: 5 });
  await page.mouse.up();
  await expect(range).not.toHaveText(at);
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(range).toHaveText(new RegExp(`^Showing${whole.replace('Showing', '').split(' – ')[0]} – `));
  await page.keyboard.press('End');
  await expect(range).toHaveText(new RegExp(` – ${whole.split(' – ')[1]}$`));

  await section.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(range).toHaveText(whole);
  await expect(axis).toHaveText(before);

  // One tab stop in the chart; the arrow keys move between markers, + zooms at the one focused.
  const allegations = section.getByRole('button', { name: /^7 events, Jun 2025/ });
  await allegations.focus();
  await expect(section.locator('[data-testid=timeline-event][tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  const reuters = section.getByRole('button', { name: /^Jun 2025, Response: Reuters responds to A4/ });
  await expect(reuters).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(section.getByRole('button', { name: /^Jan 2025, Response: DeepSeek responds to A7/ })).toBeFocused();
  await expect(section.getByTestId('timeline-detail-date')).toHaveText('Jan 2025');
  await expect(section.locator('[data-testid=timeline-event][tabindex="0"]')).toHaveAttribute(
    'aria-label',
    /^Jan 2025, Response/,
  );
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(range).not.toHaveText(whole);
  await expect(section.getByRole('button', { name: /^Jan 2025, Response: DeepSeek responds to A7/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /Government measure/);
  await shot(page, 'timeline-company-zoomed');
  await page.keyboard.press('0');
  await expect(range).toHaveText(whole);
});

test('the company timeline as a list', async ({ page }) => {
  await openApp(page, '#/company/deepseek');
  const section = await companyTimeline(page);
  const events = recordedRead<TimelineEvent[]>('sample', 'timeline', { reference: 'deepseek' });
  await section.getByRole('button', { name: 'Show as list' }).click();
  const list = section.getByTestId('timeline-list');
  await expect(list.getByTestId('timeline-row')).toHaveCount(events.length);
  await expect(list.getByTestId('timeline-row').first()).toContainText('2025');
  const garante = list.getByTestId('timeline-row').filter({ hasText: 'Garante' });
  await expect(garante).toContainText('30 Jan 2025');
  await expect(garante).toContainText('Government measure');
  await expect(garante.getByTestId('source-line')).toContainText('Il Post');
  await expect(list.getByTestId('timeline-row').filter({ hasText: 'A1 first reported' })).toContainText('Jun 2025');
  await garante.getByRole('button', { name: /^Go to the government measure/ }).click();
  await expect(page.getByTestId('restrictions-table').getByRole('row').filter({ hasText: 'Garante' })).toBeFocused();
  await section.getByRole('button', { name: 'Show as chart' }).click();
  await expect(section.getByTestId('timeline-chart')).toBeVisible();
});

test('Huawei’s timeline: its listings', async ({ page }) => {
  await openApp(page, '#/company/huawei');
  const section = await companyTimeline(page);
  const bis = section.getByRole('button', {
    name: '16 May 2019, Official list · Listed: Listed on the BIS Entity List',
  });
  await bis.click();
  await expect(section.getByTestId('timeline-detail-date')).toHaveText('16 May 2019');
  await section
    .getByTestId('timeline-detail')
    .getByRole('button', { name: /^Go to the list entry/ })
    .click();
  await expect(
    page.getByTestId('designations-table').getByRole('row').filter({ hasText: 'BIS Entity List' }),
  ).toBeFocused();
});

test('the portfolio timeline: a lane per company, Huawei’s BIS listing, a link to the company', async ({ page }) => {
  const errors = await openApp(page, '#/portfolio');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Timeline' }).click();
  await expect(page).toHaveURL(/#\/timeline$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Timeline');
  const all = recordedRead<PortfolioEvent[]>('sample', 'portfolio_timeline', {});
  const chart = page.getByTestId('timeline-chart');
  expect(await eventsDrawn(chart)).toBe(all.length);
  const companies = [...new Set(all.map((e) => e.name))];
  await expect(chart.locator('.lane-label a')).toHaveCount(companies.length);
  // Ordered by first event: Huawei's listing of May 2019 is the earliest.
  await expect(chart.locator('.lane-label a').first()).toHaveText('Huawei');

  const bis = chart.getByRole('button', { name: HUAWEI_BIS });
  await expect(bis).toHaveAttribute('data-mark', 'listing');
  await bis.hover();
  await expect(page.getByTestId('timeline-detail-date')).toHaveText('16 May 2019');
  await expect(page.getByTestId('timeline-detail-text')).toHaveText('Huawei — Listed on the BIS Entity List');
  // A measure, a listing and a check are drawn differently.
  const measures = all.filter((e) => e.event.kind === 'restriction').length;
  await expect(bis.locator('circle')).toHaveCount(1);
  const deepseek = chart.getByRole('group', { name: /^DeepSeek:/ });
  await expect(deepseek.locator('[data-mark="measure"] rect[style]')).not.toHaveCount(0);
  await expect(deepseek.locator('[data-mark="check"] circle')).not.toHaveCount(0);
  await shot(page, 'timeline-portfolio-detail');

  // The filter by kind.
  await page
    .getByTestId('timeline-filter')
    .getByRole('checkbox', { name: /^Government measure/ })
    .uncheck();
  await expect(chart.locator('[data-mark="measure"]')).toHaveCount(0);
  expect(await eventsDrawn(chart)).toBe(all.length - measures);
  await page
    .getByTestId('timeline-filter')
    .getByRole('checkbox', { name: /^Checked: not listed/ })
    .uncheck();
  await expect(chart.locator('.lane-label a', { hasText: 'DeepSeek' })).toHaveCount(0);
  await page
    .getByTestId('timeline-filter')
    .getByRole('checkbox', { name: /^Government measure/ })
    .check();
  await expect(chart.locator('.lane-label a', { hasText: 'DeepSeek' })).toHaveCount(1);

  // Ordered by name instead.
  await page.getByLabel('Order companies by').selectOption('name');
  const names = await chart.locator('.lane-label a').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

  // Each event links to its company.
  await chart.getByRole('button', { name: HUAWEI_BIS }).click();
  await page.getByTestId('timeline-detail').getByRole('link', { name: 'Open Huawei’s page' }).click();
  await expect(page).toHaveURL(/#\/company\/huawei$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Huawei');
  await expectNoErrors(errors);
});

test('the portfolio timeline as a list links each event to its company', async ({ page }) => {
  await openApp(page, '#/timeline');
  const all = recordedRead<PortfolioEvent[]>('sample', 'portfolio_timeline', {});
  await page.getByRole('button', { name: 'Show as list' }).click();
  const rows = page.getByTestId('timeline-list').getByTestId('timeline-row');
  await expect(rows).toHaveCount(all.length);
  await expect(rows.first()).toContainText('16 May 2019');
  await expect(rows.first()).toContainText('Listed on the BIS Entity List');
  await rows.first().getByRole('link', { name: 'Huawei' }).click();
  await expect(page).toHaveURL(/#\/company\/huawei$/);
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    test(`the company timeline (${scheme})`, async ({ page }) => {
      const errors = await openApp(page, '#/company/deepseek');
      const section = await companyTimeline(page);
      await section.getByRole('button', { name: /Garante/ }).click();
      await page.getByRole('heading', { name: /^Timeline/ }).evaluate((h) => {
        h.scrollIntoView({ block: 'start' });
        document.querySelector('main')?.scrollBy(0, -16);
      });
      await shot(page, `timeline-company-${scheme}`);
      await expectNoErrors(errors);
    });
    test(`the portfolio timeline (${scheme})`, async ({ page }) => {
      const errors = await openApp(page, '#/timeline');
      await page.getByTestId('timeline-chart').waitFor();
      await page.getByRole('button', { name: HUAWEI_BIS }).click();
      await shot(page, `timeline-portfolio-${scheme}`, true);
      await expectNoErrors(errors);
    });
  });
}
