// Scenarios: "what if" changes run by the core in memory, over the fake core (src/test/fake-core.ts),
// which replays what the CLI recorded (fixtures/core.json).
import { expect, test, type Page } from '@playwright/test';
import { calls, checkRecorded, expectNoErrors, fixtures, openApp, recordedRead, shot } from './helpers';

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
  await expect(deepseek.getByTestId('band-change')).toContainText('54');
  await expect(deepseek.getByTestId('band-change')).toContainText('94');
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

test('start from a starting point, save it under a new name unchanged, then delete it', async ({ page }) => {
  const errors = await openApp(page, `#/scenarios?name=${encodeURIComponent(BIS)}`);
  const result = page.getByTestId('scenario-result');
  await expect(result.getByTestId('assumed')).toBeVisible();
  await expect(result.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(result.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await result.getByRole('button', { name: 'Start from this' }).click();
  const dialog = page.getByRole('dialog', { name: 'New scenario' });
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(`${BIS} (copy)`);
  await expect(dialog.getByTestId('change-words')).toHaveText(['DeepSeek: Listed on the BIS Entity List']);
  await dialog.getByLabel('Name', { exact: true }).fill(COPY);
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

// The builder. What it sends is exactly what make-fixtures.mjs had the CLI save (`scenario save`).
const BUILT = 'Forced labour and a DeepSeek crackdown';
const NIL = '00000000-0000-0000-0000-000000000000';
const UNSTORED = '1970-01-01T00:00:00Z';
type Saved = { id: string; name: string; description: string | null; as_of: string | null; updated_at: string };
const savedIn = (state: string) =>
  recordedRead<{ scenario: Saved }[]>(state, 'scenarios', {}).find((e) => e.scenario.name === BUILT)!.scenario;
const deepseek = fixtures.companies.deepseek.data;

/** Both colour schemes of the same screen; with a height, a window that tall (a dialog shown whole). */
async function shots(page: Page, name: string, { full = false, height = 0 } = {}) {
  const size = page.viewportSize()!;
  if (height) await page.setViewportSize({ width: size.width, height });
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, `${name}-light`, full);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `${name}-dark`, full);
  await page.emulateMedia({ colorScheme: 'light' });
  if (height) await page.setViewportSize(size);
}

test('build a scenario from scratch with a change of every kind, save it: it runs', async ({ page }) => {
  const errors = await openApp(page, '#/scenarios');
  await page.getByRole('button', { name: 'New scenario' }).click();
  const dialog = page.getByRole('dialog', { name: 'New scenario' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(dialog.getByTestId('builder-no-change')).toHaveText('No change yet: add one below.');
  await dialog.getByLabel('Name', { exact: true }).fill(BUILT);
  await dialog.getByLabel('Assess as of (optional)').fill('2027-03-01');
  await dialog
    .getByLabel('Description')
    .fill('SenseTime on the UFLPA list; DeepSeek restricted, an allegation confirmed, Bedrock withdrawn.');
  const editor = dialog.getByTestId('change-editor');
  const kind = editor.getByLabel('Kind of change');
  const add = editor.getByRole('button', { name: 'Add change' });

  // A listing, on the new UFLPA Entity List, from a month.
  await expect(kind).toHaveValue('designate');
  await editor.getByLabel('Company').selectOption({ label: 'SenseTime' });
  await editor.getByLabel('List', { exact: true }).selectOption({ label: 'UFLPA Entity List' });
  await expect(editor.getByLabel('Status on the list')).toHaveValue('listed');
  await editor.getByLabel('From (optional)').fill('Jan 2027');
  await add.click();
  await expect(editor.getByText('Use YYYY, YYYY-MM or YYYY-MM-DD')).toBeVisible();
  await expect(editor.getByLabel('From (optional)')).toBeFocused();
  await editor.getByLabel('From (optional)').fill('2027-01');
  await editor.getByLabel('From (optional)').press('Enter'); // Enter adds the change; it does not save
  await expect(dialog).toBeVisible();

  // An allegation confirmed: the company, then one of its allegations, numbered as briefs number them.
  await kind.selectOption({ label: 'An allegation’s status changes' });
  await editor.getByLabel('Company').selectOption({ label: 'DeepSeek' });
  await add.click();
  await expect(editor.getByText('Choose one of its allegations.')).toBeVisible();
  await editor
    .getByLabel('Allegation', { exact: true })
    .selectOption({ label: `A2 — ${deepseek.allegations[1].summary}` });
  await expect(editor.getByText('Now: Alleged')).toBeVisible();
  await editor.getByLabel('New status').selectOption({ label: 'Confirmed' });
  await add.click();

  // A restriction.
  await kind.selectOption({ label: 'A government restriction' });
  await expect(editor.getByLabel('Company')).toHaveValue(deepseek.company.id);
  await editor.getByLabel('Jurisdiction').fill('United States');
  await editor.getByLabel('Issuing body').fill('U.S. Congress');
  await editor.getByLabel('Measure').fill('No DeepSeek on Government Devices Act enacted');
  await editor.getByLabel('Scope').selectOption({ label: 'Government devices' });
  await editor.getByLabel('Date (optional)').fill('2027-02');
  await add.click();

  // A cloud offering withdrawn.
  await kind.selectOption({ label: 'A cloud offering withdrawn' });
  const bedrock = deepseek.cloud_offerings.find((o: { service: string }) =>
    o.service.startsWith('Amazon Bedrock (serverless'),
  );
  await editor
    .getByLabel('Cloud offering')
    .selectOption({ label: `${bedrock.platform} · ${bedrock.service} · ${bedrock.product}` });
  await add.click();

  // One of our deployments brought in-house and into production.
  await kind.selectOption({ label: 'One of our deployments changes' });
  await editor.getByLabel('Deployment').selectOption({ label: 'Developer coding assistant — DeepSeek' });
  await expect(editor.getByText("Now: Vendor's own service or app · Confidential · Pilot")).toBeVisible();
  await editor.getByLabel('New route').selectOption({ label: 'Open weights, self-hosted' });
  await editor.getByLabel('New status').selectOption({ label: 'Production' });
  await add.click();

  await expect(dialog.getByTestId('change-words')).toHaveText([
    'SenseTime: Listed on the UFLPA Entity List from Jan 2027',
    `DeepSeek: allegation A2 (“${deepseek.allegations[1].summary}”) alleged → confirmed`,
    'DeepSeek: United States — U.S. Congress: No DeepSeek on Government Devices Act enacted (government devices, Feb 2027)',
    `Withdrawn: ${bedrock.platform} · ${bedrock.service} · ${bedrock.product} (DeepSeek)`,
    "Deployment “Developer coding assistant”: route Vendor's own service or app → Open weights, self-hosted, status Pilot → Production",
  ]);
  await expect(dialog.getByTestId('builder-announcement')).toContainText('5 changes.');
  await expect(dialog.getByRole('heading', { name: 'Changes assumed (5)' })).toBeVisible();
  await shots(page, 'scenarios-builder', { height: 1180 });

  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  await expect(dialog).toHaveCount(0);
  const saved = savedIn('scenario-built');
  expect(await calls(page, 'save_scenario')).toEqual([{ scenario: { ...saved, id: NIL, updated_at: UNSTORED } }]);
  await expect(page).toHaveURL(/#\/scenarios\?name=Forced%20labour%20and%20a%20DeepSeek%20crackdown$/);
  const result = page.getByTestId('scenario-result');
  await expect(page.getByRole('heading', { level: 2, name: BUILT })).toBeVisible();
  // The focus goes to the screen (as after any navigation), not back to the page's top.
  expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);
  await expect(page.getByTestId('scenarios-announcement')).toHaveText(`Scenario “${BUILT}” saved.`);
  await expect(result.getByTestId('run-as-of')).toHaveText('Assessed as of 1 Mar 2027');
  await expect(result.getByTestId('assumed').locator('li')).toHaveCount(5);
  await expect(result.getByTestId('company-delta')).toHaveCount(2);
  await expect(result.getByTestId('consequence')).toContainText('SenseTime on the UFLPA Entity List');
  const coding = result.getByTestId('deployment-delta').filter({ hasText: 'Developer coding assistant' });
  await expect(coding.locator('[data-verdict]')).toHaveText([/Not recommended/, /Acceptable with controls/]);
  await expect(page.getByTestId('scenario-item').filter({ hasText: BUILT })).toHaveAttribute('aria-current', 'true');
  expect(await calls(page, 'run_scenario')).toEqual([{ name: BUILT, asOf: null }]);
  await shots(page, 'scenarios-built', { full: true });
  await expectNoErrors(errors);
});

test('edit a saved scenario: a change removed, another date; saving replaces it and runs it again', async ({
  page,
}) => {
  const errors = await openApp(page, `#/scenarios?name=${encodeURIComponent(BUILT)}`, { state: 'scenario-built' });
  const result = page.getByTestId('scenario-result');
  await expect(result.getByTestId('run-as-of')).toHaveText('Assessed as of 1 Mar 2027');
  await result.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit scenario' });
  await expect(dialog).toContainText(`Saving replaces “${BUILT}”.`);
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(BUILT);
  await expect(dialog.getByLabel('Assess as of (optional)')).toHaveValue('2027-03-01');
  const words = dialog.getByTestId('change-words');
  await expect(words).toHaveCount(5);
  await expect(words.nth(3)).toHaveText(/^Withdrawn: Amazon · Amazon Bedrock \(serverless/);
  await dialog.getByRole('button', { name: /^Remove change 4: Withdrawn/ }).click();
  await expect(words).toHaveCount(4);
  await expect(dialog.getByRole('button', { name: /^Remove change 4: Deployment/ })).toBeFocused();
  await expect(dialog.getByTestId('builder-announcement')).toHaveText(/^Removed: Withdrawn: Amazon/);
  await dialog.getByLabel('Assess as of (optional)').fill('30 June 2027');
  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  await expect(dialog.getByText('Use YYYY-MM-DD (e.g. 2027-03-01), or leave it empty.')).toBeVisible();
  await expect(dialog.getByLabel('Assess as of (optional)')).toBeFocused();
  expect(await calls(page, 'save_scenario')).toEqual([]);
  await dialog.getByLabel('Assess as of (optional)').fill('2027-06-30');
  await dialog
    .getByLabel('Description')
    .fill('SenseTime on the UFLPA list; DeepSeek restricted and an allegation confirmed, by mid-2027.');
  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  await expect(dialog).toHaveCount(0);

  const before = savedIn('scenario-built');
  const after = savedIn('scenario-edited');
  expect(after.id).toBe(before.id);
  const sent = (await calls(page, 'save_scenario')) as { scenario: Saved }[];
  expect(sent).toHaveLength(1);
  expect(sent[0].scenario).toEqual({ ...after, updated_at: before.updated_at });
  await expect(result.getByTestId('run-as-of')).toHaveText('Assessed as of 30 Jun 2027');
  await expect(result.getByTestId('assumed').locator('li')).toHaveCount(4);
  await expect(page.getByTestId('scenario-item').filter({ hasText: BUILT })).toContainText('by mid-2027');
  expect(await calls(page, 'run_scenario')).toEqual([
    { name: BUILT, asOf: null },
    { name: BUILT, asOf: null },
  ]);
  await expectNoErrors(errors);
});

test('the core’s refusals appear by the field they name: no change, then a name already used', async ({ page }) => {
  const errors = await openApp(page, '#/scenarios', { state: 'scenario-built' });
  await page.getByRole('button', { name: 'New scenario' }).click();
  const dialog = page.getByRole('dialog', { name: 'New scenario' });
  const name = dialog.getByLabel('Name', { exact: true });
  await name.fill(BUILT);
  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  const noChange = dialog.getByRole('alert').filter({ hasText: 'A scenario assumes at least one change' });
  await expect(noChange).toBeVisible();
  await expect(noChange).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'false');

  const editor = dialog.getByTestId('change-editor');
  await editor.getByLabel('Company').selectOption({ label: 'DeepSeek' });
  await editor.getByLabel('List', { exact: true }).selectOption({ label: 'BIS Military End-User List' });
  await editor.getByRole('button', { name: 'Add change' }).click();
  await expect(noChange).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save scenario' }).click();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(dialog.getByText(`A scenario named “${BUILT}” already exists: choose another name.`)).toBeVisible();
  await shots(page, 'scenarios-builder-refused', { height: 960 });
  expect(
    (await calls(page, 'save_scenario')).map((c) => (c.scenario as { changes: unknown[] }).changes.length),
  ).toEqual([0, 1]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New scenario' })).toBeFocused();
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
