import { render, screen, within, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, fixtures, resetApi } from './fake-api';
import Portfolio from '../screens/Portfolio.svelte';
import type { PortfolioRow } from '$lib/bindings/PortfolioRow';
import { resetReady } from '$lib/ready';

const names = () => screen.getAllByTestId('portfolio-row').map((r) => within(r).getAllByRole('link')[0].textContent);

/** n rows for the scrolling tests: the CLI's rows in turn (score and band as it gave them), each under a made-up name. */
function generated(n: number): PortfolioRow[] {
  return Array.from({ length: n }, (_, i) => {
    const row = structuredClone(fixtures.portfolio[i % fixtures.portfolio.length]);
    const name = `Vendor ${String(i).padStart(5, '0')}`;
    return {
      ...row,
      summary: { ...row.summary, id: `id-${i}`, slug: `vendor-${i}`, legal_name: name, display_name: name },
    };
  });
}

describe('Portfolio', () => {
  beforeEach(resetApi);

  it('lists every company with band, score and counts, riskiest first', async () => {
    render(Portfolio);
    const rows = await screen.findAllByTestId('portfolio-row');
    expect(rows).toHaveLength(10);
    const deepseek = rows.find((r) => r.textContent?.includes('DeepSeek'))!;
    const cells = within(deepseek)
      .getAllByRole('cell')
      .map((c) => c.textContent?.trim());
    // name, band, score, country, allegations, lists, restrictions, clouds, updated
    expect(cells[1]).toBe('High risk');
    expect(cells.slice(2, 7)).toEqual(['54', 'China', '7', '0', '12']);
    expect(cells[7]).toBe('Amazon, Google, Microsoft');
    expect(cells[8]).toBe('28 Nov 2026');
    // Riskiest first; ties keep the riskiest first, then the name people use.
    expect(names().slice(0, 4)).toEqual(['AO Kaspersky Lab', 'Dahua', 'Hikvision', 'Huawei']);
    expect(deepseek.querySelector('.legal')!.textContent).toBe(
      'Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.',
    );
    expect(within(deepseek).getAllByRole('link')[0].textContent).toBe('DeepSeek');
    expect(screen.getByTestId('band-count-high').textContent).toContain('6');
  });

  it('sorts by any column, toggling the direction', async () => {
    const user = userEvent.setup();
    render(Portfolio);
    await screen.findAllByTestId('portfolio-row');
    const company = screen.getByRole('button', { name: /^Company/ });
    await user.click(company);
    expect(names()[0]).toMatch(/^AO Kaspersky/);
    expect(company.closest('[role=columnheader]')?.getAttribute('aria-sort')).toBe('ascending');
    await user.click(company);
    expect(names()[0]).toMatch(/^ZTE/);
    expect(company.closest('[role=columnheader]')?.getAttribute('aria-sort')).toBe('descending');

    await user.click(screen.getByRole('button', { name: /^Restrictions/ }));
    expect(names()[0]).toMatch(/DeepSeek/);
    await user.click(screen.getByRole('button', { name: /^Score/ }));
    expect(names()[0]).toMatch(/Kaspersky/);
    await user.click(screen.getByRole('button', { name: /^Score/ }));
    // The least risky: High-Flyer, a fund with nothing against it but its jurisdiction.
    expect(names()[0]).toBe('High-Flyer');
  });

  it('filters by band, country and text, and says how many are shown', async () => {
    const user = userEvent.setup();
    render(Portfolio);
    await screen.findAllByTestId('portfolio-row');
    await user.selectOptions(screen.getByLabelText('Risk band'), 'high');
    expect(names()).toHaveLength(6);
    expect(screen.getByTestId('portfolio-count').textContent).toContain('Showing 6 of 10');
    await user.selectOptions(screen.getByLabelText('Risk band'), '');
    await user.selectOptions(screen.getByLabelText('Country'), 'RU');
    expect(names()).toEqual(['AO Kaspersky Lab']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.type(screen.getByLabelText('Filter'), 'google');
    expect(names()).toHaveLength(1);
    expect(names()[0]).toMatch(/DeepSeek/);
    await user.clear(screen.getByLabelText('Filter'));
    await user.type(screen.getByLabelText('Filter'), 'no such vendor');
    expect(screen.queryAllByTestId('portfolio-row')).toHaveLength(0);
    expect(screen.getByText('No company matches these filters.')).toBeTruthy();
  });

  it('filters by band from the band summary buttons', async () => {
    const user = userEvent.setup();
    render(Portfolio);
    await screen.findAllByTestId('portfolio-row');
    const moderate = screen.getByTestId('band-count-moderate');
    await user.click(moderate);
    expect(moderate.getAttribute('aria-pressed')).toBe('true');
    expect(names()).toHaveLength(3);
    await user.click(moderate);
    expect(names()).toHaveLength(10);
  });

  it('shows the core error and retries', async () => {
    const user = userEvent.setup();
    fakeApi.portfolioHead.mockRejectedValueOnce({ code: 'internal', message: 'database error: disk I/O error' });
    render(Portfolio);
    const panel = await screen.findByTestId('error-panel');
    expect(panel.textContent).toContain('disk I/O error');
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('portfolio-row')).toHaveLength(10);
    expect(fakeApi.portfolioHead).toHaveBeenCalledTimes(2);
  });

  it('asks for the riskiest rows first, and for the whole list only when there are more', async () => {
    resetReady();
    render(Portfolio);
    expect(await screen.findAllByTestId('portfolio-row')).toHaveLength(10);
    expect(fakeApi.portfolioHead).toHaveBeenCalledWith(100);
    // The shell is told how long the rows took, from asking to drawn (the desktop measurement).
    await waitFor(() => expect(fakeApi.uiReady).toHaveBeenCalledWith(expect.any(Number)));
    // The sample's 10 companies all came with the first rows: nothing more to load.
    expect(fakeApi.portfolio).not.toHaveBeenCalled();
  });

  it('shows the riskiest rows while the rest load, then every company', async () => {
    const all = generated(10_000);
    let loaded: (rows: PortfolioRow[]) => void = () => {};
    fakeApi.portfolioHead.mockResolvedValue({ total: all.length, rows: all.slice(0, 100) });
    fakeApi.portfolio.mockReturnValue(new Promise((ok) => (loaded = ok)));
    render(Portfolio);
    await screen.findAllByTestId('portfolio-row');
    await waitFor(() => expect(fakeApi.portfolio).toHaveBeenCalled());
    expect(screen.getByTestId('portfolio-count').textContent).toContain(
      'Showing the 100 riskiest of 10,000 · loading the rest…',
    );
    expect(screen.getByText(/^10,000 companies/)).toBeTruthy();
    // Counts by band wait for the whole list: those of 100 rows would mislead.
    expect(screen.getByTestId('band-count-high').textContent).toContain('…');
    loaded(all);
    await waitFor(() =>
      expect(screen.getByTestId('portfolio-count').textContent).toContain('Showing 10,000 of 10,000'),
    );
    const high = all.filter((r) => r.band === 'high').length;
    expect(screen.getByTestId('band-count-high').textContent).toContain(high.toLocaleString('en'));
  });

  describe('with 10,000 companies', () => {
    /** The whole list has come (after the first rows). */
    const everyRow = () =>
      waitFor(() => expect(screen.getByTestId('portfolio-count').textContent).toMatch(/Showing [\d,]+ of 10,000/));

    beforeEach(() => {
      const all = generated(10_000);
      fakeApi.portfolioHead.mockResolvedValue({ total: all.length, rows: all.slice(0, 100) });
      fakeApi.portfolio.mockResolvedValue(all);
    });

    it('renders only a window of rows and follows the scroll', async () => {
      render(Portfolio);
      await everyRow();
      const rows = screen.getAllByTestId('portfolio-row');
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.length).toBeLessThan(40);
      expect(screen.getByRole('table', { name: 'Portfolio' }).getAttribute('aria-rowcount')).toBe('10001');
      expect(screen.getByTestId('portfolio-count').textContent).toContain('Showing 10,000 of 10,000');

      // Sort by name so row i is "Vendor 0000i", then scroll to row 5,000.
      await userEvent.setup().click(screen.getByRole('button', { name: /^Company/ }));
      const viewport = screen.getByTestId('virtual-viewport');
      viewport.scrollTop = 5000 * 52;
      viewport.dispatchEvent(new Event('scroll'));
      await waitFor(() => expect(screen.getByText('Vendor 05000')).toBeTruthy());
      expect(screen.queryByText('Vendor 00000')).toBeNull();
      const after = screen.getAllByTestId('portfolio-row');
      expect(after.length).toBeLessThan(40);
      const indexes = after.map((r) => Number(r.getAttribute('aria-rowindex')));
      expect(Math.min(...indexes)).toBeGreaterThan(4900);
    });

    it('filters and sorts 10,000 rows', async () => {
      const user = userEvent.setup();
      render(Portfolio);
      await everyRow();
      await user.selectOptions(screen.getByLabelText('Risk band'), 'moderate');
      const expected = generated(10_000).filter((r) => r.band === 'moderate').length;
      expect(expected).toBeGreaterThan(0);
      expect(screen.getByTestId('portfolio-count').textContent).toContain(
        `Showing ${expected.toLocaleString('en')} of 10,000`,
      );
      for (const row of screen.getAllByTestId('portfolio-row')) expect(row.textContent).toContain('Moderate');
    });

    it('moves the focus between rows with the arrow keys, rendering rows as needed', async () => {
      const user = userEvent.setup();
      render(Portfolio);
      await everyRow();
      const first = within(screen.getAllByTestId('portfolio-row')[0]).getAllByRole('link')[0];
      first.focus();
      await user.keyboard('{ArrowDown}');
      expect(document.activeElement?.closest('[data-index]')?.getAttribute('data-index')).toBe('1');
      await user.keyboard('{End}');
      await waitFor(() =>
        expect(document.activeElement?.closest('[data-index]')?.getAttribute('data-index')).toBe('9999'),
      );
      expect(screen.getAllByTestId('portfolio-row').length).toBeLessThan(40);
    });
  });
});
