// Official lists: import with progress, refusals word for word, screening, and the review of hits;
// against the built UI over the fake core (src/test/fake-core.ts), which replays what the CLI recorded.
import { expect, test, type Page } from '@playwright/test';
import { checkRecorded, calls, expectNoErrors, fixtures, openApp, recordedRead, shot } from './helpers';

checkRecorded();

const NDAA = '/home/analyst/Downloads/lists/ndaa-section-889.csv';
const OFAC = (f: string) => `/home/analyst/Downloads/lists/ofac-${f}-2023-03-01.csv`;

// The FCC Covered List as the CLI imported it for the fixture: the current snapshot and the one it replaced.
const fccNow = fixtures.lists.snapshots.find(
  (s: { list: string; replaced_at: string | null }) => s.list === 'fcc_covered' && !s.replaced_at,
);
const fccBefore = fixtures.lists.snapshots.find((s: { id: string }) => s.id === fccNow.previous_id);
/** The date of a timestamp as the app shows it: "28 Nov 2026". */
const day = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]} ${y}`;
};

const hit = (page: Page, heading: string) =>
  page.getByTestId('hit').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });

test('lists: import a list with progress; it appears with its counts', async ({ page }) => {
  const errors = await openApp(page, '#/portfolio', { progressDelay: 150, listFiles: [NDAA] });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Official lists' }).click();
  await expect(page).toHaveURL(/#\/lists$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Official lists');
  expect(await page.title()).toBe('Official lists · RiskBrief');

  // What is imported: current snapshots first, the replaced one greyed beneath.
  const current = page.getByTestId('current-snapshots').getByTestId('snapshot');
  await expect(current).toHaveCount(2);
  const fcc = current.filter({ hasText: 'FCC Covered List' });
  await expect(fcc.getByTestId('snapshot-as-of')).toHaveText('28 Jul 2026');
  await expect(fcc.getByTestId('snapshot-entries')).toHaveText('12');
  await expect(fcc.getByTestId('snapshot-changes')).toContainText('+2 added / −0 removed');
  await expect(current.filter({ hasText: 'Chinese military companies' }).getByTestId('snapshot-changes')).toHaveText(
    'first snapshot',
  );
  const earlier = page.getByTestId('earlier-snapshots').getByTestId('snapshot');
  await expect(earlier).toHaveCount(1);
  await expect(earlier).toContainText('20 Sep 2022');
  await expect(earlier).toContainText(`replaced ${day(fccBefore.replaced_at)}`);
  await fcc.getByRole('button', { name: /^Show entries/ }).click();
  const changes = page.getByTestId('list-changes');
  await expect(changes).toContainText('Added (2)');
  await expect(changes.getByRole('listitem')).toHaveText(['Digitalsystem Technology Inc.', 'Kaspersky Lab, Inc.']);
  expect(await calls(page, 'list_changes')).toEqual([{ snapshotId: fccNow.id }]);

  // The file carries no date: the core refuses, and the as-of date is asked for.
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await expect(page.getByLabel('Format')).toHaveValue('ndaa_889');
  await expect(page.getByTestId('list-files')).toContainText('ndaa-section-889.csv');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const refusal = page.getByTestId('list-import-error');
  await expect(refusal.locator('.message')).toHaveText(`${NDAA}: the file carries no date; give the list's as-of date`);
  const asOf = page.getByLabel('As of (optional)');
  await expect(asOf).toBeFocused();
  await expect(asOf).toHaveAttribute('aria-invalid', 'true');

  await asOf.fill('2018-08-13');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const bar = page.getByTestId('list-progress').getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('list-progress')).toContainText(
    /Step 1 of 2 · Reading the files: [\d.]+ (KB|bytes?) of 1.4 KB/,
  );
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await expect(page.getByTestId('list-progress')).toContainText('Step 2 of 2 · Storing entries');
  const result = page.getByTestId('list-import-result');
  await expect(result).toContainText(
    'Imported: Section 889 of the John S. McCain National Defense Authorization Act for Fiscal Year 2019',
  );
  await expect(result).toContainText(
    '5 entries as of 13 Aug 2018 (date from the date you gave). The first snapshot of this list.',
  );
  await expect(page.getByTestId('list-progress')).toHaveCount(0);
  await expect(refusal).toHaveCount(0);
  await expect(current).toHaveCount(3);
  const ndaa = current.filter({ hasText: 'Section 889' });
  await expect(ndaa.getByTestId('snapshot-entries')).toHaveText('5');
  await expect(ndaa.getByTestId('snapshot-changes')).toHaveText('first snapshot');
  expect((await calls(page, 'import_list')).map((c) => c.request)).toEqual([
    { format: 'ndaa_889', paths: [NDAA], as_of: null },
    { format: 'ndaa_889', paths: [NDAA], as_of: '2018-08-13' },
  ]);
  await expectNoErrors(errors);
});

test('lists: OFAC files are read sdn first; the order can be changed and a file removed', async ({ page }) => {
  const errors = await openApp(page, '#/lists', {
    state: 'no-lists',
    progressDelay: 120,
    listFiles: [OFAC('add'), OFAC('sdn'), OFAC('alt')],
  });
  await expect(page.getByText('No list has been imported yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Screen all companies' })).toBeDisabled();
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await expect(page.getByLabel('Format')).toHaveValue('ofac');
  const files = page.getByTestId('list-files').getByRole('listitem');
  await expect(files).toHaveText([
    /ofac-sdn-2023-03-01\.csv — entries/,
    /ofac-alt-2023-03-01\.csv — aliases/,
    /ofac-add-2023-03-01\.csv — addresses/,
  ]);
  await expect(page.getByText('choose sdn.csv, then alt.csv and add.csv')).toBeVisible();

  await page.getByRole('button', { name: 'Move ofac-add-2023-03-01.csv up' }).click();
  await expect(files).toHaveText([/sdn/, /add/, /alt/]);
  await page.getByRole('button', { name: 'Remove ofac-alt-2023-03-01.csv' }).click();
  await expect(files).toHaveText([/sdn/, /add/]);
  // Choosing more adds to the list, in order, without duplicates.
  await page.getByRole('button', { name: 'Add files…' }).click();
  await expect(files).toHaveText([/sdn/, /alt/, /add/]);

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('list-progress')).toContainText('Reading the files: ');
  await expect(page.getByTestId('list-progress')).toContainText('of 4.6 MB');
  await expect(page.getByTestId('list-progress')).toContainText(/Storing entries: [\d,]+ of 11,853/);
  const result = page.getByTestId('list-import-result');
  await expect(result).toContainText('11,853 entries as of 1 Mar 2023 (date from the file name)');
  await expect(page.getByTestId('current-snapshots').getByTestId('snapshot')).toContainText([
    'OFAC Specially Designated Nationals',
  ]);
  await expect(
    page.getByTestId('current-snapshots').getByTestId('snapshot').getByTestId('snapshot-entries'),
  ).toHaveText('11,853');
  expect((await calls(page, 'import_list'))[0].request).toEqual({
    format: 'ofac',
    paths: [OFAC('sdn'), OFAC('alt'), OFAC('add')],
    as_of: null,
  });
  await expect(page.getByRole('button', { name: 'Screen all companies' })).toBeEnabled();
  await expectNoErrors(errors);
});

test('lists: a refused import is shown word for word, and nothing changes', async ({ page }) => {
  await openApp(page, '#/lists', { listFiles: ['/media/usb/damaged/sdn.csv'] });
  await expect(page.getByTestId('current-snapshots').getByTestId('snapshot')).toHaveCount(2);
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const refusal = page.getByTestId('list-import-error');
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(refusal.getByRole('heading')).toHaveText('Nothing was imported');
  await expect(refusal.locator('.message')).toHaveText(
    '/media/usb/damaged/sdn.csv: line 12, field ent_num: "x" is not a number',
  );
  await expect(refusal).toContainText('names the file, line and field');

  // The same file set again: a conflict.
  await page.evaluate(
    () =>
      ((window as unknown as { __RB_OPTIONS__: { listFiles: string[] } }).__RB_OPTIONS__.listFiles = [
        '/home/analyst/Downloads/fcc-covered-list.csv',
      ]),
  );
  await page.getByRole('button', { name: 'Remove sdn.csv' }).click();
  await page.getByLabel('Format').selectOption('fcc_covered');
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(refusal).toContainText('These files were already imported.');
  await expect(refusal.locator('.message')).toHaveText(
    `these files were already imported as the FCC Covered List (Secure and Trusted Communications Networks Act) snapshot of 2026-07-28 (imported ${fccNow.imported_at})`,
  );
  // An older file than the current snapshot: also refused.
  await page.evaluate(
    () =>
      ((window as unknown as { __RB_OPTIONS__: { listFiles: string[] } }).__RB_OPTIONS__.listFiles = [
        '/home/analyst/Downloads/fcc-covered-list-2022-09-20.csv',
      ]),
  );
  await page.getByRole('button', { name: 'Choose another file…' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(refusal).toContainText('older than the list’s current snapshot');
  await expect(refusal.locator('.message')).toContainText(
    'snapshot is of 2026-07-28, newer than these files (2022-09-20); nothing imported',
  );
  await expect(page.getByTestId('current-snapshots').getByTestId('snapshot')).toHaveCount(2);
  await expect(page.getByTestId('list-import-result')).toHaveCount(0);

  // Checked before anything is sent.
  await page.getByRole('button', { name: 'Remove fcc-covered-list-2022-09-20.csv' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Choose the list file.')).toBeVisible();
  expect(await calls(page, 'import_list')).toHaveLength(3);
});

test('lists: screen all companies; hits show their score and the words that agree', async ({ page }) => {
  const errors = await openApp(page, '#/lists');
  // Importing a list screens every company: the two imports of the starting state found these hits
  // (only those on the current snapshots: hits on the replaced FCC snapshot are not listed).
  const found = recordedRead<{ status: string }[]>('sample', 'hits', { company: null, status: null }).filter(
    (h) => h.status === 'open',
  ).length;
  const hits = page.getByTestId('hit');
  await expect(hits).toHaveCount(found);
  await expect(page.getByTestId('hits-count')).toHaveText(`${found} hits awaiting review`);
  await expect(hits.filter({ hasText: 'snapshot of 20 Sep 2022' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: /^Awaiting review/ })).toBeChecked();
  await expect(page.getByLabel('Match threshold')).toHaveValue('85');
  await page.getByRole('button', { name: 'Screen all companies' }).click();
  await expect(page.getByTestId('screen-result')).toHaveText('Screened 10 companies against 2 lists: no new hits.');
  expect(await calls(page, 'screen')).toEqual([{ company: null, threshold: 85 }]);
  await expect(hits).toHaveCount(found);

  const huawei = hit(page, 'Huawei matched Huawei Technologies Company').filter({ hasText: 'snapshot of 28 Jul 2026' });
  await expect(huawei.getByTestId('hit-score')).toHaveText(/100\s*\/100/);
  await expect(huawei).toContainText(
    'FCC Covered List (Secure and Trusted Communications Networks Act) · snapshot of 28 Jul 2026',
  );
  await expect(huawei.getByTestId('hit-query')).toHaveText('“Huawei Technologies Company”');
  await expect(huawei.getByTestId('hit-matched')).toContainText('(the entry’s primary name)');
  await expect(huawei.getByTestId('hit-tokens').getByRole('listitem')).toHaveText([
    'huawei = huawei',
    'co = co',
    'technologies = technologies',
  ]);
  await expect(huawei.getByTestId('hit-entry')).toContainText(/Listed since\s*12 Mar 2021/);
  await huawei.getByText('2 other name pairs scored').click();
  await expect(huawei.locator('details table tbody tr')).toHaveCount(2);
  await expect(huawei.locator('details table tbody tr').nth(1)).toContainText('Huawei Technologies Co., Ltd.');

  // A match on an alias: the parent holding company.
  const holding = hit(page, 'Huawei matched Huawei Investment & Holding Co., Ltd.');
  await expect(holding.getByTestId('hit-score')).toHaveText(/100\s*\/100/);
  await expect(holding.getByTestId('hit-matched')).toHaveText(
    '“Huawei Holding” (an alias of “Huawei Investment & Holding Co., Ltd.”)',
  );
  // Long remarks are cut, and can be read in full.
  const hikvision = hit(page, 'Hikvision matched Hangzhou Hikvision Digital Technology Co., Ltd.');
  await expect(hikvision.getByTestId('hit-remarks')).not.toContainText('Single Champion');
  await hikvision.getByRole('button', { name: 'Show all' }).click();
  await expect(hikvision.getByTestId('hit-remarks')).toContainText('Single Champion');
  await hikvision.getByRole('link', { name: /media\.defense\.gov/ }).click();
  await expect
    .poll(() => calls(page, 'plugin:opener|open_url'))
    .toEqual([expect.objectContaining({ url: expect.stringContaining('SECTION-1260H.PDF') })]);

  // Screening again still finds nothing new; a lower threshold finds looser matches.
  await page.getByRole('button', { name: 'Screen all companies' }).click();
  await expect(page.getByTestId('screen-result')).toHaveText('Screened 10 companies against 2 lists: no new hits.');
  await page.getByLabel('Match threshold').fill('80');
  await page.getByRole('button', { name: 'Screen all companies' }).click();
  await expect(page.getByTestId('screen-result')).toHaveText('Screened 10 companies against 2 lists: 1 new hit.');
  const loose = hit(page, 'China Mobile Comm matched China Mobile Limited');
  await expect(loose.getByTestId('hit-score')).toHaveText(/83\s*\/100/);
  await expect(loose.getByTestId('hit-tokens').getByRole('listitem')).toHaveCount(2);
  await page.getByLabel('Match threshold').fill('101');
  await page.getByRole('button', { name: 'Screen all companies' }).click();
  await expect(page.getByText('Give a whole number from 0 to 100.')).toBeVisible();
  expect(await calls(page, 'screen')).toHaveLength(3);
  await expectNoErrors(errors);
});

test('lists: dismissing needs a reason; dismissed and confirmed hits move to their status', async ({ page }) => {
  const errors = await openApp(page, '#/lists?company=kaspersky');
  await expect(page.getByLabel('Company', { exact: true })).toHaveValue('kaspersky');
  await page.getByRole('button', { name: 'Screen all companies' }).click();
  // AO Kaspersky Lab and Kaspersky Lab, Inc., both on the current FCC snapshot (hits on the snapshot it replaced
  // are not listed).
  await expect(page.getByTestId('hits-count')).toHaveText('2 hits awaiting review for AO Kaspersky Lab');
  expect((await calls(page, 'hits')).at(-1)).toEqual({ company: 'kaspersky', status: null });

  const inc = hit(page, 'AO Kaspersky Lab matched Kaspersky Lab, Inc.');
  await expect(inc.getByTestId('hit-score')).toHaveText(/92\s*\/100/);
  await inc.getByRole('button', { name: /^Dismiss…/ }).click();
  const reason = inc.getByLabel('Why is this not a match?');
  await expect(reason).toBeFocused();
  await inc.getByRole('button', { name: 'Dismiss hit' }).click();
  await expect(inc.getByText('Say why this is not a match: the reason is kept with the hit.')).toBeVisible();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  expect(await calls(page, 'review_hit')).toHaveLength(0);
  await reason.fill('   ');
  await inc.getByRole('button', { name: 'Dismiss hit' }).click();
  expect(await calls(page, 'review_hit')).toHaveLength(0);
  await reason.fill(
    'Kaspersky Lab, Inc. is the U.S. subsidiary; the company reviewed is AO Kaspersky Lab, a separate entry.',
  );
  await inc.getByRole('button', { name: 'Dismiss hit' }).click();
  await expect(page.getByTestId('hit')).toHaveCount(1);
  await expect(page.getByTestId('review-announcement')).toContainText('Dismissed the hit on Kaspersky Lab, Inc.');
  await expect(page.getByRole('radio', { name: /^Dismissed/ })).toHaveAccessibleName('Dismissed 1');
  const reviews = await calls(page, 'review_hit');
  expect(reviews).toEqual([
    {
      request: {
        hit_id: expect.any(String),
        decision: 'dismiss',
        reason:
          'Kaspersky Lab, Inc. is the U.S. subsidiary; the company reviewed is AO Kaspersky Lab, a separate entry.',
      },
    },
  ]);

  // Confirm asks first, and says what it will record.
  const ao = hit(page, 'AO Kaspersky Lab matched AO Kaspersky Lab').filter({ hasText: 'snapshot of 28 Jul 2026' });
  await ao.getByRole('button', { name: /^Confirm…/ }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Confirm this match?' });
  await expect(dialog).toContainText(
    'This records a “Listed” designation for AO Kaspersky Lab, citing the FCC Covered List',
  );
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await calls(page, 'review_hit')).toHaveLength(1);
  await ao.getByRole('button', { name: /^Confirm…/ }).click();
  await dialog.getByRole('button', { name: 'Confirm: record as listed' }).click();
  await expect(dialog).toBeHidden();
  // Nothing remains open.
  await expect(page.getByTestId('hit')).toHaveCount(0);
  await expect(page.getByTestId('hits-count')).toHaveCount(0);
  await expect(page.getByTestId('no-hits')).toHaveText('Nothing awaits review.');
  expect((await calls(page, 'review_hit'))[1]).toEqual({
    request: { hit_id: expect.any(String), decision: 'confirm' },
  });

  await page.getByRole('radio', { name: /^Dismissed/ }).check();
  const dismissed = page.getByTestId('hit');
  await expect(dismissed).toHaveCount(1);
  await expect(dismissed.getByTestId('hit-reviewed')).toHaveText(
    /^Dismissed by A\. Analyst, \d+ \w+ \d{4}, \d\d:\d\d: “?Kaspersky Lab, Inc\. is the U\.S\. subsidiary/,
  );
  await expect(dismissed.getByRole('button', { name: /^Confirm…/ })).toHaveCount(0);

  await page.getByRole('radio', { name: /^Confirmed/ }).check();
  const confirmed = page.getByTestId('hit');
  await expect(confirmed).toHaveCount(1);
  await expect(confirmed.getByTestId('hit-reviewed')).toContainText('Confirmed by A. Analyst');
  await confirmed.getByRole('link', { name: 'See it on AO Kaspersky Lab’s page' }).click();
  await expect(page).toHaveURL(/#\/company\/kaspersky$/);
  const designation = page
    .getByTestId('designations-table')
    .locator('tbody tr')
    .filter({ hasText: 'Confirmed from screening' });
  await expect(designation).toHaveCount(1);
  await expect(designation).toContainText('FCC Covered List');
  await expect(designation).toContainText('AO Kaspersky Lab');
  await expect(designation).toContainText('Listed');
  const fccScreening = page.getByTestId('screenings-table').locator('tbody tr').filter({ hasText: 'FCC Covered List' });
  await expect(fccScreening.getByTestId('screening-hits')).toHaveText(/0 awaiting review · 1 confirmed · 1 dismissed/);
  await expectNoErrors(errors);
});

test('company page: the list screening panel, Screen now, and a link to the company’s hits', async ({ page }) => {
  const errors = await openApp(page, '#/company/huawei');
  const panel = page.getByTestId('screening-panel');
  await expect(panel.getByRole('heading', { name: 'List screening' })).toBeVisible();
  // Importing a list screens every company: Huawei was screened against both current lists already.
  await expect(panel.getByTestId('not-screened')).toHaveCount(0);
  const rows = panel.getByTestId('screenings-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await panel.getByRole('button', { name: 'Screen now' }).click();
  await expect(page.getByTestId('announcement')).toContainText('Screened Huawei against 2 lists: no new hits.');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Entities identified as Chinese military companies');
  await expect(rows.nth(0)).toContainText('8 Jun 2026');
  await expect(rows.nth(0)).toContainText('214');
  await expect(rows.nth(0).getByTestId('screening-hits')).toHaveText(/2 awaiting review · 0 confirmed · 0 dismissed/);
  await expect(rows.nth(1)).toContainText('FCC Covered List');
  await expect(rows.nth(1).getByTestId('screening-hits')).toHaveText(/1 awaiting review/);
  await expect(rows.nth(1).getByRole('cell').nth(3)).toHaveText('85');
  expect(await calls(page, 'screen')).toEqual([{ company: 'huawei', threshold: null }]);
  await shot(page, 'flow-company-screened');

  await panel.getByRole('link', { name: 'Review Huawei’s hits (3 awaiting review)' }).click();
  await expect(page).toHaveURL(/#\/lists\?company=huawei$/);
  await expect(page.getByLabel('Company', { exact: true })).toHaveValue('huawei');
  // The three on the current snapshots, as the link says (none on the replaced FCC snapshot).
  await expect(page.getByTestId('hit')).toHaveCount(3);
  await expect(page.getByTestId('hits-count')).toHaveText('3 hits awaiting review for Huawei');
  await expectNoErrors(errors);
});

test('company page: screening before any list is imported says what to do', async ({ page }) => {
  await openApp(page, '#/company/deepseek', { state: 'no-lists' });
  const panel = page.getByTestId('screening-panel');
  await expect(panel.getByTestId('not-screened')).toHaveText('Not yet screened against any imported list.');
  await panel.getByRole('button', { name: 'Screen now' }).click();
  await expect(panel.getByRole('alert')).toContainText('The company was not screened: no list has been imported yet');
  await panel.getByRole('alert').getByRole('link', { name: 'Import a list' }).click();
  await expect(page).toHaveURL(/#\/lists$/);
  await expect(page.getByText('No list has been imported yet.')).toBeVisible();
});
