// Every screen, in the light and the dark colour scheme: zero axe-core violations, and a
// screenshot in e2e/screenshots/ for a person to look at.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { checkRecorded, expectNoErrors, openApp, shot, type FakeOptions } from './helpers';

checkRecorded();

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
  expect(summary, 'axe-core violations').toEqual([]);
  expect(result.passes.length, 'axe-core ran its checks').toBeGreaterThan(10);
}

const SCREENS: {
  name: string;
  hash: string;
  ready: (page: Page) => Promise<void>;
  full?: boolean;
  options?: FakeOptions;
}[] = [
  { name: 'portfolio', hash: '#/portfolio', ready: (p) => p.getByTestId('portfolio-row').first().waitFor() },
  { name: 'company', hash: '#/company/deepseek', ready: (p) => p.getByTestId('company-score').waitFor(), full: true },
  { name: 'company-listed', hash: '#/company/huawei', ready: (p) => p.getByTestId('company-score').waitFor() },
  {
    name: 'company-screened',
    hash: '#/company/huawei',
    ready: async (p) => {
      await p.getByTestId('company-score').waitFor();
      await p.getByRole('button', { name: 'Screen now' }).click();
      await p.getByTestId('screenings-table').waitFor();
      await p.getByTestId('screening-panel').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'allegation-form',
    hash: '#/company/deepseek',
    ready: async (p) => {
      await p.getByTestId('add-allegation').click();
      await p.getByLabel('Source', { exact: true }).selectOption('__new__');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.getByText('Summary is required.').waitFor();
    },
  },
  {
    name: 'confirm-delete',
    hash: '#/company/deepseek',
    ready: async (p) => {
      await p
        .getByRole('button', { name: /^Delete allegation/ })
        .first()
        .click();
      await p.getByRole('alertdialog').waitFor();
    },
  },
  {
    name: 'company-timeline',
    hash: '#/company/deepseek',
    ready: async (p) => {
      const section = p.getByTestId('company-timeline');
      await section.getByRole('button', { name: /Garante/ }).click();
      await section.getByRole('button', { name: 'Zoom in' }).click();
      await p.getByRole('heading', { name: /^Timeline/ }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    },
  },
  {
    name: 'company-timeline-list',
    hash: '#/company/deepseek',
    ready: async (p) => {
      await p.getByTestId('company-timeline').getByRole('button', { name: 'Show as list' }).click();
      await p.getByTestId('timeline-list').waitFor();
      await p.getByRole('heading', { name: /^Timeline/ }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    },
  },
  {
    name: 'timeline',
    hash: '#/timeline',
    full: true,
    ready: async (p) => {
      await p.getByRole('button', { name: /^16 May 2019, Huawei, Official list · Listed/ }).click();
      await p.getByTestId('timeline-detail').getByRole('link', { name: 'Open Huawei’s page' }).waitFor();
    },
  },
  {
    name: 'timeline-list',
    hash: '#/timeline',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Show as list' }).click();
      await p.getByTestId('timeline-list').waitFor();
    },
  },
  { name: 'matrix', hash: '#/matrix', ready: (p) => p.getByTestId('cloud-matrix').waitFor() },
  {
    name: 'exposure',
    hash: '#/exposure',
    full: true,
    ready: async (p) => {
      await p.getByTestId('sample-notice').waitFor();
      await p.getByRole('button', { name: 'Customer support assistant' }).click();
      await p.getByTestId('deployment-detail').waitFor();
    },
  },
  {
    name: 'exposure-import',
    hash: '#/exposure',
    full: true,
    ready: async (p) => {
      await p.getByTestId('sample-notice').waitFor();
      await p.getByRole('button', { name: 'Import register…' }).click();
      await p.getByTestId('import-problems').waitFor();
    },
  },
  {
    name: 'scenarios',
    hash: `#/scenarios?name=${encodeURIComponent('DeepSeek added to the BIS Entity List')}`,
    full: true,
    ready: (p) => p.getByTestId('consequence').waitFor(),
  },
  {
    name: 'scenarios-withdrawn',
    hash: `#/scenarios?name=${encodeURIComponent("The cloud providers withdraw DeepSeek's models")}`,
    full: true,
    ready: (p) => p.getByTestId('deployment-changes').waitFor(),
  },
  {
    // The builder started from a scenario: its change in words, one more added, an allegation being chosen.
    name: 'scenarios-start-from',
    hash: `#/scenarios?name=${encodeURIComponent('DeepSeek added to the BIS Entity List')}`,
    ready: async (p) => {
      await p.getByTestId('assumed').waitFor();
      await p.getByRole('button', { name: 'Start from this' }).click();
      const editor = p.getByRole('dialog', { name: 'New scenario' }).getByTestId('change-editor');
      await editor.getByLabel('Kind of change').selectOption('change_deployment');
      await editor.getByLabel('Deployment').selectOption({ label: 'Customer support assistant — DeepSeek' });
      await editor.getByLabel('New data class').selectOption('confidential');
      await editor.getByRole('button', { name: 'Add change' }).click();
      await editor.getByLabel('Kind of change').selectOption('allegation_status');
      await editor.getByLabel('Company').selectOption({ label: 'DeepSeek' });
      await editor.getByRole('button', { name: 'Add change' }).click();
      await editor.getByText('Choose one of its allegations.').waitFor();
    },
  },
  {
    // A saved scenario edited: its five changes in words, a restriction being added.
    name: 'scenarios-edit',
    hash: `#/scenarios?name=${encodeURIComponent('Forced labour and a DeepSeek crackdown')}`,
    options: { state: 'scenario-built' },
    ready: async (p) => {
      await p.getByTestId('assumed').waitFor();
      await p.getByRole('button', { name: 'Edit' }).click();
      const dialog = p.getByRole('dialog', { name: 'Edit scenario' });
      await dialog.getByTestId('change-words').first().waitFor();
      await dialog.getByTestId('change-editor').getByLabel('Kind of change').selectOption('restrict');
    },
  },
  {
    name: 'exposure-form',
    hash: '#/exposure',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Developer coding assistant' }).click();
      await p.getByTestId('deployment-detail').getByRole('button', { name: 'Edit' }).click();
      await p.getByRole('dialog', { name: 'Edit deployment' }).getByLabel('Route').selectOption('cloud_hosted');
    },
  },
  {
    name: 'briefs',
    hash: '#/briefs/deepseek',
    ready: async (p) => {
      await p.locator('.brief-preview article.brief').waitFor();
      await p.getByRole('button', { name: 'Save to briefs folder' }).click();
      await p.getByTestId('brief-result-path').waitFor();
    },
  },
  {
    name: 'settings',
    hash: '#/settings',
    ready: (p) => expect(p.getByTestId('effective-briefs-dir')).toContainText('/home/analyst'),
  },
  {
    name: 'exchange',
    hash: '#/exchange',
    full: true,
    ready: async (p) => {
      await p.getByRole('button', { name: 'Export bundle…' }).click();
      await p.getByTestId('export-result').waitFor();
      await p.getByRole('button', { name: 'Choose bundle…' }).click();
      await p.getByTestId('import-preview').waitFor();
    },
  },
  {
    name: 'exchange-imported',
    hash: '#/exchange',
    full: true,
    ready: async (p) => {
      await p.getByRole('button', { name: 'Choose bundle…' }).click();
      await p.getByRole('button', { name: 'Import' }).click();
      await p.getByTestId('import-result').waitFor();
    },
  },
  {
    // Started with a bundle from the file manager: its preview, nothing imported yet.
    name: 'exchange-opened-file',
    hash: '',
    full: true,
    options: { launchFile: '/home/analyst/Downloads/team.riskbrief' },
    ready: (p) => p.getByTestId('import-preview').waitFor(),
  },
  {
    // A bundle too large to list: counted whole, the first changes listed, the rest counted below.
    name: 'exchange-large',
    hash: '',
    full: false,
    options: { launchFile: '/home/analyst/Downloads/large.json' },
    ready: (p) => p.getByTestId('plan-unlisted').waitFor(),
  },
  {
    name: 'exchange-refused',
    hash: '#/exchange',
    options: { openPath: '/media/usb/tampered.json' },
    ready: async (p) => {
      await p.getByRole('button', { name: 'Choose bundle…' }).click();
      await p.getByTestId('import-error').waitFor();
    },
  },
  {
    name: 'lists',
    hash: '#/lists',
    full: true,
    options: { listFiles: ['/home/analyst/Downloads/lists/ndaa-section-889.csv'] },
    ready: async (p) => {
      await p.getByTestId('snapshot').first().waitFor();
      await p
        .getByRole('button', { name: /^Show entries/ })
        .first()
        .click();
      await p.getByTestId('list-changes').waitFor();
      await p.getByRole('button', { name: 'Choose files…' }).click();
      await p.getByLabel('As of (optional)').fill('2018-08-13');
      await p.getByRole('button', { name: 'Import', exact: true }).click();
      await p.getByTestId('list-import-result').waitFor();
      await p.getByRole('button', { name: 'Screen all companies' }).click();
      await p.getByTestId('screen-result').waitFor();
      // One of each: dismissed, confirmed, and an open hit with its other name pairs shown.
      const kaspersky = p.getByTestId('hit').filter({ hasText: 'Kaspersky Lab, Inc.' });
      await kaspersky.getByRole('button', { name: /^Dismiss…/ }).click();
      await kaspersky
        .getByLabel('Why is this not a match?')
        .fill('The U.S. subsidiary; the parent, AO Kaspersky Lab, is its own entry and hit.');
      await kaspersky.getByRole('button', { name: 'Dismiss hit' }).click();
      await p.getByRole('radio', { name: /^All/ }).check();
      await p
        .getByTestId('hit')
        .filter({ has: p.getByRole('heading', { name: 'Huawei matched Huawei Investment & Holding Co., Ltd.' }) })
        .locator('summary')
        .click();
      await p.getByTestId('hit').filter({ hasText: 'Kaspersky Lab, Inc.' }).getByTestId('hit-reviewed').waitFor();
    },
  },
  {
    name: 'lists-import',
    hash: '#/lists',
    full: true,
    options: {
      state: 'no-lists',
      listFiles: [
        '/home/analyst/Downloads/ofac/add.csv',
        '/home/analyst/Downloads/ofac/sdn.csv',
        '/home/analyst/Downloads/ofac/alt.csv',
      ],
    },
    ready: async (p) => {
      await p.getByText('No list has been imported yet.').waitFor();
      await p.getByRole('button', { name: 'Choose files…' }).click();
      await p.getByRole('button', { name: 'Import', exact: true }).click();
      await p.getByTestId('list-import-error').waitFor();
    },
  },
  {
    name: 'lists-confirm',
    hash: '#/lists?company=huawei',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Screen all companies' }).click();
      await p
        .getByTestId('hit')
        .first()
        .getByRole('button', { name: /^Confirm…/ })
        .click();
      await p.getByRole('alertdialog').waitFor();
    },
  },
  {
    name: 'search',
    hash: '#/portfolio',
    ready: async (p) => {
      await p.getByTestId('portfolio-row').first().waitFor();
      await p.keyboard.press('Control+k');
      await p.getByRole('dialog', { name: 'Search' }).getByRole('combobox').fill('Reuters');
      await p.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().waitFor();
    },
  },
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const s of SCREENS) {
      test(`${s.name}: no axe violations`, async ({ page }) => {
        const errors = await openApp(page, s.hash, s.options);
        await s.ready(page);
        await shot(page, `${s.name}-${scheme}`, s.full);
        await axe(page);
        await expectNoErrors(errors);
      });
    }
  });
}
