// The main flows, against the built UI over the fake core (src/test/fake-core.ts), which replays what the CLI
// recorded (fixtures/core.json).
import { expect, test } from '@playwright/test';
import { checkRecorded, calls, expectNoErrors, fixtures, openApp, shot } from './helpers';

checkRecorded();

const REUTERS = '01a21f73-9c03-71d5-b8a8-853abbe9c675';

test('portfolio → company → add allegation → the score reloads', async ({ page }) => {
  const errors = await openApp(page, '#/portfolio');
  // Lists use the name people know (the first alias), with the legal name beneath it.
  const link = page.getByRole('link', { name: 'DeepSeek', exact: true });
  await expect(page.getByTestId('portfolio-row').filter({ has: link })).toContainText(
    'Hangzhou DeepSeek Artificial Intelligence',
  );
  await link.click();
  await expect(page).toHaveURL(/#\/company\/deepseek$/);
  const score = page.getByTestId('company-score');
  await expect(score).toHaveText('54');
  await expect(page.getByTestId('allegation-list').getByTestId('allegation')).toHaveCount(7);
  // The shell is told once that the first data is on screen.
  await expect.poll(() => calls(page, 'ui_ready')).toHaveLength(1);

  await page.getByTestId('add-allegation').click();
  const form = page.getByRole('dialog', { name: 'Add allegation' });
  await form
    .getByLabel('Summary')
    .fill('A U.S. official alleges DeepSeek staff worked with the PLA on model training.');
  await form.getByLabel('Category').selectOption({ label: 'Military / intelligence ties' });
  await form.getByLabel('Status').selectOption({ label: 'Alleged' });
  await form.getByLabel('First reported').fill('2025-06');
  await form.getByLabel('Source', { exact: true }).selectOption(REUTERS);
  await form.getByLabel('Credibility', { exact: true }).selectOption('3');
  await form.getByRole('button', { name: 'Save' }).click();

  await expect(form).toBeHidden();
  await expect(score).toHaveText('57');
  await expect(page.getByTestId('allegation-list').getByTestId('allegation')).toHaveCount(8);
  await expect(page.getByTestId('allegation-list')).toContainText('worked with the PLA on model training');
  await expect(page.getByRole('status').filter({ hasText: 'Score 54 → 57' })).toHaveCount(1);
  const latest = page.getByTestId('history').locator('tbody tr').first();
  await expect(latest).toContainText(
    /Created allegation “A U.S. official alleges DeepSeek staff worked with the PLA[^”]*”/,
  );
  await expect(latest.getByRole('cell').nth(1)).toHaveText('A. Analyst');
  const saved = await calls(page, 'save_allegation');
  expect(saved[0].allegation).toMatchObject({
    id: '00000000-0000-0000-0000-000000000000',
    updated_at: '1970-01-01T00:00:00Z',
    status: 'alleged',
  });

  // The portfolio shows the new score too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' }).click();
  const row = page.getByTestId('portfolio-row').filter({ hasText: 'deepseek' });
  await expect(row.getByRole('cell').nth(2)).toHaveText('57');
  await expect(row.getByRole('cell').nth(4)).toHaveText('8');
  await expectNoErrors(errors);
});

test('a new source typed into the allegation form is saved with it, in one command', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek');
  await page.getByTestId('add-allegation').click();
  const form = page.getByRole('dialog', { name: 'Add allegation' });
  await form
    .getByLabel('Summary')
    .fill('Berlin’s data protection commissioner says DeepSeek transfers personal data to China unlawfully.');
  await form.getByLabel('Category').selectOption({ label: 'Data sharing / surveillance' });
  await form.getByLabel('Source', { exact: true }).selectOption('__new__');
  await form.getByLabel('Publisher').fill('Berlin Data Protection Commissioner');
  await form.getByLabel('Title').fill('Notice to Apple and Google on the DeepSeek app');
  await form.getByLabel('Reliability').selectOption('A');
  await form.getByLabel('Credibility', { exact: true }).selectOption('2');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('allegation-list')).toContainText('Berlin Data Protection Commissioner');
  const sent = await calls(page, 'save_allegation_with_source');
  expect(sent).toHaveLength(1);
  expect(sent[0].source).toMatchObject({
    id: '00000000-0000-0000-0000-000000000000',
    publisher: 'Berlin Data Protection Commissioner',
    reliability: 'A',
  });
  expect(sent[0].allegation).toMatchObject({
    citations: [{ source_id: '00000000-0000-0000-0000-000000000000', credibility: '2' }],
  });
  expect(await calls(page, 'save_source')).toHaveLength(0);
  expect(await calls(page, 'save_allegation')).toHaveLength(0);
  await expectNoErrors(errors);
});

test('a validation error from the core is shown at its field', async ({ page }) => {
  // The form checks each date; that "until" is before "since" only the core says (its refusal, recorded by the CLI).
  const errors = await openApp(page, '#/company/deepseek');
  await page.getByRole('button', { name: 'Add list entry' }).click();
  const form = page.getByRole('dialog', { name: 'Add list designation' });
  await form.getByLabel('List', { exact: true }).selectOption('bis_entity_list');
  await form.getByLabel('Listed since').fill('2024');
  await form.getByLabel('Until').fill('2023');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByLabel('Until')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('2023 is before `since` 2024')).toBeVisible();
  await expect(form).toBeVisible();
  expect(await calls(page, 'save_designation')).toHaveLength(1);
  await expectNoErrors(errors);
});

test('deleting asks first, and the score follows', async ({ page }) => {
  await openApp(page, '#/company/deepseek');
  await expect(page.getByTestId('company-score')).toHaveText('54');
  await page.getByRole('button', { name: /^Delete allegation: A U.S. official alleges DeepSeek proactively/ }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete allegation?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  expect(await calls(page, 'delete_record')).toHaveLength(0);
  await page.getByRole('button', { name: /^Delete allegation: A U.S. official alleges DeepSeek proactively/ }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('allegation')).toHaveCount(6);
  await expect(page.getByTestId('company-score')).not.toHaveText('54');
});

test('briefs: preview, save to the briefs folder with progress, open; save through the dialog', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek', { progressDelay: 250 });
  await page.getByRole('button', { name: 'Generate brief' }).click();
  await expect(page).toHaveURL(/#\/briefs\/deepseek$/);
  const preview = page.getByTestId('brief-preview');
  await expect(preview.locator('h1')).toHaveText('Vendor risk brief: DeepSeek');
  await expect(preview.locator('.marking').first()).toHaveText('CONFIDENTIAL — INTERNAL USE');
  await page.getByLabel('Marking').fill('SECRET — BOARD ONLY');
  await expect(preview.locator('.marking').first()).toHaveText('SECRET — BOARD ONLY');
  await expect(page.getByTestId('briefs-folder')).toHaveText('/home/analyst/Documents/RiskBrief');

  await page.getByRole('button', { name: 'Save to briefs folder' }).click();
  const progress = page.getByTestId('brief-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/Building the brief|Rendering the PDF/);
  // The window stays responsive while the brief is generated.
  await page.getByLabel('Marking').press('End');
  const path = page.getByTestId('brief-result-path');
  await expect(path).toHaveText(/^\/home\/analyst\/Documents\/RiskBrief\/deepseek-\d{4}-\d{2}-\d{2}\.pdf$/);
  await expect(progress).toBeHidden();
  const generated = await calls(page, 'generate_brief');
  expect(generated[0].request).toMatchObject({ company: 'deepseek', marking: 'SECRET — BOARD ONLY', path: null });
  await page.getByRole('button', { name: 'Open' }).click();
  await expect
    .poll(() => calls(page, 'plugin:opener|open_path'))
    .toEqual([expect.objectContaining({ path: await path.textContent() })]);

  await page.getByRole('button', { name: 'Save PDF…' }).click();
  await expect(path).toHaveText('/home/analyst/Desktop/chosen.pdf');
  const dialog = await calls(page, 'plugin:dialog|save');
  expect(JSON.stringify(dialog[0])).toContain('/home/analyst/Documents/RiskBrief/deepseek-');
  await shot(page, 'flow-brief-saved');
  await expectNoErrors(errors);
});

test('briefs: the whole portfolio', async ({ page }) => {
  await openApp(page, '#/briefs');
  await expect(page.getByLabel('Subject')).toHaveValue('');
  await expect(page.getByTestId('brief-preview').locator('h1')).toHaveText('Vendor risk portfolio');
  await page.getByRole('button', { name: 'Save to briefs folder' }).click();
  await expect(page.getByTestId('brief-result-path')).toHaveText(/\/portfolio-\d{4}-\d{2}-\d{2}\.pdf$/);
});

test('search from anywhere: Ctrl+K and "/" open it, Enter goes to the company', async ({ page }) => {
  await openApp(page, '#/matrix');
  await page.getByTestId('cloud-matrix').waitFor();
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await expect(dialog.getByRole('combobox')).toBeFocused();
  await page.keyboard.type('H800');
  await expect(dialog.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/company\/deepseek$/);
  await expect(dialog).toBeHidden();

  await page.getByTestId('company-score').waitFor();
  await page.keyboard.press('/');
  await expect(dialog).toBeVisible();
  await page.keyboard.type('华为');
  await expect(dialog.getByRole('option').first()).toContainText('Huawei');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/company\/huawei$/);
});

test('cloud matrix: Amazon, Microsoft, Google at a glance, linking to the company', async ({ page }) => {
  await openApp(page, '#/matrix');
  const table = page.getByTestId('cloud-matrix');
  await expect(table.getByRole('columnheader')).toHaveText(['Company', 'Amazon', 'Microsoft', 'Google']);
  await expect(table.locator('td[data-platform=Microsoft]')).toContainText('Not documented');
  await page.getByLabel('Only companies with a cloud offering').uncheck();
  await expect(table.getByRole('row')).toHaveCount(11);
  await expect(table.getByRole('rowheader').filter({ hasText: 'DeepSeek' })).toContainText(
    'Hangzhou DeepSeek Artificial Intelligence',
  );
  await table.getByRole('link', { name: 'DeepSeek', exact: true }).click();
  await expect(page.getByTestId('company-score')).toHaveText('54');
});

test('10,000 companies: a window of rows, smooth scrolling to the end, sorting', async ({ page }) => {
  await openApp(page, '#/portfolio', { bulk: 10_000 });
  await expect(page.getByTestId('portfolio-count')).toContainText('Showing 10,000 of 10,000');
  const rows = page.getByTestId('portfolio-row');
  expect(await rows.count()).toBeLessThan(60);
  await page.getByRole('button', { name: /^Company/ }).click();
  await expect(rows.first()).toContainText('Vendor 00000');
  const viewport = page.getByTestId('virtual-viewport');
  const started = Date.now();
  for (let i = 1; i <= 20; i++) {
    await viewport.evaluate((el, i) => (el.scrollTop = (el.scrollHeight * i) / 20), i);
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  expect(Date.now() - started).toBeLessThan(5000);
  await expect(page.getByText('Vendor 09999 Holdings Ltd.')).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);
  // Keyboard: Home goes back to the first company.
  await page.getByRole('link', { name: 'Vendor 09999 Holdings Ltd.' }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('link', { name: 'Vendor 00000 Holdings Ltd.' })).toBeFocused();
  await shot(page, 'portfolio-10k');
});

test('keyboard only: skip link, visible focus, navigation', async ({ page }) => {
  await openApp(page, '#/portfolio');
  await page.getByTestId('portfolio-row').first().waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolio' });
  await expect(nav).toBeFocused();
  const outline = await nav.evaluate(
    (el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth,
  );
  expect(outline).toBe('solid 3px');
  // The next entry: the Inbox.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/inbox$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
});

test('an unknown company says so', async ({ page }) => {
  await openApp(page, '#/company/nosuch');
  await expect(page.getByTestId('error-panel')).toContainText('no company matches "nosuch"');
  await page.getByRole('link', { name: 'Back to the portfolio' }).click();
  await expect(page.getByTestId('portfolio-row').first()).toBeVisible();
});

test('the hooks the desktop WebDriver test (src-tauri/tests/e2e.rs) relies on', async ({ page }) => {
  await openApp(page, '#/portfolio');
  await expect(page.locator('main')).toContainText('DeepSeek');
  await page.evaluate(() => (location.hash = '#/company/deepseek'));
  await expect(page.locator('[data-testid=company-score]')).toHaveText('54');
  await page.locator('[data-testid=add-allegation]').click();
  // The form opens in a dialog: wait for it before looking up its labels.
  await expect(page.getByLabel('Summary')).toBeVisible();
  // e2e.rs finds each control through the first visible <label> whose text starts with the name.
  const controls = await page.evaluate(
    (names) => {
      return names.map((want) => {
        const l = [...document.querySelectorAll('label')].find(
          (l) => l.offsetParent !== null && l.textContent!.trim().startsWith(want),
        );
        const c = l?.control as HTMLSelectElement | HTMLInputElement | undefined;
        return c
          ? `${c.tagName}:${[...(c instanceof HTMLSelectElement ? c.options : [])].some((o) => o.value.length === 36)}`
          : null;
      });
    },
    ['Summary', 'Category', 'Status', 'First reported', 'Source', 'Credibility'],
  );
  expect(controls).toEqual([
    'TEXTAREA:false',
    'SELECT:false',
    'SELECT:false',
    'INPUT:false',
    'SELECT:true',
    'SELECT:false',
  ]);
  const saves = await page
    .locator('button:visible')
    .evaluateAll((bs) => bs.filter((b) => b.textContent!.trim() === 'Save').length);
  expect(saves).toBe(1);
  await page.keyboard.press('Escape');

  await page.evaluate(() => (location.hash = '#/briefs/deepseek'));
  await expect(page.getByLabel('Subject')).toHaveValue('deepseek');
  await page.locator('button', { hasText: /^Save to briefs folder$/ }).click();
  await expect(page.locator('[data-testid=brief-result-path]')).toHaveText(
    /^\/home\/analyst\/Documents\/RiskBrief\/deepseek-/,
  );
});

test('data exchange: export everything or one company; import with a preview, then confirm', async ({ page }) => {
  const errors = await openApp(page, '#/portfolio', { progressDelay: 150 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data exchange' }).click();
  await expect(page).toHaveURL(/#\/exchange$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data exchange');

  await page.getByRole('button', { name: 'Export bundle…' }).click();
  await expect(page.getByTestId('export-result')).toHaveText(
    new RegExp(
      `^${fixtures.exchange.export_counts.all} records written to /home/analyst/Desktop/riskbrief-\\d{4}-\\d{2}-\\d{2}\\.riskbrief$`,
    ),
  );
  await page.getByLabel('Records to export').selectOption('deepseek');
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  await expect(page.getByTestId('export-result')).toHaveText(
    new RegExp(
      `^${fixtures.exchange.export_counts.deepseek} records written to /home/analyst/Desktop/riskbrief-deepseek-\\d{4}-\\d{2}-\\d{2}\\.riskbrief$`,
    ),
  );
  const exports = await calls(page, 'export_bundle');
  expect(exports.map((c) => c.company)).toEqual([null, 'deepseek']);
  // Bundles are .riskbrief files; the open dialog takes the .json files of older versions too.
  const saveDialog = (await calls(page, 'plugin:dialog|save'))[0].options as { filters: unknown };
  expect(saveDialog.filters).toEqual([{ name: 'RiskBrief bundle', extensions: ['riskbrief'] }]);

  await page.getByRole('button', { name: 'Choose bundle…' }).click();
  // The check shows its steps as the shell reports them.
  await expect(page.getByTestId('bundle-progress')).toContainText(
    /Checking the bundle · (Starting|Merging its records)/,
  );
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { name: 'Preview: nothing has been imported yet' })).toBeFocused();
  await expect(page.getByTestId('bundle-progress')).toBeHidden();
  const openDialog = (await calls(page, 'plugin:dialog|open'))[0].options as { filters: unknown };
  expect(openDialog.filters).toEqual([{ name: 'RiskBrief bundle', extensions: ['riskbrief', 'json'] }]);
  await expect(preview.getByTestId('bundle-signer')).toContainText('Signed by berlin-office');
  await expect(preview.getByTestId('plan-counts').locator('li[data-action=add]')).toHaveText(/2\s+to add/);
  await expect(preview.getByTestId('plan-counts').locator('li[data-action=conflict]')).toHaveText(/1\s+in conflict/);
  const rows = preview.getByTestId('plan-items').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.first()).toHaveAttribute('data-action', 'conflict');
  await expect(rows.first()).toContainText('Both sides changed this record; not applied.');
  expect(await calls(page, 'import_bundle')).toEqual([
    { path: '/home/analyst/Downloads/team.json', dryRun: true, allowUnsigned: false },
  ]);
  await shot(page, 'flow-exchange-preview', true);

  await preview.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('bundle-progress')).toContainText(/Importing · Merging its records/);
  await shot(page, 'flow-exchange-progress', true);
  const result = page.getByTestId('import-result');
  await expect(result.getByRole('status')).toContainText('2 added, 1 updated, 1 deleted');
  await expect(preview).toBeHidden();
  expect((await calls(page, 'import_bundle')).map((c) => c.dryRun)).toEqual([true, false]);
  await expectNoErrors(errors);
});

test('data exchange: a bundle opened from the file manager starts the app on its preview; nothing is imported until confirmed', async ({
  page,
}) => {
  // `riskbrief-desktop /home/analyst/Downloads/team.riskbrief`, as the desktop entry starts it.
  const FILE = '/home/analyst/Downloads/team.riskbrief';
  const errors = await openApp(page, '', { launchFile: FILE });
  await expect(page).toHaveURL(new RegExp(`#/exchange\\?file=${encodeURIComponent(FILE)}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data exchange');
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data exchange' }),
  ).toHaveAttribute('aria-current', 'page');
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { name: 'Preview: nothing has been imported yet' })).toBeFocused();
  await expect(preview).toContainText(`File: ${FILE}`);
  await expect(preview.getByTestId('bundle-signer')).toContainText('Signed by berlin-office');
  await expect(preview.getByTestId('plan-counts').locator('li[data-action=add]')).toHaveText(/2\s+to add/);
  await expect(preview.getByTestId('plan-items').locator('tbody tr')).toHaveCount(6);
  await expect(page).toHaveTitle('Data exchange · RiskBrief');
  expect(await calls(page, 'launch_file')).toEqual([{}]);
  expect(await calls(page, 'plugin:dialog|open')).toEqual([]);
  expect(await calls(page, 'import_bundle')).toEqual([{ path: FILE, dryRun: true, allowUnsigned: false }]);
  await shot(page, 'flow-exchange-opened-file', true);

  // Back to the same file (the screen is still open): not checked again.
  await page.evaluate((h) => (location.hash = h), '#/exchange?file=' + encodeURIComponent(FILE));
  await page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  await expect(preview).toBeVisible();
  expect(await calls(page, 'import_bundle')).toHaveLength(1);

  await preview.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-result').getByRole('status')).toContainText(
    `From ${FILE}: 2 added, 1 updated, 1 deleted`,
  );
  expect((await calls(page, 'import_bundle')).map((c) => [c.path, c.dryRun])).toEqual([
    [FILE, true],
    [FILE, false],
  ]);
  await expectNoErrors(errors);
});

test("data exchange: #/exchange?file=… shows that bundle's preview; another file is checked in turn", async ({
  page,
}) => {
  const errors = await openApp(page, `#/exchange?file=${encodeURIComponent('/home/analyst/Downloads/team.riskbrief')}`);
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { name: 'Preview: nothing has been imported yet' })).toBeFocused();
  await expect(preview).toContainText('File: /home/analyst/Downloads/team.riskbrief');
  await expect(preview.getByRole('button', { name: 'Import' })).toBeVisible();

  const OTHER = '/home/analyst/Downloads/unchanged.json';
  await page.evaluate((h) => (location.hash = h), `#/exchange?file=${encodeURIComponent(OTHER)}`);
  await expect(preview).toContainText(`File: ${OTHER}`);
  await expect(preview).toContainText('Nothing to import');
  expect((await calls(page, 'import_bundle')).map((c) => [c.path, c.dryRun])).toEqual([
    ['/home/analyst/Downloads/team.riskbrief', true],
    [OTHER, true],
  ]);
  expect(await calls(page, 'launch_file')).toEqual([{}]);
  await expectNoErrors(errors);
});

test('data exchange: a cancelled dialog does nothing; a damaged bundle is refused with nothing imported', async ({
  page,
}) => {
  await openApp(page, '#/exchange', { openPath: null, savePath: null });
  await page.getByRole('button', { name: 'Choose bundle…' }).click();
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  await expect.poll(() => calls(page, 'plugin:dialog|save')).toHaveLength(1);
  await expect.poll(() => calls(page, 'plugin:dialog|open')).toHaveLength(1);
  expect(await calls(page, 'import_bundle')).toEqual([]);
  expect(await calls(page, 'export_bundle')).toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
});

for (const [file, reason] of [
  ['tampered.json', 'changed or damaged after it was exported'],
  ['truncated.json', 'The file is incomplete'],
  ['wrong-signature.json', 'signature does not match'],
  ['newer.json', 'newer version of RiskBrief'],
  ['untrusted.json', 'does not trust'],
] as const) {
  test(`data exchange: ${file} is refused`, async ({ page }) => {
    await openApp(page, '#/exchange', { openPath: `/media/usb/${file}` });
    await page.getByRole('button', { name: 'Choose bundle…' }).click();
    const alert = page.getByTestId('import-error');
    await expect(alert.getByRole('heading')).toHaveText('Bundle refused: nothing was imported');
    await expect(alert).toContainText(reason);
    await expect(alert).toContainText(`/media/usb/${file}:`);
    await expect(page.getByTestId('import-preview')).toHaveCount(0);
    expect((await calls(page, 'import_bundle')).map((c) => c.dryRun)).toEqual([true]);
  });
}

test('data exchange: an unsigned bundle needs "Allow unsigned bundle"', async ({ page }) => {
  await openApp(page, '#/exchange', { openPath: '/media/usb/unsigned.json' });
  await page.getByRole('button', { name: 'Choose bundle…' }).click();
  await expect(page.getByTestId('import-error')).toContainText('accepts only signed bundles');
  await page.getByLabel('Allow unsigned bundle').check();
  await page.getByRole('button', { name: 'Check again' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('bundle-signer')).toContainText('Unsigned');
  await preview.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-result')).toBeVisible();
  expect((await calls(page, 'import_bundle')).map((c) => [c.dryRun, c.allowUnsigned])).toEqual([
    [true, false],
    [true, true],
    [false, true],
  ]);
});
