// Exposure: the organisation's register of deployments, judged by the core, over the fake core
// (src/test/fake-core.ts), which replays what the CLI recorded (fixtures/core.json).
import { expect, test } from '@playwright/test';
import { calls, checkRecorded, expectNoErrors, fixtures, openApp, shot } from './helpers';

checkRecorded();

const REGISTER = '/home/analyst/Downloads/register.csv';

test('open Exposure: the sample notice, the counts, a verdict filter, a deployment’s reasons and controls', async ({
  page,
}) => {
  const errors = await openApp(page, '#/portfolio');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exposure' }).click();
  await expect(page).toHaveURL(/#\/exposure$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exposure');
  await expect(page.getByTestId('sample-notice')).toContainText(
    'sample data of a fictional organisation, not facts about any real organisation',
  );
  const counts = page.getByTestId('verdict-counts');
  await expect(counts.getByTestId('verdict-count-prohibited')).toHaveText(/^\s*1\s+Prohibited\s*$/);
  await expect(counts.getByTestId('verdict-count-not_recommended')).toHaveText(/^\s*13\s+Not recommended\s*$/);
  await expect(counts.getByTestId('verdict-count-acceptable_with_controls')).toHaveText(/^\s*4\s+With controls\s*$/);
  await expect(counts.getByTestId('verdict-count-not_assessed')).toHaveText(/^\s*3\s+Vendor not assessed\s*$/);
  await expect(page.getByTestId('register-summary')).toContainText('20 deployments · 2 retired (not counted)');
  await expect(page.getByTestId('deployment-row')).toHaveCount(20);

  // Filter by verdict: the rows match the count on the button.
  await counts.getByTestId('verdict-count-prohibited').click();
  await expect(counts.getByTestId('verdict-count-prohibited')).toHaveAttribute('aria-pressed', 'true');
  const rows = page.getByTestId('deployment-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Finance laptops antivirus');
  await expect(page.getByLabel('Verdict', { exact: true })).toHaveValue('prohibited');

  // Its reasons (those resting on a recorded fact link to the vendor's page) and controls.
  await page.getByRole('button', { name: 'Finance laptops antivirus' }).click();
  await expect(page.getByRole('button', { name: 'Finance laptops antivirus' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  const detail = page.getByTestId('deployment-detail');
  await expect(detail.getByTestId('reasons').getByRole('listitem')).toHaveCount(7);
  await expect(detail.getByTestId('reasons')).toContainText('Banned in the United States (20 Jun 2024)');
  const listLink = detail.getByRole('link', { name: 'Official list entry on AO Kaspersky Lab’s page' }).first();
  await expect(listLink).toHaveAttribute('href', '#/company/kaspersky');
  await expect(detail.getByTestId('controls').getByRole('listitem')).toHaveText([
    'Stop using it now and take legal advice',
    'Review it now',
  ]);

  // Another filter: a vendor not in the database.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Vendor', { exact: true }).selectOption({ label: 'Atlassian (not in the database)' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('[data-verdict=not_assessed]')).toHaveText(/Not assessed/);

  await page.getByLabel('Vendor', { exact: true }).selectOption('');
  await page.getByLabel('Route').selectOption('cloud_hosted');
  await expect(rows).toHaveCount(4);
  await expectNoErrors(errors);
});

test('import a register: one column mapped by hand, then imported', async ({ page }) => {
  const errors = await openApp(page, '#/exposure');
  await page.getByTestId('sample-notice').waitFor();
  await page.getByRole('button', { name: 'Import register…' }).click();
  const panel = page.getByTestId('register-import');
  await expect(panel.getByRole('heading', { name: 'Import register.csv' })).toBeFocused();
  // The dry run: "Information type" is not a header the importer knows, so no column holds the data.
  await expect(panel.getByTestId('import-problems')).toContainText('Columns (map them in step 1)');
  await expect(panel.getByTestId('import-problems')).toContainText('no column holds the data handled');
  const importButton = panel.getByTestId('import-register');
  await expect(importButton).toBeDisabled();
  const columnF = panel.getByLabel('Column F (Information type) is read as');
  await expect(columnF).toHaveValue('ignore');
  await expect(panel.locator('tr[data-by=guess]')).toContainText('Hosting model');

  await columnF.selectOption({ label: 'Data handled' });
  await expect(panel.getByTestId('import-problems-none')).toBeVisible();
  const preview = panel.getByTestId('import-preview-rows');
  await expect(preview.locator('tbody tr')).toHaveCount(4);
  await expect(preview.locator('tbody tr').nth(1)).toContainText(/Qwen Team\s*→ Not assessed \(not in the database\)/);
  await expect(preview.locator('tbody tr').nth(3)).toContainText('Closest: DeepSeek (80)');
  await expect(panel.getByTestId('import-summary')).toContainText('4 rows read: 4 new, 0 updated, 0 unchanged.');
  await expect(panel.locator('tr[data-by=user]')).toContainText('Information type');
  await shot(page, 'exposure-import-mapped', true);

  await expect(importButton).toHaveText('Import 4 deployments');
  await importButton.click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('deployment-row')).toHaveCount(24);
  await expect(page.getByTestId('exposure-announcement')).toHaveText(
    'Imported 4 deployments from register.csv: 4 new, 0 updated, 0 unchanged.',
  );
  await expect(page.getByTestId('sample-notice')).toContainText('20 deployments here are');
  expect(await calls(page, 'import_deployments')).toEqual([
    { path: REGISTER, map: [], dryRun: true },
    { path: REGISTER, map: [['Information type', 'data']], dryRun: true },
    { path: REGISTER, map: [['Information type', 'data']], dryRun: false },
  ]);
  await expectNoErrors(errors);
});

test('export the register and save the exposure brief, then open it', async ({ page }) => {
  const errors = await openApp(page, '#/exposure');
  await page.getByTestId('sample-notice').waitFor();
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByTestId('register-export-result')).toHaveText(
    '20 deployments written to /home/analyst/Desktop/exposure-register-2026-11-28.xlsx',
  );
  await page.getByRole('button', { name: 'Exposure brief (PDF)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Exposure brief' });
  await expect(dialog.getByLabel('Marking')).toHaveValue('CONFIDENTIAL — INTERNAL USE');
  await dialog.getByRole('button', { name: 'Save to briefs folder' }).click();
  await expect(dialog).toBeHidden();
  const result = page.getByTestId('exposure-brief-result');
  await expect(result).toContainText(
    /Exposure brief RB-[0-9A-F]+ saved to \/home\/analyst\/Documents\/RiskBrief\/exposure-2026-11-28\.pdf/,
  );
  await result.getByRole('button', { name: 'Open' }).click();
  await expect
    .poll(() => calls(page, 'plugin:opener|open_path'))
    .toEqual([expect.objectContaining({ path: '/home/analyst/Documents/RiskBrief/exposure-2026-11-28.pdf' })]);
  await expectNoErrors(errors);
});

test('edit a deployment onto a recorded cloud offering', async ({ page }) => {
  const errors = await openApp(page, '#/exposure');
  await page.getByRole('button', { name: 'Developer coding assistant' }).click();
  await page.getByTestId('deployment-detail').getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('dialog', { name: 'Edit deployment' });
  await form.getByLabel('Route').selectOption({ label: 'Hosted by a cloud provider' });
  await form.getByLabel('Cloud platform').fill('Amazon');
  const bedrock = fixtures.companies.deepseek.data.cloud_offerings.find((o: { service: string }) =>
    o.service.startsWith('Amazon Bedrock'),
  );
  await form.getByLabel('Cloud offering').selectOption(bedrock.id);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId('exposure-announcement')).toHaveText(
    'Deployment “Developer coding assistant” saved. Verdict: Acceptable with controls.',
  );
  await expect(page.getByTestId('deployment-detail').getByTestId('controls')).toContainText(
    'Pin the deployment to an approved region',
  );
  expect((await calls(page, 'save_deployment'))[0].deployment).toMatchObject({
    route: 'cloud_hosted',
    platform: 'Amazon',
    name: 'Developer coding assistant',
  });
  await expectNoErrors(errors);
});

test('deleting a deployment asks first', async ({ page }) => {
  const errors = await openApp(page, '#/exposure');
  await page.getByRole('button', { name: 'Marketing copy drafts' }).click();
  await page.getByTestId('deployment-detail').getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete deployment?' });
  await expect(confirm).toContainText('Delete “Marketing copy drafts” (DeepSeek) from the register?');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('deployment-row')).toHaveCount(19);
  await expect(page.getByRole('button', { name: 'Marketing copy drafts' })).toHaveCount(0);
  await expectNoErrors(errors);
});

test('the company page lists our deployments of the vendor and links to them', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek');
  const section = page.getByTestId('company-exposure');
  await expect(section.getByRole('heading', { name: /Our deployments of this vendor/ })).toContainText('(8)');
  await expect(section.getByTestId('company-deployment')).toHaveCount(8);
  await section.getByRole('link', { name: 'Open in Exposure' }).click();
  await expect(page).toHaveURL(/#\/exposure\?vendor=deepseek$/);
  await expect(page.getByLabel('Vendor', { exact: true })).toHaveValue('deepseek');
  await expect(page.getByTestId('deployment-row')).toHaveCount(8);
  await expectNoErrors(errors);
});
