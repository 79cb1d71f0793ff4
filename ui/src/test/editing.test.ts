import { render, screen, within, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Allegation } from '$lib/bindings/Allegation';
import type { Source } from '$lib/bindings/Source';
import { NIL_ID, newAllegation, newSource } from '$lib/records';
import { vocab } from '$lib/vocab.svelte';
import type { CompanyView } from '$lib/bindings/CompanyView';
import { fakeApi, fixtures, recordedRead, recordedRefusal, resetApi } from './fake-api';
import Company from '../screens/Company.svelte';
import Portfolio from '../screens/Portfolio.svelte';

const REUTERS = '01a21f73-9c03-71d5-b8a8-853abbe9c675';

async function openAddAllegation() {
  const user = userEvent.setup();
  render(Company, { slug: 'deepseek' });
  await user.click(await screen.findByTestId('add-allegation'));
  const dialog = await screen.findByRole('dialog', { name: 'Add allegation' });
  return { user, dialog };
}

describe('Editing', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('adds an allegation with an existing source, then reloads the company and its new score', async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    expect(document.activeElement).toBe(d.getByLabelText('Summary'));
    await user.type(
      d.getByLabelText('Summary'),
      'A U.S. official alleges DeepSeek staff worked with the PLA on model training.',
    );
    await user.selectOptions(d.getByLabelText('Category'), 'military_intelligence');
    await user.selectOptions(d.getByLabelText('Status'), 'alleged');
    await user.type(d.getByLabelText('First reported'), '2025-06');
    await user.selectOptions(d.getByLabelText('Source'), REUTERS);
    await user.selectOptions(d.getByLabelText('Credibility'), '3');
    await user.click(d.getByRole('button', { name: 'Save' }));

    // The core's score after the save (the CLI made the same save for the fixture): it rose.
    const after = recordedRead<CompanyView>('allegation-added', 'company', { reference: 'deepseek', asOf: null })
      .assessment.score;
    expect(after).toBeGreaterThan(54);
    await waitFor(() => expect(screen.getByTestId('company-score').textContent).toBe(String(after)));
    expect(fakeApi.saveAllegation).toHaveBeenCalledTimes(1);
    const sent = fakeApi.saveAllegation.mock.calls[0][0] as Allegation;
    expect(sent).toMatchObject({
      id: NIL_ID,
      updated_at: '1970-01-01T00:00:00Z',
      company_id: fixtures.companies.deepseek.data.company.id,
      summary: 'A U.S. official alleges DeepSeek staff worked with the PLA on model training.',
      category: 'military_intelligence',
      status: 'alleged',
      first_reported: '2025-06',
      detail: null,
      citations: [{ source_id: REUTERS, credibility: '3' }],
      responses: [],
    });
    expect(fakeApi.company).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('announcement').textContent).toContain(`Score 54 → ${after}`);
  });

  it('sends who alleges it when given, and leaves it out when not', async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    await user.type(d.getByLabelText('Summary'), 'A regulator alleges DeepSeek kept user data in China.');
    await user.type(d.getByLabelText('Alleged by'), '  The Italian data protection authority  ');
    await user.selectOptions(d.getByLabelText('Source'), REUTERS);
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveAllegation).toHaveBeenCalledTimes(1));
    const sent = fakeApi.saveAllegation.mock.calls[0][0] as Allegation;
    expect(sent.attribution).toBe('The Italian data protection authority');
    await user.clear(d.getByLabelText('Alleged by'));
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveAllegation).toHaveBeenCalledTimes(2));
    // Undefined: the IPC's JSON leaves it out, as the core does.
    expect(JSON.stringify(fakeApi.saveAllegation.mock.calls[1][0])).not.toContain('attribution');
  });

  it('checks required fields at the field before calling the core', async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    await user.type(d.getByLabelText('First reported'), '2025-13');
    await user.click(d.getByRole('button', { name: 'Save' }));
    const summary = d.getByLabelText('Summary');
    expect(summary.getAttribute('aria-invalid')).toBe('true');
    expect(summary.getAttribute('aria-describedby')).toContain('-error');
    expect(document.getElementById(summary.id + '-error')!.textContent).toBe('Summary is required.');
    expect(document.activeElement).toBe(summary);
    expect(d.getByLabelText('First reported').getAttribute('aria-invalid')).toBe('true');
    expect(d.getByLabelText('Source').getAttribute('aria-invalid')).toBe('true');
    expect(fakeApi.saveAllegation).not.toHaveBeenCalled();
  });

  it("shows the core's validation error at the field it names", async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    await screen.findByTestId('allegation-list');
    // The form checks each date; that "until" is before "since" only the core says.
    await user.click(screen.getByRole('button', { name: 'Add list entry' }));
    const d = within(await screen.findByRole('dialog', { name: 'Add list designation' }));
    await user.selectOptions(d.getByLabelText('List'), 'bis_entity_list');
    await user.type(d.getByLabelText('Listed since'), '2024');
    await user.type(d.getByLabelText('Until'), '2023');
    await user.click(d.getByRole('button', { name: 'Save' }));
    const until = d.getByLabelText('Until');
    await waitFor(() => expect(until.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(until.id + '-error')!.textContent).toBe('2023 is before `since` 2024');
    expect(screen.getByRole('dialog', { name: 'Add list designation' })).toBeTruthy();
  });

  it('shows an error that names no field at the form', async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    await user.type(d.getByLabelText('Summary'), 'Something');
    await user.selectOptions(d.getByLabelText('Source'), REUTERS);
    fakeApi.saveAllegation.mockRejectedValueOnce({
      code: 'conflict',
      message: 'allegation x: FOREIGN KEY constraint failed',
    });
    await user.click(d.getByRole('button', { name: 'Save' }));
    const alert = await d.findByText('allegation x: FOREIGN KEY constraint failed');
    expect(alert.classList.contains('form-error')).toBe(true);
  });

  it('creates a new source inline, saved with the allegation in one command', async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    await user.type(d.getByLabelText('Summary'), 'A court filing alleges sanctions evasion.');
    await user.selectOptions(d.getByLabelText('Source'), '__new__');
    await user.click(d.getByRole('button', { name: 'Save' }));
    expect(d.getByLabelText('Publisher').getAttribute('aria-invalid')).toBe('true');
    expect(fakeApi.saveAllegationWithSource).not.toHaveBeenCalled();

    await user.type(d.getByLabelText('Publisher'), 'U.S. District Court');
    await user.type(d.getByLabelText('Title'), 'United States v. Example');
    await user.type(d.getByLabelText('Web address'), 'https://example.org/case');
    await user.selectOptions(d.getByLabelText('Reliability'), 'A');
    await user.selectOptions(d.getByLabelText('Credibility'), '2');
    // A second source can be an existing one, not a second new one.
    await user.click(d.getByRole('button', { name: 'Add another source' }));
    const second = d.getByLabelText('Source 2') as HTMLSelectElement;
    expect([...second.options].some((o) => o.value === '__new__')).toBe(false);
    await user.selectOptions(second, REUTERS);
    await user.click(d.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(fakeApi.saveAllegationWithSource).toHaveBeenCalledTimes(1));
    expect(fakeApi.saveSource).not.toHaveBeenCalled();
    expect(fakeApi.saveAllegation).not.toHaveBeenCalled();
    const [allegation, source] = fakeApi.saveAllegationWithSource.mock.calls[0] as [Allegation, Source];
    expect(source).toMatchObject({
      id: NIL_ID,
      updated_at: '1970-01-01T00:00:00Z',
      publisher: 'U.S. District Court',
      title: 'United States v. Example',
      url: 'https://example.org/case',
      reliability: 'A',
    });
    expect(allegation).toMatchObject({ id: NIL_ID, summary: 'A court filing alleges sanctions evasion.' });
    expect(allegation.citations).toEqual([
      { source_id: NIL_ID, credibility: '2' },
      { source_id: REUTERS, credibility: '6' },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('a refused save creates nothing, and the retry sends the source and allegation together again', async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    await user.type(d.getByLabelText('Summary'), 'Claim');
    await user.selectOptions(d.getByLabelText('Source'), '__new__');
    await user.type(d.getByLabelText('Publisher'), 'P');
    await user.type(d.getByLabelText('Title'), 'T');
    fakeApi.saveAllegationWithSource.mockRejectedValueOnce({ code: 'internal', message: 'disk full' });
    await user.click(d.getByRole('button', { name: 'Save' }));
    await d.findByText('disk full');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveAllegationWithSource).toHaveBeenCalledTimes(2));
    expect((fakeApi.saveAllegationWithSource.mock.calls[1][1] as Source).id).toBe(NIL_ID);
    expect(fakeApi.saveSource).not.toHaveBeenCalled();
  });

  it("shows the core's refusal of the new source at the source's field", async () => {
    const { user, dialog } = await openAddAllegation();
    const d = within(dialog);
    await user.type(d.getByLabelText('Summary'), 'Claim');
    await user.selectOptions(d.getByLabelText('Source'), '__new__');
    await user.type(d.getByLabelText('Publisher'), 'P');
    await user.type(d.getByLabelText('Title'), 'T');
    // The form lets only http(s) addresses through; the core's refusal of another, as the CLI recorded it.
    const refusal = recordedRefusal('sample', 'save_allegation_with_source', {
      allegation: {
        ...newAllegation(fixtures.companies.deepseek.data.company.id),
        summary: 'Claim',
        citations: [{ source_id: NIL_ID, credibility: '6' }],
      },
      source: { ...newSource(), publisher: 'P', title: 'T', url: 'ftp://example.org/notice' },
    });
    fakeApi.saveAllegationWithSource.mockRejectedValueOnce(refusal);
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(d.getByLabelText('Web address').getAttribute('aria-invalid')).toBe('true'));
    expect(d.getByText('"ftp://example.org/notice" is not an http(s) URL')).toBeTruthy();
    expect(d.getByLabelText('Summary').getAttribute('aria-invalid')).toBe('false');
  });

  it('edits responses on an existing allegation', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    const cards = await screen.findAllByTestId('allegation');
    const disputed = cards.find((c) => c.textContent?.includes('shell firms'))!;
    await user.click(within(disputed).getByRole('button', { name: /^Edit allegation/ }));
    const d = within(await screen.findByRole('dialog', { name: 'Edit allegation' }));
    expect((d.getByLabelText('Summary') as HTMLTextAreaElement).value).toContain('shell firms');
    await user.click(d.getByRole('button', { name: 'Add response' }));
    const responders = d.getAllByLabelText('Responder');
    expect(responders).toHaveLength(3);
    await user.type(responders[2], 'DeepSeek');
    await user.type(d.getAllByLabelText('Statement')[2], 'DeepSeek denies it.');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveAllegation).toHaveBeenCalled());
    const sent = fakeApi.saveAllegation.mock.calls[0][0] as Allegation;
    expect(sent.id).toBe('01a21f73-9cc8-737e-a272-b4fa60c17c73');
    expect(sent.responses).toHaveLength(3);
    expect(sent.responses[2]).toEqual({
      id: NIL_ID,
      responder: 'DeepSeek',
      statement: 'DeepSeek denies it.',
      date: null,
      source_id: null,
    });
    expect(sent.responses[0].id).toBe('01a21f73-9cb7-7e23-b11b-c1c6ca9e67f6');
  });

  it('asks before deleting, and deletes only when confirmed', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    const cards = await screen.findAllByTestId('allegation');
    await user.click(within(cards[0]).getByRole('button', { name: /^Delete allegation/ }));
    let confirm = await screen.findByRole('alertdialog', { name: 'Delete allegation?' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fakeApi.deleteRecord).not.toHaveBeenCalled();

    await user.click(within(cards[0]).getByRole('button', { name: /^Delete allegation/ }));
    confirm = await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fakeApi.deleteRecord).not.toHaveBeenCalled();

    await user.click(within(cards[0]).getByRole('button', { name: /^Delete allegation/ }));
    confirm = await screen.findByRole('alertdialog');
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(fakeApi.deleteRecord).toHaveBeenCalledWith('allegation', '01a21f73-9ca4-79b3-b94b-c3e78e8afc84'),
    );
    await waitFor(() => expect(fakeApi.company).toHaveBeenCalledTimes(2));
  });

  it('keeps the dialog open with the reason when a delete is refused', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    await screen.findByTestId('allegation-list');
    await user.click(screen.getByRole('button', { name: 'Delete company' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete company?' });
    fakeApi.deleteRecord.mockRejectedValueOnce({ code: 'conflict', message: 'company deepseek: still referenced' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect((await within(confirm).findByRole('alert')).textContent).toContain('still referenced');
  });

  it('adds a restriction, a list entry and a cloud offering with the nil id', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    await screen.findByTestId('allegation-list');
    const id = fixtures.companies.deepseek.data.company.id;

    await user.click(screen.getByRole('button', { name: 'Add restriction' }));
    let d = within(await screen.findByRole('dialog', { name: 'Add restriction' }));
    await user.click(d.getByRole('button', { name: 'Save' }));
    expect(d.getByLabelText('Jurisdiction').getAttribute('aria-invalid')).toBe('true');
    expect(d.getByLabelText('Measure').getAttribute('aria-invalid')).toBe('true');
    await user.type(d.getByLabelText('Jurisdiction'), 'Germany');
    await user.type(d.getByLabelText('Issuing body'), 'Berlin data protection commissioner');
    await user.type(d.getByLabelText('Measure'), 'Asked Apple and Google to delist the app.');
    await user.selectOptions(d.getByLabelText('Scope'), 'app_distribution');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveRestriction).toHaveBeenCalled());
    expect(fakeApi.saveRestriction.mock.calls[0][0]).toMatchObject({
      id: NIL_ID,
      company_id: id,
      updated_at: '1970-01-01T00:00:00Z',
      jurisdiction: 'Germany',
      scope: 'app_distribution',
      source_id: null,
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Add list entry' }));
    d = within(await screen.findByRole('dialog', { name: 'Add list designation' }));
    await user.selectOptions(d.getByLabelText('List'), 'bis_entity_list');
    await user.selectOptions(d.getByLabelText('Status on the list'), 'not_listed');
    await user.click(d.getByRole('button', { name: 'Save' }));
    expect(d.getByLabelText('Observed on').getAttribute('aria-invalid')).toBe('true');
    await user.type(d.getByLabelText('Observed on'), '2026-11');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveDesignation).toHaveBeenCalled());
    expect(fakeApi.saveDesignation.mock.calls[0][0]).toMatchObject({
      id: NIL_ID,
      list: 'bis_entity_list',
      status: 'not_listed',
      as_of: '2026-11',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Add cloud offering' }));
    d = within(await screen.findByRole('dialog', { name: 'Add cloud offering' }));
    await user.type(d.getByLabelText('Product'), 'DeepSeek-V3');
    await user.type(d.getByLabelText('Platform'), 'Oracle');
    await user.type(d.getByLabelText('Service'), 'OCI Generative AI');
    await user.selectOptions(d.getByLabelText('Data path'), 'provider_region');
    await user.type(d.getByLabelText('Regions'), 'us-chicago-1, eu-frankfurt-1');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fakeApi.saveCloudOffering).toHaveBeenCalled());
    expect(fakeApi.saveCloudOffering.mock.calls[0][0]).toMatchObject({
      id: NIL_ID,
      platform: 'Oracle',
      data_path: 'provider_region',
      regions: ['us-chicago-1', 'eu-frankfurt-1'],
    });
  });

  it('creates a company from the portfolio and maps a slug clash to the slug field', async () => {
    const user = userEvent.setup();
    render(Portfolio);
    await screen.findAllByTestId('portfolio-row');
    await user.click(screen.getByRole('button', { name: 'New company' }));
    const d = within(await screen.findByRole('dialog', { name: 'New company' }));
    await user.type(d.getByLabelText('Legal name'), 'Moonshot AI Co., Ltd.');
    expect((d.getByLabelText('Slug') as HTMLInputElement).value).toBe('moonshot-ai');
    await user.type(d.getByLabelText('Country'), 'cn');
    expect((d.getByLabelText('Country') as HTMLInputElement).value).toBe('CN');
    // A slug another company has: the core refuses it.
    const slug = d.getByLabelText('Slug');
    await user.clear(slug);
    await user.type(slug, 'huawei');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(slug.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(slug.id + '-error')!.textContent).toBe('Already used by another record');
    await user.clear(slug);
    await user.type(slug, 'moonshot');
    await user.click(d.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(location.hash).toBe('#/company/moonshot'));
    expect(fakeApi.saveCompany.mock.calls[1][0]).toMatchObject({
      id: NIL_ID,
      updated_at: '1970-01-01T00:00:00Z',
      slug: 'moonshot',
      legal_name: 'Moonshot AI Co., Ltd.',
      country: 'CN',
      aliases: [],
    });
  });
});
