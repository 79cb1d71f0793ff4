// Scenarios: "what if" changes run by the core in memory, over the fake core (src/test/fake-core.ts),
// which replays what the CLI recorded (fixtures/core.json).
import { expect, test } from '@playwright/test';
import { calls, checkRecorded, expectNoErrors, openApp, recordedRead, shot } from './helpers';

checkRecorded();

const BIS = 'DeepSeek added to the BIS Entity List';
const COPY = 'Entity List, board copy';

test('open Scenarios from the company page, run the Entity List listing: DeepSeek High → Severe, a deployment Not recommended, the legal source', async ({
  page,
}) => {
  const errors = await openApp(page, '#/company/deepseek');
  await page.getByTestId('what-if').click();
  await expect(page).toHaveURL(/#\/scenarios\?company=deepseek$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scenarios');
  await expect(page.getByTestId('scenarios-filter')).toContainText('4 scenarios of 4');
  await page.getByRole('link', { name: 'Show every scenario' }).click();
  await expect(page).toHaveURL(/#\/scenarios$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scenarios' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const items = page.getByTestId('scenario-item');
  await expect(items).toHaveCount(4);
  await expect(items.first().getByTestId('starting-point')).toHaveText('Starting point');

  await items.filter({ hasText: BIS }).click();
  await expect(page).toHaveURL(/#\/scenarios\?name=DeepSeek%20added%20to%20the%20BIS%20Entity%20List$/);
  const result = page.getByTestId('scenario-result');
  await expect(result.getByTestId('hypothetical')).toContainText('HYPOTHETICAL');
  await expect(result.getByTestId('assumed')).toHaveText('DeepSeek: Listed on the BIS Entity List.');
  const deepseek = result.getByTestId('company-delta');
  await expect(deepseek.locator('[data-band]')).toHaveText([/High/, /Severe/]);
  await expect(deepseek.getByTestId('band-change')).toContainText('51');
  await expect(deepseek.getByTestId('band-change')).toContainText('91');
  const support = result.getByTestId('deployment-delta').filter({ hasText: 'Customer support assistant' });
  await expect(support.locator('[data-verdict]')).toHaveText([/Acceptable with controls/, /Not recommended/]);
  await expect(support).toContainText('Customer Service');
  const consequence = result.getByTestId('consequence');
  await expect(consequence).toContainText('DeepSeek on the BIS Entity List: items subject to the EAR');
  await expect(consequence.getByTestId('legal-source')).toContainText(
    'U.S. Department of Commerce, Bureau of Industry and Security',
  );
  expect(await calls(page, 'run_scenario')).toEqual([{ name: BIS, asOf: null }]);
  await shot(page, 'flow-scenario-run', true);

  // The scenario brief, through the save dialog; then open it.
  await result.getByRole('button', { name: 'Scenario brief (PDF)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scenario brief' });
  await dialog.getByRole('button', { name: 'Save PDF…' }).click();
  await expect(result.getByTestId('scenario-brief-result')).toContainText(
    'Scenario brief saved to /home/analyst/Desktop/chosen.pdf (hypothetical; not recorded',
  );
  expect(await calls(page, 'generate_scenario_brief')).toEqual([
    { name: BIS, path: '/home/analyst/Desktop/chosen.pdf', marking: 'CONFIDENTIAL — INTERNAL USE', asOf: null },
  ]);
  await result.getByRole('button', { name: 'Open' }).click();
  expect(await calls(page, 'plugin:opener|open_path')).toHaveLength(1);
  await expectNoErrors(errors);
});

test('save a copy of a starting point under a new name, then delete it', async ({ page }) => {
  const errors = await openApp(page, `#/scenarios?name=${encodeURIComponent(BIS)}`);
  const result = page.getByTestId('scenario-result');
  await expect(result.getByTestId('assumed')).toBeVisible();
  await expect(result.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await result.getByRole('button', { name: 'Save as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as a new scenario' });
  await dialog.getByLabel('Name').fill(COPY);
  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: COPY })).toBeVisible();
  await expect(page.getByTestId('scenario-item')).toHaveCount(5);
  const saved = page.getByTestId('scenario-item').filter({ hasText: COPY });
  await expect(saved).toHaveAttribute('aria-current', 'true');
  await expect(saved.getByTestId('starting-point')).toHaveCount(0);
  await expect(result.getByTestId('company-delta').locator('[data-band]')).toHaveText([/High/, /Severe/]);
  const entries = recordedRead<{ scenario: { id: string; name: string } }[]>('scenario-saved', 'scenarios', {});
  const id = entries.find((e) => e.scenario.name === COPY)!.scenario.id;

  await result.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete scenario?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('scenario-item')).toHaveCount(4);
  await expect(page).toHaveURL(/#\/scenarios$/);
  expect(await calls(page, 'delete_record')).toEqual([{ kind: 'scenario', id }]);
  await expectNoErrors(errors);
});

test('a register with no vendor column: "Brand" mapped to vendor by hand, the rows appear', async ({ page }) => {
  const NO_VENDOR = '/home/analyst/Downloads/register-no-vendor.csv';
  const errors = await openApp(page, '#/exposure', { registerPath: NO_VENDOR });
  await page.getByRole('button', { name: 'Import register…' }).click();
  const panel = page.getByTestId('register-import');
  await expect(panel.getByTestId('import-problems')).toContainText('no column holds the vendor');
  await expect(panel.getByTestId('import-summary')).toHaveText('No row can be imported yet.');
  await expect(panel.getByTestId('import-register')).toBeDisabled();
  await panel.getByLabel('Column B (Brand) is read as').selectOption('vendor');
  await expect(panel.getByTestId('import-problems-none')).toBeVisible();
  await expect(panel.getByTestId('import-summary')).toContainText('1 row read: 1 new');
  await expect(panel.getByTestId('import-preview-rows')).toContainText('Sales call transcription');
  await expect(panel.getByTestId('import-register')).toHaveText('Import 1 deployment');
  expect(await calls(page, 'import_deployments')).toEqual([
    { path: NO_VENDOR, map: [], dryRun: true },
    { path: NO_VENDOR, map: [['Brand', 'vendor']], dryRun: true },
  ]);
  await shot(page, 'exposure-import-no-vendor-mapped', true);
  await expectNoErrors(errors);
});
