import { render, screen, within, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetReady } from '$lib/ready';
import { vocab } from '$lib/vocab.svelte';
import { company, fakeApi, resetApi } from './fake-api';
import Company from '../screens/Company.svelte';

describe('Company page', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('shows the score, its factors with rationale, and usage guidance per route', async () => {
    render(Company, { slug: 'deepseek' });
    expect((await screen.findByTestId('company-score')).textContent).toBe('54');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('DeepSeek');
    const allegations = screen.getByTestId('factor-allegations');
    expect(allegations.textContent).toContain('21.1');
    expect(allegations.textContent).toContain('of 40');
    expect(allegations.textContent).toContain('Weighted by category, status, evidence grade and age');
    expect(screen.getByTestId('factor-jurisdiction').textContent).toContain('National Intelligence Law');
    // The fifth factor: who stands behind it (nothing of DeepSeek's ownership is accounted for).
    expect(screen.getByTestId('factor-ownership').textContent).toContain('Ownership and control');
    const routes = within(screen.getByTestId('route-list')).getAllByRole('listitem');
    expect(routes).toHaveLength(4);
    expect(routes[0].textContent).toContain('Not recommended');
    expect(routes[0].textContent).toContain("DeepSeek's own apps and APIs");
    expect(routes[1].textContent).toContain('Acceptable with controls');
    expect(screen.queryByTestId('band-floor')).toBeNull();
  });

  it('says when a rule raised the band', async () => {
    const v = company('huawei');
    v.assessment.band_floor = 'A current OFAC SDN listing puts the company at least in High.';
    fakeApi.company.mockResolvedValueOnce(v);
    render(Company, { slug: 'huawei' });
    expect((await screen.findByTestId('band-floor')).textContent).toContain('OFAC SDN');
  });

  it('shows each allegation with its status, graded sources and responses', async () => {
    render(Company, { slug: 'deepseek' });
    const list = await screen.findByTestId('allegation-list');
    const cards = within(list).getAllByTestId('allegation');
    expect(cards).toHaveLength(7);
    const first = cards[0];
    // "Alleged" is worded and drawn as a claim, never like "Confirmed".
    const status = first.querySelector('[data-status]')!;
    expect(status.textContent).toContain('Alleged');
    expect(status.textContent).toContain('unconfirmed claim');
    expect(status.classList.contains('open')).toBe(true);
    expect(status.classList.contains('solid')).toBe(false);
    expect(first.textContent).toContain('Military / intelligence ties');
    expect(first.textContent).toContain('First reported Jun 2025');
    // Who alleges it, as the report says, before anything else a reader weighs.
    expect(first.textContent).toContain(
      'Alleged by A senior U.S. State Department official, speaking to Reuters on condition of anonymity',
    );
    expect(within(first).getByTestId('grade').textContent).toBe('B3');
    expect(first.textContent).toContain('usually reliable · possibly true');
    expect(first.textContent).toContain('No response recorded.');

    const disputed = cards.find((c) => c.textContent?.includes('shell firms'))!;
    expect(disputed.querySelector('[data-status]')!.textContent).toContain('Disputed');
    expect(disputed.textContent).toContain('DeepSeek only bought H800 chips legally.');
    expect(disputed.textContent).toContain('Nvidia');
  });

  it('draws a confirmed allegation differently from an alleged one', async () => {
    const v = company('deepseek');
    v.data.allegations[0].status = 'confirmed';
    fakeApi.company.mockResolvedValueOnce(v);
    render(Company, { slug: 'deepseek' });
    const cards = await screen.findAllByTestId('allegation');
    const confirmed = cards[0].querySelector('[data-status]')!;
    const alleged = cards[1].querySelector('[data-status]')!;
    expect(confirmed.classList.contains('solid')).toBe(true);
    expect(confirmed.textContent).toContain('established');
    expect(alleged.classList.contains('solid')).toBe(false);
  });

  it('opens source links in the system browser, not in the window', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    await screen.findByTestId('allegation-list');
    const link = screen.getAllByRole('link', { name: /Il Post: the Garante/ })[0];
    await user.click(link);
    expect(fakeApi.openLink).toHaveBeenCalledWith(
      'https://www.ilpost.it/2025/01/30/limitazioni-deepseek-garante-privacy/',
    );
    expect(location.hash).not.toContain('ilpost');
  });

  it('shows lists, restrictions and the cloud matrix with data paths', async () => {
    render(Company, { slug: 'deepseek' });
    const lists = await screen.findByTestId('designations-table');
    expect(within(lists).getAllByRole('row')).toHaveLength(6);
    expect(lists.textContent).toContain('OFAC SDN List');
    expect(lists.textContent).toContain('Not listed');
    expect(within(screen.getByTestId('restrictions-table')).getAllByRole('row')).toHaveLength(13);
    const matrix = screen.getByTestId('company-cloud-matrix');
    const headers = within(matrix)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Product', 'Amazon', 'Microsoft', 'Google']);
    const r1 = within(matrix)
      .getAllByRole('row')
      .find((r) => r.querySelector('th')?.textContent === 'DeepSeek-R1')!;
    expect(r1.textContent).toContain('Amazon Bedrock');
    expect(r1.textContent).toContain('Data: Not documented');
    expect(r1.textContent).toContain('Data: Stays with the cloud provider');
  });

  it('lists generated briefs and opens them', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    const history = await screen.findByTestId('brief-history');
    expect(history.textContent).toContain('RB-F0972A4C');
    await user.click(within(history).getByRole('button', { name: /Open/ }));
    expect(fakeApi.openFile).toHaveBeenCalledWith('/home/analyst/Documents/RiskBrief/deepseek-2026-11-28.pdf');
  });

  it('shows the change history: when, who, what, and each changed field as before → after', async () => {
    const user = userEvent.setup();
    const v = company('deepseek');
    const first = v.data.allegations[0];
    v.history.unshift({
      id: 999,
      at: '2026-11-29T08:15:00Z',
      actor: 'J. Doe',
      action: 'update',
      table: 'allegations',
      record_id: first.id,
      company_id: v.data.company.id,
      changes: { status: ['alleged', 'confirmed'], first_reported: ['2025-06', '2025-01-30'], updated_at: ['a', 'b'] },
    });
    fakeApi.company.mockResolvedValueOnce(v);
    render(Company, { slug: 'deepseek' });
    const history = await screen.findByTestId('history');
    const rows = () => within(history).getAllByRole('row').slice(1);
    expect(v.history.length).toBeGreaterThan(20);
    expect(rows()).toHaveLength(20);
    const cells = within(rows()[0])
      .getAllByRole('cell')
      .map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
    expect(cells[0]).toBe('29 Nov 2026, 08:15');
    expect(rows()[0].querySelector('time')!.getAttribute('datetime')).toBe('2026-11-29T08:15:00Z');
    expect(cells[1]).toBe('J. Doe');
    // The record is named from the company's data (an update carries only the changed fields).
    expect(cells[2]).toContain(`Changed allegation “${first.summary.slice(0, 40)}`);
    // Codes and dates are worded as the rest of the app words them.
    expect(cells[2]).toContain('Status: Alleged → changed to Confirmed');
    expect(cells[2]).toContain('First reported: Jun 2025 → changed to 30 Jan 2025');
    expect(cells[2]).not.toContain('Updated at');
    // The fixtures' own updates (made through a real import): a list entry and a cloud offering.
    const text = history.textContent!;
    expect(text).toMatch(/Changed list entry “OFAC SDN List”\s*Checked: Jun 2025 → changed to Nov 2026/);
    expect(text).toMatch(
      /Changed cloud offering “DeepSeek-R1 on Amazon — Amazon Bedrock \(serverless[^”]*”\s*Last verified: \(none\) → changed to Nov 2026/,
    );
    expect(text).toContain('A. Analyst');
    await user.click(screen.getByRole('button', { name: `Show all ${v.history.length} changes` }));
    expect(rows()).toHaveLength(v.history.length);
    expect(history.textContent).toMatch(/Created allegation “/);
    await user.click(screen.getByRole('button', { name: 'Show the latest 20 only' }));
    expect(rows()).toHaveLength(20);
  });

  it('names a deleted record from the values its audit entry kept', async () => {
    const v = company('deepseek');
    v.history = [
      {
        id: 1000,
        at: '2026-11-29T09:00:00Z',
        actor: 'J. Doe',
        action: 'delete',
        table: 'restrictions',
        record_id: '01a21f73-0000-7000-8000-00000000dead',
        company_id: v.data.company.id,
        changes: { jurisdiction: ['Italy', null], measure: ['App blocked', null] },
      },
    ];
    fakeApi.company.mockResolvedValueOnce(v);
    render(Company, { slug: 'deepseek' });
    const history = await screen.findByTestId('history');
    expect(history.textContent).toContain('Deleted restriction “Italy: App blocked”');
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it("shows what the band means for a buyer, in the core's words", async () => {
    render(Company, { slug: 'deepseek' });
    const meaning = await screen.findByTestId('band-meaning');
    expect(meaning.textContent).toContain('High risk:');
    expect(meaning.textContent).toContain('Serious concerns; avoid vendor-operated services');
  });

  it('tells the shell once that the first data is on screen', async () => {
    resetReady();
    render(Company, { slug: 'deepseek' });
    await screen.findByTestId('company-score');
    await waitFor(() => expect(fakeApi.uiReady).toHaveBeenCalledTimes(1));
    render(Company, { slug: 'huawei' });
    await waitFor(() => expect(screen.getAllByTestId('company-score')).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(fakeApi.uiReady).toHaveBeenCalledTimes(1);
  });

  it('explains when the company does not exist', async () => {
    render(Company, { slug: 'nosuch' });
    const panel = await screen.findByTestId('error-panel');
    expect(panel.getAttribute('data-code')).toBe('not_found');
    expect(panel.textContent).toContain('Not found');
    expect(panel.textContent).toContain('no company matches "nosuch"');
    expect(within(panel).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(within(panel).getByRole('link', { name: 'Back to the portfolio' })).toBeTruthy();
  });

  it('offers a retry after an internal error', async () => {
    const user = userEvent.setup();
    fakeApi.company.mockRejectedValueOnce({
      code: 'internal',
      message: 'the database lock was poisoned; restart RiskBrief',
    });
    render(Company, { slug: 'deepseek' });
    const panel = await screen.findByTestId('error-panel');
    expect(panel.textContent).toContain('Something went wrong');
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('company-score').textContent).toBe('54'));
  });
});
