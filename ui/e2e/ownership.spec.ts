// Ownership and control on the company page: the graph (laid out by dagre), the 50 % rules'
// findings, holders and relations with their sources, in the core's words; adding, editing and
// deleting relations, over the fake core (src/test/fake-core.ts), which replays what the CLI
// recorded (fixtures/core.json).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { CompanyView } from '../src/lib/bindings/CompanyView';
import type { OwnershipView } from '../src/lib/bindings/OwnershipView';
import type { Relation } from '../src/lib/bindings/Relation';
import type { Source } from '../src/lib/bindings/Source';
import { calls, checkRecorded, expectNoErrors, fixtures, openApp, recordedRead, shot } from './helpers';

checkRecorded();

const NIL = '00000000-0000-0000-0000-000000000000';
const UNSTORED = '1970-01-01T00:00:00Z';
const ownership = (state: string, slug: string) =>
  recordedRead<OwnershipView>(state, 'ownership', { reference: slug, asOf: null });
const companyId = (slug: string) => fixtures.companies[slug].data.company.id as string;
const sources = fixtures.sources as Source[];
/** A source as the form's source picker names it. */
const sourceOption = (id: string) => {
  const s = sources.find((x) => x.id === id)!;
  return `${s.publisher} — ${s.title} (${s.reliability})`;
};
const key = (kind: string, id: string) => `${kind}:${id}`;

async function section(page: Page) {
  const s = page.getByTestId('ownership');
  await s.getByText(/^Who stands behind/).waitFor();
  return s;
}
async function scrollTo(page: Page) {
  await page
    .getByRole('heading', { name: /^Ownership and control/ })
    .evaluate((h) => h.scrollIntoView({ block: 'start' }));
}
async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not drawn');
  return b;
}
/** The rest of a holding the core refuses (120 %), sourced to `source`, then Save. */
async function fillRefusedHolding(dialog: Locator, source: string) {
  await dialog.getByLabel('Share (%)').fill('120');
  await dialog.getByLabel('Since').fill('2026-01');
  await dialog.getByLabel('Source', { exact: true }).selectOption({ label: sourceOption(source) });
  await dialog.getByLabel('Credibility', { exact: true }).selectOption('6');
  await dialog.getByLabel('Note').fill('Hypothetical holding, for the tests.');
  await dialog.getByRole('button', { name: 'Save' }).click();
}

/** The core's refusal of the share, shown at the share and focused. */
async function expectShareRefused(dialog: Locator) {
  const share = dialog.getByLabel('Share (%)');
  await expect(share).toHaveAttribute('aria-invalid', 'true');
  await expect(share).toBeFocused();
  await expect(share).toHaveAccessibleDescription(/Must be above 0 and at most 100 \(per cent\)/);
}

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
  expect(summary, 'axe-core violations').toEqual([]);
}

test('DeepSeek’s graph: Liang Wenfeng and High-Flyer above DeepSeek, shares undisclosed, each with its grade', async ({
  page,
}) => {
  const errors = await openApp(page, '#/company/deepseek');
  const s = await section(page);
  const view = ownership('sample', 'deepseek');
  const liang = view.relations.find((r) => r.from.name === 'Liang Wenfeng')!.from.party;
  const highFlyer = key('company', companyId('high-flyer'));
  const deepseek = key('company', companyId('deepseek'));
  await expect(s.getByRole('heading', { name: `Ownership and control (${view.relations.length})` })).toBeVisible();

  const graph = s.getByRole('group', { name: /^Ownership graph of DeepSeek: 3 parties, 8 relations/ });
  const liangNode = graph.getByRole('button', { name: 'Liang Wenfeng (person): show their relations' });
  const hfNode = graph.getByRole('link', { name: 'High-Flyer (company): open its page' });
  const dsNode = graph.getByRole('img', { name: 'DeepSeek (this company)' });
  const [l, h, d] = [await box(liangNode), await box(hfNode), await box(dsNode)];
  expect(l.y + l.height).toBeLessThan(h.y);
  expect(h.y + h.height).toBeLessThan(d.y);

  // Each edge: its relations in words, the share undisclosed where no source states one, the best grade.
  const edge = (from: string, to: string) =>
    s.locator(`[data-testid="ownership-edge"][data-from="${from}"][data-to="${to}"]`);
  await expect(edge(key('person', liang.id), deepseek).locator('tspan')).toHaveText([
    'Founded · since 2023 · B2',
    'Directs · C3',
    'Controls · D3',
    'Owns shares in · share undisclosed · D3',
  ]);
  await expect(edge(highFlyer, deepseek).locator('tspan')).toHaveText([
    'Funds or incubated · since 2023 · B3',
    'Owns shares in · share undisclosed · since May 2023 · C3',
  ]);
  await expect(edge(key('person', liang.id), highFlyer).locator('tspan')).toHaveText([
    'Founded · since 2015 · B2',
    'Owns shares in · share undisclosed · D3',
  ]);

  // Nothing drawn over anything else: boxes and edge labels are apart.
  const drawn = [
    ...(await graph.getByTestId('ownership-node').locator('rect.box').all()),
    ...(await graph.locator('[data-testid="ownership-edge"] rect').all()),
  ];
  const rects = await Promise.all(drawn.map(box));
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++) {
      const [a, b] = [rects[i], rects[j]];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `boxes ${i} and ${j} overlap`).toBe(true);
    }

  // The findings, in the core's words.
  const findings = s.getByTestId('ownership-finding');
  await expect(findings).toHaveCount(view.findings.length);
  await expect(findings.filter({ hasText: 'OFAC 50 Percent Rule' })).toContainText('Does not apply');
  await expect(findings.filter({ hasText: 'BIS Affiliates Rule' })).toContainText('Not in force');
  for (const f of view.findings) await expect(findings.filter({ hasText: f.regime.name })).toContainText(f.proof);
  await expect(s.getByTestId('unaccounted')).toContainText('Unaccounted share: 100 % — ownership undisclosed.');
  const holders = s.getByTestId('ownership-holder');
  await expect(holders).toHaveCount(view.holders.length);
  for (const h of view.holders)
    for (const p of [...h.paths, ...h.undisclosed])
      await expect(
        holders.filter({ has: page.getByRole('rowheader', { name: h.party.name, exact: true }) }),
      ).toContainText(p);

  // Each relation with its sources and grades; a source's link opens in the browser.
  const founded = s.getByTestId('relation').filter({ hasText: 'Liang Wenfeng founded DeepSeek' });
  await expect(founded.getByTestId('grade')).toHaveText(['B2', 'C2']);
  await founded.getByRole('link', { name: /^Liang Wenfeng/ }).click();
  await expect
    .poll(() => calls(page, 'plugin:opener|open_url'))
    .toEqual([{ url: 'https://en.wikipedia.org/wiki/Liang_Wenfeng' }]);
  await expectNoErrors(errors);
});

for (const scheme of ['light', 'dark'] as const)
  test(`the ownership section in the ${scheme} scheme: screenshots, no axe violations`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const errors = await openApp(page, '#/company/deepseek', { state: 'relation-added' });
    const s = await section(page);
    await s.getByRole('button', { name: /^Liang Wenfeng/ }).click();
    await s.getByTestId('person-panel').waitFor();
    await scrollTo(page);
    await shot(page, `ownership-company-${scheme}`);
    await axe(page);
    await s.getByTestId('add-relation').click();
    const dialog = page.getByRole('dialog', { name: 'Add relation' });
    await dialog.getByLabel('From', { exact: true }).selectOption('__new_person__');
    await dialog.getByLabel('Share (%)').fill('120');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Choose a source.').waitFor();
    await shot(page, `ownership-edit-${scheme}`);
    await axe(page);
    await expectNoErrors(errors);
  });

test('clicking High-Flyer opens High-Flyer’s page; a person’s box shows their relations, by mouse or keyboard', async ({
  page,
}) => {
  const errors = await openApp(page, '#/company/deepseek');
  const s = await section(page);
  const liang = s.getByRole('button', { name: /^Liang Wenfeng \(person\)/ });
  await liang.focus();
  await page.keyboard.press('Enter');
  const panel = s.getByTestId('person-panel');
  await expect(liang).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByRole('heading', { name: 'Liang Wenfeng' })).toBeVisible();
  await expect(panel.getByRole('listitem')).toHaveText([
    'Founded DeepSeek · since 2023 · B2',
    'Directs DeepSeek · C3',
    'Controls DeepSeek · D3',
    'Owns shares in DeepSeek · share undisclosed · D3',
    'Founded High-Flyer · since 2015 · B2',
    'Owns shares in High-Flyer · share undisclosed · D3',
  ]);
  await liang.click();
  await expect(panel).toHaveCount(0);

  // A company's box is a link to its page, by keyboard too.
  await s.getByRole('link', { name: /^High-Flyer \(company\)/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/company\/high-flyer$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('High-Flyer');
  const hf = await section(page);
  await expect(hf.getByRole('img', { name: 'High-Flyer (this company)' })).toBeVisible();
  // What High-Flyer holds: below it, and in the holdings table with the core's path.
  const dsBox = await box(hf.getByRole('link', { name: /^DeepSeek \(company\)/ }));
  expect(dsBox.y).toBeGreaterThan((await box(hf.getByRole('img', { name: 'High-Flyer (this company)' }))).y);
  const owned = ownership('sample', 'high-flyer').owned;
  await expect(hf.getByTestId('ownership-holding')).toHaveCount(owned.length);
  await expect(hf.getByTestId('ownership-holding').first()).toContainText(owned[0].undisclosed[0]);
  await hf.getByRole('link', { name: /^DeepSeek \(company\)/ }).click();
  await expect(page).toHaveURL(/#\/company\/deepseek$/);
  await expectNoErrors(errors);
});

test('adding a relation sends save_relation with the right payload, then the company and its owners reload', async ({
  page,
}) => {
  const errors = await openApp(page, '#/company/deepseek');
  const s = await section(page);
  const REUTERS = '01a21f73-9c03-71d5-b8a8-853abbe9c675';
  await s.getByTestId('add-relation').click();
  const dialog = page.getByRole('dialog', { name: 'Add relation' });
  await expect(dialog).toContainText('To DeepSeek');
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'Huawei' });
  await dialog.getByLabel('Relation', { exact: true }).selectOption({ label: 'Owns shares in' });
  await dialog.getByLabel('Share (%)').fill('60');
  await dialog.getByLabel('Since').fill('2026-01');
  await dialog.getByLabel('Source', { exact: true }).selectOption({ label: sourceOption(REUTERS) });
  await dialog.getByLabel('Credibility', { exact: true }).selectOption('6');
  await dialog.getByLabel('Note').fill('Hypothetical holding, for the tests.');
  await shot(page, 'ownership-edit-filled');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);

  expect(await calls(page, 'save_relation')).toEqual([
    {
      relation: {
        id: NIL,
        from: { kind: 'company', id: companyId('huawei') },
        to: companyId('deepseek'),
        kind: 'owns_shares',
        share: 60,
        since: '2026-01',
        until: null,
        citations: [{ source_id: REUTERS, credibility: '6' }],
        note: 'Hypothetical holding, for the tests.',
        updated_at: UNSTORED,
      } satisfies Relation,
      person: null,
    },
  ]);
  // The company reloads (its score moves) and so does its section.
  const before = recordedRead<CompanyView>('sample', 'company', { reference: 'deepseek', asOf: null }).assessment;
  const after = recordedRead<CompanyView>('relation-added', 'company', {
    reference: 'deepseek',
    asOf: null,
  }).assessment;
  expect(after.score).not.toBe(before.score);
  await expect(page.getByTestId('announcement')).toContainText(
    `Relation saved. Score ${before.score} → ${after.score}`,
  );
  await expect(page.getByTestId('company-score')).toHaveText(String(after.score));
  const huawei = s.getByRole('link', { name: /^Huawei \(company, on the BIS Entity List, the DoD 1260H/ });
  await expect(huawei).toBeVisible();
  await expect(huawei.locator('.list tspan').first()).toHaveText('BIS Entity List');
  await expect(
    s.locator(`[data-testid="ownership-edge"][data-from="${key('company', companyId('huawei'))}"] tspan`),
  ).toHaveText(['Owns shares in · 60 % · since Jan 2026 · B6']);
  const bis = ownership('relation-added', 'deepseek').findings.find((f) => f.regime.id === 'bis_affiliates')!;
  await expect(s.getByTestId('ownership-finding').filter({ hasText: bis.regime.name })).toContainText(bis.proof);
  await expect(s.getByTestId('unaccounted')).toContainText('Unaccounted share: 40 %');
  await expectNoErrors(errors);
});

test('a refused save shows the core’s words at the field it names, and nothing changes', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek');
  const s = await section(page);
  await s.getByTestId('add-relation').click();
  const dialog = page.getByRole('dialog', { name: 'Add relation' });
  await dialog.getByLabel('From', { exact: true }).selectOption({ label: 'Huawei' });
  await fillRefusedHolding(dialog, '01a21f73-9c03-71d5-b8a8-853abbe9c675');
  await expectShareRefused(dialog);
  await shot(page, 'ownership-edit-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('announcement')).toHaveText('');
  await expectNoErrors(errors);
});

test('a new person is sent with the relation and saved with it; a person with no name is refused at the name, neither stored', async ({
  page,
}) => {
  const errors = await openApp(page, '#/company/huawei');
  const s = await section(page);
  await expect(s.getByText('No owner, controller, founder or holding is recorded for Huawei.')).toBeVisible();
  await s.getByTestId('add-relation').click();
  const dialog = page.getByRole('dialog', { name: 'Add relation' });
  const thompsonHine = fixtures.companies.huawei.data.sources.find((x: Source) => x.publisher === 'Thompson Hine');
  await dialog.getByLabel('From', { exact: true }).selectOption('__new_person__');
  await dialog.getByLabel('Relation', { exact: true }).selectOption({ label: 'Founded' });
  await expect(dialog.getByLabel('Share (%)')).toHaveCount(0);
  await dialog.getByLabel('Since').fill('1987');
  await dialog.getByLabel('Source', { exact: true }).selectOption({ label: sourceOption(thompsonHine.id) });
  await dialog.getByLabel('Note').fill('Hypothetical person and relation, for the tests.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  // The core refuses the person (record 'person', field 'name'): shown at the new person's name.
  const name = dialog.getByLabel('Name', { exact: true });
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(/Must not be empty/);
  await expect(dialog.getByLabel('Since')).not.toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'ownership-edit-person-refused');

  await name.fill('Test Person');
  await dialog.getByLabel('Native name').fill('测试人');
  await dialog.getByLabel('Nationality').fill('CN');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  // One save_relation per attempt, each with the new person (the nil id: the core gives them theirs and
  // makes the relation from them); never a separate save_person.
  const relation = {
    id: NIL,
    from: { kind: 'person', id: NIL },
    to: companyId('huawei'),
    kind: 'founded',
    share: null,
    since: '1987',
    until: null,
    citations: [{ source_id: thompsonHine.id, credibility: '6' }],
    note: 'Hypothetical person and relation, for the tests.',
    updated_at: UNSTORED,
  } satisfies Relation;
  const person = {
    id: NIL,
    name: 'Test Person',
    native_name: '测试人',
    nationality: 'CN',
    note: null,
    updated_at: UNSTORED,
  };
  expect(await calls(page, 'save_relation')).toEqual([
    { relation, person: { ...person, name: '', native_name: null, nationality: null } },
    { relation, person },
  ]);
  expect(await calls(page, 'save_person')).toEqual([]);
  const saved = recordedRead<{ id: string; name: string }[]>('person-relation-added', 'persons', {}).find(
    (p) => p.name === 'Test Person',
  )!;
  const ren = s.getByRole('button', { name: 'Test Person (person): show their relations' });
  await expect(
    s.locator(
      `[data-testid="ownership-edge"][data-from="${key('person', saved.id)}"][data-to="${key('company', companyId('huawei'))}"]`,
    ),
  ).toHaveCount(1);
  await ren.click();
  await expect(s.getByTestId('person-panel')).toContainText('测试人');
  await expect(s.getByTestId('person-panel')).toContainText('Founded Huawei · since 1987 · B6');
  await expectNoErrors(errors);
});

test('a relation from a new person refused by the core: the error at its field, and the person is not recorded', async ({
  page,
}) => {
  const errors = await openApp(page, '#/company/deepseek');
  const s = await section(page);
  const REUTERS = '01a21f73-9c03-71d5-b8a8-853abbe9c675';
  const peopleBefore = recordedRead<{ name: string }[]>('sample', 'persons', {});
  expect(peopleBefore.map((p) => p.name)).not.toContain('Test Person');
  await s.getByTestId('add-relation').click();
  const dialog = page.getByRole('dialog', { name: 'Add relation' });
  const from = dialog.getByLabel('From', { exact: true });
  await from.selectOption('__new_person__');
  await dialog.getByLabel('Name', { exact: true }).fill('Test Person');
  await dialog.getByLabel('Native name').fill('测试人');
  await dialog.getByLabel('Nationality').fill('CN');
  await fillRefusedHolding(dialog, REUTERS);
  // The relation's refusal, at the share; the new person's fields are not blamed.
  await expectShareRefused(dialog);
  await expect(dialog.getByLabel('Name', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  const [sent] = await calls(page, 'save_relation');
  expect(sent.person).toMatchObject({ id: NIL, name: 'Test Person', native_name: '测试人', nationality: 'CN' });
  expect(sent.relation).toMatchObject({ from: { kind: 'person', id: NIL }, share: 120 });
  expect(await calls(page, 'save_person')).toEqual([]);
  // Nobody was added to the people to choose from, in this form or the next.
  const people = () => from.locator('optgroup[label="People"] option').allTextContents();
  expect(await people()).not.toContainEqual(expect.stringContaining('Test Person'));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('announcement')).toHaveText('');
  await s.getByTestId('add-relation').click();
  await expect(from).toBeVisible();
  expect(await people()).toHaveLength(peopleBefore.length);
  expect(await people()).not.toContainEqual(expect.stringContaining('Test Person'));
  await expectNoErrors(errors);
});

test('a relation is edited in place', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek');
  const s = await section(page);
  const view = ownership('sample', 'deepseek');
  const directs = view.relations.find((r) => r.relation.kind === 'directs')!.relation;
  await s.getByRole('button', { name: 'Edit: Liang Wenfeng directs DeepSeek' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit relation' });
  await expect(dialog.getByLabel('From', { exact: true })).toHaveValue(key('person', directs.from.id));
  await expect(dialog.getByLabel('Relation', { exact: true })).toHaveValue('directs');
  await expect(dialog.getByLabel('Credibility', { exact: true })).toHaveValue('3');
  await dialog.getByLabel('Since').fill('2023');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await calls(page, 'save_relation')).toEqual([{ relation: { ...directs, since: '2023' }, person: null }]);
  await expect(s.getByTestId('relation').filter({ hasText: 'Liang Wenfeng directs DeepSeek' })).toContainText(
    'since 2023',
  );
  await expect(page.getByTestId('announcement')).toContainText('Relation saved. Score unchanged');
  await expectNoErrors(errors);
});

test('a relation is deleted after a confirmation', async ({ page }) => {
  const errors = await openApp(page, '#/company/deepseek');
  const again = await section(page);
  const view = ownership('sample', 'deepseek');
  const funds = view.relations.find((r) => r.relation.kind === 'funds')!.relation;
  await again.getByRole('button', { name: 'Delete: High-Flyer funds or incubated DeepSeek' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete relation?' });
  await expect(confirm).toContainText('Delete “High-Flyer funds or incubated DeepSeek”?');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toHaveCount(0);
  expect(await calls(page, 'delete_record')).toEqual([{ kind: 'relation', id: funds.id }]);
  await expect(again.getByTestId('relation')).toHaveCount(view.relations.length - 1);
  await expect(page.getByTestId('announcement')).toContainText('Relation deleted.');
  await expectNoErrors(errors);
});
