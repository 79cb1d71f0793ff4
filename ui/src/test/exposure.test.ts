import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Register } from '$lib/bindings/Register';
import { vocab } from '$lib/vocab.svelte';
import { company, core, fakeApi, recordedRead, resetApi } from './fake-api';
import Company from '../screens/Company.svelte';
import Exposure from '../screens/Exposure.svelte';

const REGISTER = '/home/analyst/Downloads/register.csv';
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

async function setup(props: { vendor?: string | null; deployment?: string | null } = {}) {
  const user = userEvent.setup();
  render(Exposure, props);
  await screen.findByTestId('register');
  return user;
}

describe('Exposure', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('shows the counts the core gives, and says plainly that the sample is a fictional organisation', async () => {
    await setup();
    expect(fakeApi.exposure).toHaveBeenCalledWith();
    const reg = recordedRead<Register>('sample', 'exposure', { asOf: null, vendor: null });
    expect(text(screen.getByTestId('verdict-count-prohibited'))).toBe(`${reg.counts.prohibited} Prohibited`);
    expect(text(screen.getByTestId('verdict-count-not_recommended'))).toBe(
      `${reg.counts.not_recommended} Not recommended`,
    );
    expect(text(screen.getByTestId('verdict-count-not_assessed'))).toBe(
      `${reg.counts.not_assessed} Vendor not assessed`,
    );
    expect(text(screen.getByTestId('register-summary'))).toBe(
      '20 deployments · 2 retired (not counted) · 3 deployments with a vendor not assessed',
    );
    expect(text(screen.getByTestId('sample-notice'))).toContain(
      'Every deployment here is from the bundled sample register: sample data of a fictional organisation, not facts about any real organisation.',
    );
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(20);
  });

  it('has no sample notice when no row is the sample’s', async () => {
    const reg = recordedRead<Register>('sample', 'exposure', { asOf: null, vendor: null });
    for (const r of reg.rows) r.deployment.reported_by = 'J. Doe';
    fakeApi.exposure.mockResolvedValueOnce(reg);
    await setup();
    expect(screen.queryByTestId('sample-notice')).toBeNull();
  });

  it('shows each row: verdict (not assessed as such), vendor linked when in the database, route, data, status', async () => {
    await setup();
    const rows = screen.getAllByTestId('deployment-row');
    const atlassian = rows.find((r) => r.textContent!.includes('Project tracking'))!;
    expect(atlassian.querySelector('[data-verdict]')!.textContent).toContain('Not assessed');
    expect(text(atlassian)).toMatch(/Atlassian\s*not in the database/);
    expect(within(atlassian).queryByRole('link')).toBeNull();
    const support = rows.find((r) => r.textContent!.includes('Customer support assistant'))!;
    expect(within(support).getByRole('link', { name: 'DeepSeek' }).getAttribute('href')).toBe('#/company/deepseek');
    expect(text(support)).toContain('Hosted by a cloud provider Amazon Bedrock');
    expect(text(support)).toContain('Personal data');
    expect(support.querySelector('[data-verdict]')!.textContent).toContain('Acceptable with controls');
    const retired = rows.find((r) => r.textContent!.includes('Old call-centre recorder'))!;
    expect(retired.classList.contains('retired')).toBe(true);
    expect(text(retired)).toContain('as “Hikvison”');
  });

  it('filters by verdict, vendor, owner and route', async () => {
    const user = await setup();
    await user.click(screen.getByTestId('verdict-count-not_assessed'));
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(3);
    expect(text(screen.getByTestId('register-count'))).toContain('Showing 3 of 20 (deployments in use)');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.selectOptions(screen.getByLabelText('Vendor'), 'hikvision');
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(2);
    await user.selectOptions(screen.getByLabelText('Vendor'), '');
    await user.selectOptions(screen.getByLabelText('Owner'), 'Facilities');
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(4);
    await user.selectOptions(screen.getByLabelText('Route'), 'vendor_service');
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(1);
    await user.selectOptions(screen.getByLabelText('Verdict'), 'acceptable');
    expect(screen.getByText('No deployment matches these filters.')).toBeTruthy();
  });

  it('starts filtered to a vendor and with a deployment open, from the route', async () => {
    const reg = recordedRead<Register>('sample', 'exposure', { asOf: null, vendor: null });
    const dev = reg.rows.find((r) => r.deployment.name === 'Developer coding assistant')!;
    await setup({ vendor: 'deepseek', deployment: dev.deployment.id });
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(8);
    const detail = await screen.findByTestId('deployment-detail');
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('Developer coding assistant');
    const controls = within(within(detail).getByTestId('controls')).getAllByRole('listitem');
    expect(controls.map((c) => c.textContent)).toEqual(dev.judgement.controls);
    const reasons = within(within(detail).getByTestId('reasons')).getAllByRole('listitem');
    expect(reasons).toHaveLength(dev.judgement.reasons.length);
    // A reason resting on a restriction links to the vendor's page; one about the route itself does not.
    expect(within(reasons[2]).getByRole('link').getAttribute('href')).toBe('#/company/deepseek');
    expect(within(reasons[1]).queryByRole('link')).toBeNull();
  });

  it('imports a register: dry run, a column mapped by hand, then the import', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import register…' }));
    const panel = await screen.findByTestId('register-import');
    expect(text(await within(panel).findByTestId('import-problems'))).toContain(
      'Columns (map them in step 1) no column holds the data handled',
    );
    expect((within(panel).getByTestId('import-register') as HTMLButtonElement).disabled).toBe(true);
    const marks = within(panel)
      .getAllByTestId('mapped-by')
      .map((m) => m.textContent);
    expect(marks[4]).toBe('Guessed: check it');
    expect(marks[5]).toBe('Not recognised: left out');
    await user.selectOptions(within(panel).getByLabelText('Column F (Information type) is read as'), 'data');
    await within(panel).findByTestId('import-problems-none');
    expect(text(within(panel).getByTestId('import-summary'))).toContain('4 rows read: 4 new, 0 updated, 0 unchanged.');
    expect(text(within(panel).getByTestId('import-preview-rows'))).toContain('Closest: DeepSeek (80)');
    const button = within(panel).getByTestId('import-register') as HTMLButtonElement;
    expect(button.textContent).toBe('Import 4 deployments');
    await user.click(button);
    await waitFor(() => expect(screen.queryByTestId('register-import')).toBeNull());
    await waitFor(() => expect(screen.getAllByTestId('deployment-row')).toHaveLength(24));
    expect(fakeApi.importDeployments.mock.calls).toEqual([
      [REGISTER, [], true],
      [REGISTER, [['Information type', 'data']], true],
      [REGISTER, [['Information type', 'data']], false],
    ]);
    expect(core.state).toBe('register-imported');
  });

  it('offers the mapping when no column holds the vendor: "Brand" mapped to vendor by hand, the rows appear', async () => {
    const NO_VENDOR = '/home/analyst/Downloads/register-no-vendor.csv';
    resetApi({ registerPath: NO_VENDOR });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import register…' }));
    const panel = await screen.findByTestId('register-import');
    const problems = await within(panel).findByTestId('import-problems');
    expect(text(problems)).toContain('Columns (map them in step 1) no column holds the vendor');
    expect(screen.queryByTestId('register-import-error')).toBeNull();
    expect(text(within(panel).getByTestId('import-summary'))).toBe('No row can be imported yet.');
    expect((within(panel).getByTestId('import-register') as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(within(panel).getByLabelText('Column B (Brand) is read as'), 'vendor');
    await within(panel).findByTestId('import-problems-none');
    expect(text(within(panel).getByTestId('import-summary'))).toContain('1 row read: 1 new');
    expect(text(within(panel).getByTestId('import-preview-rows'))).toContain('Sales call transcription');
    expect(text(within(panel).getByTestId('import-preview-rows'))).toContain('→ DeepSeek');
    expect(fakeApi.importDeployments.mock.calls).toEqual([
      [NO_VENDOR, [], true],
      [NO_VENDOR, [['Brand', 'vendor']], true],
    ]);
  });

  it('does nothing when the file dialog is cancelled', async () => {
    resetApi({ registerPath: null });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import register…' }));
    await waitFor(() => expect(fakeApi.chooseRegisterToImport).toHaveBeenCalled());
    expect(fakeApi.importDeployments).not.toHaveBeenCalled();
    expect(screen.queryByTestId('register-import')).toBeNull();
  });

  it('exports the register to the file chosen', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    expect(fakeApi.chooseRegisterSavePath).toHaveBeenCalledWith('exposure-register-2026-11-28.xlsx');
    expect(text(await screen.findByTestId('register-export-result'))).toBe(
      '20 deployments written to /home/analyst/Desktop/exposure-register-2026-11-28.xlsx',
    );
  });

  it('saves the exposure brief through the save dialog', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Exposure brief (PDF)' }));
    await user.click(await screen.findByRole('button', { name: 'Save PDF…' }));
    const result = await screen.findByTestId('exposure-brief-result');
    expect(text(result)).toMatch(/^Exposure brief RB-[0-9A-F]+ saved to \/home\/analyst\/Desktop\/chosen\.pdf Open$/);
    expect(fakeApi.generateExposureBrief).toHaveBeenCalledWith(
      '/home/analyst/Desktop/chosen.pdf',
      'CONFIDENTIAL — INTERNAL USE',
      null,
    );
  });

  it('adds a deployment of a vendor not in the database, kept as written', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Add deployment' }));
    const form = await screen.findByRole('dialog', { name: 'Add deployment' });
    const f = within(form);
    await user.type(f.getByLabelText(/^Name/), 'Document translation');
    await user.type(f.getByLabelText(/^Vendor name/), 'DeepL');
    await user.type(f.getByLabelText(/^Owner/), 'Legal');
    await user.selectOptions(f.getByLabelText(/^Data handled/), 'confidential');
    await user.selectOptions(f.getByLabelText(/^Status/), 'pilot');
    await user.type(f.getByLabelText(/^Review date/), '2027-06');
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(text(screen.getByTestId('exposure-announcement'))).toBe(
        'Deployment “Document translation” saved. Verdict: vendor not assessed.',
      ),
    );
    expect(screen.getAllByTestId('deployment-row')).toHaveLength(21);
    expect(core.state).toBe('deployment-added');
  });

  it('asks for the name and the vendor before saving', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Add deployment' }));
    const form = await screen.findByRole('dialog', { name: 'Add deployment' });
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Name is required.')).toBeTruthy();
    expect(within(form).getByText('The vendor’s name is required.')).toBeTruthy();
    expect(fakeApi.saveDeployment).not.toHaveBeenCalled();
  });

  it('deletes a deployment after asking', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Marketing copy drafts' }));
    await user.click(within(screen.getByTestId('deployment-detail')).getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete deployment?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getAllByTestId('deployment-row')).toHaveLength(19));
    expect(fakeApi.deleteRecord).toHaveBeenCalledWith('deployment', expect.any(String));
  });

  it('shows an error', async () => {
    fakeApi.exposure.mockRejectedValueOnce({ code: 'internal', message: 'boom' });
    render(Exposure);
    expect((await screen.findByTestId('error-panel')).textContent).toContain('boom');
  });
});

describe('Company page: our deployments of the vendor', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('lists them with route, data, status, verdict and first control, and links to the Exposure screen', async () => {
    render(Company, { slug: 'deepseek' });
    const section = await screen.findByTestId('company-exposure');
    const rows = within(section).getAllByTestId('company-deployment');
    const expected = company('deepseek').exposure;
    expect(rows).toHaveLength(expected.length);
    const first = expected[0];
    expect(text(rows[0])).toContain(first.deployment.name);
    expect(text(rows[0])).toContain(first.judgement.controls[0]);
    expect(within(section).getByRole('link', { name: 'Open in Exposure' }).getAttribute('href')).toBe(
      '#/exposure?vendor=deepseek',
    );
    expect(within(rows[0]).getByRole('link', { name: first.deployment.name }).getAttribute('href')).toBe(
      `#/exposure?vendor=deepseek&deployment=${first.deployment.id}`,
    );
  });

  it('says so in one line when none is recorded', async () => {
    const v = company('huawei');
    v.exposure = [];
    fakeApi.company.mockResolvedValueOnce(v);
    render(Company, { slug: 'huawei' });
    const section = await screen.findByTestId('company-exposure');
    expect(text(section)).toContain('No deployments of this vendor are recorded.');
    expect(within(section).queryByRole('table')).toBeNull();
  });
});
