import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '$lib/router.svelte';
import { searchIndexing } from '$lib/search-indexing.svelte';
import { vocab } from '$lib/vocab.svelte';
import { core, fakeApi, resetApi } from './fake-api';
import App from '../App.svelte';

async function start(hash = '#/portfolio') {
  location.hash = hash;
  router.sync();
  const user = userEvent.setup();
  render(App);
  return user;
}

describe('App shell, routing and search', () => {
  beforeEach(() => {
    resetApi();
    vocab.reset();
    searchIndexing.reset();
  });

  it('routes by hash and marks the current section', async () => {
    await start('#/matrix');
    expect(await screen.findByRole('heading', { level: 1, name: 'Cloud matrix' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Cloud matrix' }).getAttribute('aria-current')).toBe('page');
    location.hash = '#/settings';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
    location.hash = '#/company/deepseek';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect((await screen.findByTestId('company-score')).textContent).toBe('54');
    expect(
      within(screen.getByRole('navigation', { name: 'Main' }))
        .getByRole('link', { name: 'Portfolio' })
        .getAttribute('aria-current'),
    ).toBe('page');
    location.hash = '#/nowhere';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });

  it('has Data exchange in the sidebar', async () => {
    const user = await start('#/portfolio');
    await screen.findAllByTestId('portfolio-row');
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Data exchange' }),
    );
    await waitFor(() => expect(location.hash).toBe('#/exchange'));
    router.sync();
    expect(await screen.findByRole('heading', { level: 1, name: 'Data exchange' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Data exchange' }).getAttribute('aria-current')).toBe('page');
    expect(document.title).toBe('Data exchange · RiskBrief');
  });

  it('asks the shell once for the file the app was started with; without one, starts as usual', async () => {
    await start('#/portfolio');
    await screen.findAllByTestId('portfolio-row');
    expect(fakeApi.launchFile).toHaveBeenCalledTimes(1);
    expect(location.hash).toBe('#/portfolio');
    expect(fakeApi.importBundle).not.toHaveBeenCalled();
  });

  it('started with a bundle (from the file manager), shows its import preview on Data exchange', async () => {
    const FILE = '/home/analyst/Downloads/team.riskbrief';
    resetApi({ launchFile: FILE });
    await start('');
    await waitFor(() => expect(location.hash).toBe(`#/exchange?file=${encodeURIComponent(FILE)}`));
    router.sync();
    const preview = await screen.findByTestId('import-preview');
    expect(within(preview).getByRole('heading', { level: 2 }).textContent).toBe(
      'Preview: nothing has been imported yet',
    );
    expect(preview.textContent).toContain(FILE);
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
    expect(fakeApi.importBundle).toHaveBeenCalledWith(FILE, true, false);
    expect(document.title).toBe('Data exchange · RiskBrief');
    expect(screen.getByRole('link', { name: 'Data exchange' }).getAttribute('aria-current')).toBe('page');
  });

  it('starts as usual when the shell cannot say which file it was started with', async () => {
    const error = vi.spyOn(console, 'error');
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    fakeApi.launchFile.mockRejectedValueOnce(new Error('launch_file not allowed'));
    await start('#/portfolio');
    expect((await screen.findAllByTestId('portfolio-row')).length).toBeGreaterThan(0);
    expect(fakeApi.launchFile).toHaveBeenCalledTimes(1);
    expect(location.hash).toBe('#/portfolio');
    expect(error).not.toHaveBeenCalled();
    await waitFor(() => expect(info).toHaveBeenCalledTimes(1));
    error.mockRestore();
    info.mockRestore();
  });

  it('#/exchange?file=… shows the preview of that file', async () => {
    const FILE = '/media/usb/unsigned.json';
    await start(`#/exchange?file=${encodeURIComponent(FILE)}`);
    // An unsigned bundle in a database that trusts a key: refused, with "Check again" once allowed.
    const alert = await screen.findByTestId('import-error');
    expect(alert.textContent).toContain(`File: ${FILE}`);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Allow unsigned bundle'));
    await user.click(within(alert).getByRole('button', { name: 'Check again' }));
    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain(FILE);
    expect(fakeApi.importBundle.mock.calls).toEqual([
      [FILE, true, false],
      [FILE, true, true],
    ]);
  });

  it('has Official lists in the sidebar, and opens it filtered to a company', async () => {
    const user = await start('#/portfolio');
    await screen.findAllByTestId('portfolio-row');
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Official lists' }),
    );
    await waitFor(() => expect(location.hash).toBe('#/lists'));
    router.sync();
    expect(await screen.findByRole('heading', { level: 1, name: 'Official lists' })).toBeTruthy();
    expect(document.title).toBe('Official lists · RiskBrief');
    location.hash = '#/lists?company=huawei';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(fakeApi.hits).toHaveBeenLastCalledWith('huawei', null));
    expect(screen.getByRole('link', { name: 'Official lists' }).getAttribute('aria-current')).toBe('page');
  });

  it("words bands and verdicts with the core's labels, and says what a band means", async () => {
    await start('#/portfolio');
    await screen.findAllByTestId('portfolio-row');
    await waitFor(() => expect(fakeApi.vocabulary).toHaveBeenCalled());
    const high = screen.getByTestId('band-count-high').querySelector('.band')!;
    await waitFor(() =>
      expect(high.getAttribute('title')).toBe(
        'Serious concerns; avoid vendor-operated services, restrict other routes to controlled use.',
      ),
    );
    expect(high.textContent).toBe('High risk');
  });

  it('loads the vocabulary once and uses its labels', async () => {
    await start('#/company/deepseek');
    await screen.findByTestId('allegation-list');
    expect(fakeApi.vocabulary).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getAllByText('Military / intelligence ties').length).toBeGreaterThan(0));
  });

  it('opens search with Ctrl+K and goes to the company of the chosen result', async () => {
    const user = await start();
    await screen.findAllByTestId('portfolio-row');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Search' });
    const box = within(dialog).getByRole('combobox');
    expect(document.activeElement).toBe(box);
    await user.type(box, 'H800');
    const options = await within(dialog).findAllByRole('option');
    expect(fakeApi.search).toHaveBeenLastCalledWith('H800', 30);
    expect(options).toHaveLength(1);
    expect(options[0].textContent).toContain('Allegation');
    expect(options[0].querySelector('mark')!.textContent).toBe('H800');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0].id);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(location.hash).toBe('#/company/deepseek'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says in the search dialog while the index catches up with an import', async () => {
    const user = await start();
    await screen.findAllByTestId('portfolio-row');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Search' });
    expect(within(dialog).queryByTestId('search-indexing')).toBeNull();
    expect(core.listening('search-indexing')).toBe(true);
    core.emit('search-indexing', { done: 10_000, total: 40_000 });
    await waitFor(() =>
      expect(within(dialog).getByTestId('search-indexing').textContent).toContain(
        'Indexing the last import for search: 25%. A search waits until it is done',
      ),
    );
    core.emit('search-indexing', { done: 40_000, total: 40_000 });
    await waitFor(() => expect(within(dialog).queryByTestId('search-indexing')).toBeNull());
  });

  it('opens search with "/" but not while typing in a field', async () => {
    const user = await start();
    await screen.findAllByTestId('portfolio-row');
    await user.click(screen.getByLabelText('Filter'));
    await user.keyboard('/');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((screen.getByLabelText('Filter') as HTMLInputElement).value).toBe('/');
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('/');
    expect(await screen.findByRole('dialog', { name: 'Search' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('searches any script, moves with the arrow keys and skips sources that belong to no company', async () => {
    const user = await start();
    await user.keyboard('{Meta>}k{/Meta}');
    const dialog = await screen.findByRole('dialog', { name: 'Search' });
    await user.type(within(dialog).getByRole('combobox'), 'Reuters');
    const options = await within(dialog).findAllByRole('option');
    expect(options.length).toBeGreaterThan(1);
    const box = within(dialog).getByRole('combobox');
    const navigable = options.filter((o) => o.getAttribute('aria-disabled') !== 'true');
    const sources = options.filter((o) => o.getAttribute('aria-disabled') === 'true');
    expect(sources.length).toBeGreaterThan(0);
    expect(box.getAttribute('aria-activedescendant')).toBe(navigable[0].id);
    await user.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(navigable[1].id);
    await user.clear(box);
    await user.type(box, '华为');
    await waitFor(() => expect(fakeApi.search).toHaveBeenLastCalledWith('华为', 30));
    await user.clear(box);
    await user.type(box, 'zzzz');
    expect(await within(dialog).findByText(/Nothing matches “zzzz”/)).toBeTruthy();
  });

  it('shows a search failure in the dialog', async () => {
    fakeApi.search.mockRejectedValue({ code: 'validation', message: 'fts5: syntax error near "("' });
    const user = await start();
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Search' });
    await user.type(within(dialog).getByRole('combobox'), '(');
    expect((await within(dialog).findByText(/Search failed/)).textContent).toContain('syntax error');
  });
});
