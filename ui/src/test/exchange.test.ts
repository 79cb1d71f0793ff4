import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportPlan } from '$lib/bindings/ImportPlan';
import { searchIndexing } from '$lib/search-indexing.svelte';
import {
  bundleFileName,
  bundlePercent,
  bundleText,
  counts,
  notable,
  refusalReason,
  summary,
  unlisted,
} from '$lib/exchange';
import { todayIso } from '$lib/format';
import { clone, core, fakeApi, fixtures, resetApi } from './fake-api';
import Exchange from '../screens/Exchange.svelte';

const TEAM = '/home/analyst/Downloads/team.json';
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

async function setup() {
  const user = userEvent.setup();
  render(Exchange);
  await waitFor(() => expect(fakeApi.portfolio).toHaveBeenCalled());
  return user;
}

describe('Data exchange: export', () => {
  beforeEach(resetApi);

  it('exports everything to the chosen file and says how many records were written', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Export bundle…' }));
    const name = `riskbrief-${todayIso()}.riskbrief`;
    expect(fakeApi.chooseBundleSavePath).toHaveBeenCalledWith(name);
    await waitFor(() => expect(fakeApi.exportBundle).toHaveBeenCalledWith(`/home/analyst/Desktop/${name}`, undefined));
    expect(text(await screen.findByTestId('export-result'))).toBe(
      `${fixtures.exchange.export_counts.all} records written to /home/analyst/Desktop/${name}`,
    );
  });

  it('exports one company, chosen by the name people use', async () => {
    const user = await setup();
    const select = screen.getByLabelText('Records to export') as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(11));
    expect(select.options[0].textContent).toContain('Everything (10 companies');
    const deepseek = [...select.options].find((o) => o.value === 'deepseek')!;
    expect(deepseek.textContent).toBe(
      'DeepSeek — Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.',
    );
    await user.selectOptions(select, 'deepseek');
    await user.click(screen.getByRole('button', { name: 'Export bundle…' }));
    const path = `/home/analyst/Desktop/riskbrief-deepseek-${todayIso()}.riskbrief`;
    await waitFor(() => expect(fakeApi.exportBundle).toHaveBeenCalledWith(path, 'deepseek'));
    expect(text(await screen.findByTestId('export-result'))).toBe(
      `${fixtures.exchange.export_counts.deepseek} records written to ${path}`,
    );
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const user = await setup();
    fakeApi.chooseBundleSavePath.mockResolvedValueOnce(null);
    await user.click(screen.getByRole('button', { name: 'Export bundle…' }));
    await waitFor(() => expect(fakeApi.chooseBundleSavePath).toHaveBeenCalled());
    expect(fakeApi.exportBundle).not.toHaveBeenCalled();
    expect(screen.queryByTestId('export-result')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failed export', async () => {
    const user = await setup();
    fakeApi.exportBundle.mockRejectedValueOnce({
      code: 'validation',
      message: 'cannot write /mnt/usb/x.json: Read-only file system (os error 30)',
    });
    await user.click(screen.getByRole('button', { name: 'Export bundle…' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The bundle was not written: cannot write /mnt/usb/x.json: Read-only file system',
    );
    expect(screen.queryByTestId('export-result')).toBeNull();
  });
});

describe('Data exchange: import', () => {
  beforeEach(() => {
    resetApi();
    searchIndexing.reset();
  });

  it('shows the dry-run preview before anything is imported', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    const preview = await screen.findByTestId('import-preview');
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
    expect(fakeApi.importBundle).toHaveBeenCalledWith(TEAM, true, false);
    const p = within(preview);
    await waitFor(() =>
      expect(document.activeElement).toBe(p.getByRole('heading', { name: 'Preview: nothing has been imported yet' })),
    );
    expect(preview.textContent).toContain(TEAM);
    expect(text(p.getByTestId('bundle-signer'))).toMatch(
      /^Signed by berlin-office \(key [0-9a-f]{8}…[0-9a-f]{4}\), a trusted key\.$/,
    );

    const tally = Object.fromEntries(
      [...p.getByTestId('plan-counts').querySelectorAll('li')].map((li) => [li.dataset.action, text(li)]),
    );
    expect(tally).toEqual({
      add: '2 to add',
      update: '1 to update',
      delete: '1 to delete',
      conflict: '1 in conflict',
      keep_local: '1 kept (newer here)',
      same: '58 unchanged',
    });
    expect(p.getByTestId('conflict-notice').textContent).toContain('Conflicts are not applied');

    // Every record that is not "same", conflicts first and explained.
    const rows = within(p.getByTestId('plan-items')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.action)).toEqual(['conflict', 'update', 'add', 'add', 'delete', 'keep_local']);
    const conflict = rows[0];
    expect(conflict.classList.contains('conflict')).toBe(true);
    expect(text(conflict)).toContain('Allegation');
    expect(text(conflict)).toContain(
      'A U.S. official says DeepSeek appears in over 150 Chinese military procurement records',
    );
    expect(text(conflict)).toContain('Conflict Both sides changed this record; not applied.');
    expect(within(conflict).getAllByRole('cell').at(-1)!.textContent).toBe('summary');
    expect(text(rows[1])).toContain('Update');
    expect(within(rows[1]).getAllByRole('cell').at(-1)!.textContent).toBe('status');
    const cells = (r: HTMLElement) => [...r.children].map((c) => text(c));
    expect(cells(rows[4])).toEqual([
      'Cloud offering',
      'Microsoft: GitHub Models',
      'Delete The bundle says to delete it.',
      '—',
    ]);
    expect(text(rows[5])).toContain('Restriction');
    expect(within(rows[5]).getAllByRole('cell').at(-1)!.textContent).toBe('measure');

    expect(p.getByRole('button', { name: 'Import' })).toBeTruthy();
    expect(fakeApi.importBundle).not.toHaveBeenCalledWith(TEAM, false, expect.anything());
  });

  it('imports on confirmation, with dryRun false, and shows what was applied', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    await user.click(await screen.findByRole('button', { name: 'Import' }));
    await waitFor(() => expect(fakeApi.importBundle).toHaveBeenLastCalledWith(TEAM, false, false));
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(2);
    const result = await screen.findByTestId('import-result');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(document.activeElement).toBe(within(result).getByRole('heading', { name: 'Imported' }));
    expect(text(within(result).getByRole('status'))).toBe(
      `From ${TEAM}: 2 added, 1 updated, 1 deleted. 1 in conflict, 1 kept (newer here): not applied.`,
    );
    expect(within(result).getAllByRole('row')).toHaveLength(7);
  });

  it('shows how far the check and the import are, step by step, from what the shell reports', async () => {
    const user = await setup();
    // Each run waits for the test: the progress shown is what the shell sends meanwhile.
    let finish!: () => void;
    const held = async (path: string, dryRun: boolean, allowUnsigned = false) => {
      await new Promise<void>((ok) => (finish = ok));
      return (await core.invoke('import_bundle', { path, dryRun, allowUnsigned })) as ImportPlan;
    };
    fakeApi.importBundle.mockImplementationOnce(held).mockImplementationOnce(held);
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    const shown = () => text(screen.getByTestId('bundle-progress'));
    await waitFor(() => expect(shown()).toBe('Checking the bundle · Starting…'));
    expect(core.listening('bundle-progress')).toBe(true);
    core.emit('bundle-progress', { phase: 'merging', done: 12_000_000, total: 48_000_000 });
    const bar = screen.getByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('25'));
    expect(shown()).toBe('Checking the bundle · Merging its records: 25%');
    // A file read whole (its records not in RiskBrief's order): read and checked, then merged.
    core.emit('bundle-progress', { phase: 'checking', done: 48_000_000, total: 48_000_000 });
    await waitFor(() => expect(shown()).toBe('Checking the bundle · Checking the file: 100%'));
    core.emit('bundle-progress', { phase: 'merging', done: 3, total: 3 });
    await waitFor(() => expect(shown()).toBe('Checking the bundle · Merging its records: 100%'));
    expect(text(screen.getByTestId('bundle-step'))).toBe('Checking the bundle');
    finish();
    const preview = await screen.findByTestId('import-preview');
    expect(screen.queryByRole('progressbar')).toBeNull();

    // The import starts again from nothing, not from where the check ended.
    await user.click(within(preview).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(shown()).toBe('Importing · Starting…'));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
    core.emit('bundle-progress', { phase: 'merging', done: 1, total: 3 });
    await waitFor(() => expect(shown()).toBe('Importing · Merging its records: 33%'));
    core.emit('bundle-progress', { phase: 'merging', done: 3, total: 3 });
    await waitFor(() => expect(shown()).toBe('Importing · Merging its records: 100%'));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(text(screen.getByTestId('bundle-step'))).toBe('Importing the bundle');
    finish();
    const result = await screen.findByTestId('import-result');
    expect(screen.queryByTestId('bundle-progress')).toBeNull();
    expect(text(screen.getByTestId('bundle-step'))).toBe('');
    // The records are in; the search index catches up in the background and says how far it is.
    core.emit('search-indexing', { done: 1, total: 3 });
    await waitFor(() =>
      expect(text(within(result).getByTestId('search-indexing'))).toBe(
        'Indexing the imported records for search: 33%. Everything else has them already.',
      ),
    );
    core.emit('search-indexing', { done: 3, total: 3 });
    await waitFor(() => expect(within(result).queryByTestId('search-indexing')).toBeNull());
  });

  it('stops listening for progress when the screen closes', async () => {
    await setup();
    await waitFor(() => expect(core.listening('bundle-progress')).toBe(true));
    cleanup();
    await waitFor(() => expect(core.listening('bundle-progress')).toBe(false));
  });

  it('does nothing when the open dialog is cancelled', async () => {
    const user = await setup();
    fakeApi.chooseBundleToImport.mockResolvedValueOnce(null);
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    await waitFor(() => expect(fakeApi.chooseBundleToImport).toHaveBeenCalled());
    expect(fakeApi.importBundle).not.toHaveBeenCalled();
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(screen.queryByTestId('import-error')).toBeNull();
  });

  it('cancelling the preview imports nothing', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    const preview = await screen.findByTestId('import-preview');
    await user.click(within(preview).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  for (const [kind, reason] of [
    ['tampered', 'changed or damaged after it was exported'],
    ['truncated', 'The file is incomplete'],
    ['wrong_signature', 'signature does not match its contents'],
    ['newer_schema', 'newer version of RiskBrief'],
    ['untrusted_key', 'a key this database does not trust'],
  ] as const) {
    it(`refuses a ${kind.replace('_', ' ')} bundle clearly, with nothing imported`, async () => {
      const user = await setup();
      const error = fixtures.exchange.errors[kind];
      fakeApi.importBundle.mockRejectedValueOnce(clone(error));
      await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
      const alert = await screen.findByTestId('import-error');
      expect(alert.getAttribute('role')).toBe('alert');
      expect(within(alert).getByRole('heading').textContent).toBe('Bundle refused: nothing was imported');
      expect(alert.textContent).toContain(reason);
      expect(alert.textContent).toContain(error.message);
      expect(screen.queryByTestId('import-preview')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
      expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
      expect(fakeApi.importBundle).toHaveBeenCalledWith(TEAM, true, false);
    });
  }

  it('"Allow unsigned bundle" is passed to the core, for the preview and the import', async () => {
    const UNSIGNED = '/media/usb/unsigned.json';
    resetApi({ openPath: UNSIGNED });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    const alert = await screen.findByTestId('import-error');
    expect(alert.textContent).toContain('Tick “Allow unsigned bundle”');

    await user.click(screen.getByLabelText('Allow unsigned bundle'));
    await user.click(within(alert).getByRole('button', { name: 'Check again' }));
    const preview = await screen.findByTestId('import-preview');
    expect(fakeApi.importBundle).toHaveBeenLastCalledWith(UNSIGNED, true, true);
    expect(within(preview).getByTestId('bundle-signer').textContent).toContain('Unsigned');
    expect(screen.queryByTestId('import-error')).toBeNull();
    await user.click(within(preview).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(fakeApi.importBundle).toHaveBeenLastCalledWith(UNSIGNED, false, true));
    expect(await screen.findByTestId('import-result')).toBeTruthy();
  });

  it('says so when there is nothing to import', async () => {
    // A bundle of everything in this database: the core's plan changes nothing.
    resetApi({ openPath: '/home/analyst/Downloads/unchanged.json' });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain('Nothing to import');
    expect(within(preview).queryByRole('button', { name: 'Import' })).toBeNull();
    expect(within(preview).queryByTestId('plan-items')).toBeNull();
  });

  it('shows a failed import, with nothing imported', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose bundle…' }));
    fakeApi.importBundle.mockRejectedValueOnce({ code: 'internal', message: 'database is locked' });
    await user.click(await screen.findByRole('button', { name: 'Import' }));
    const alert = await screen.findByTestId('import-error');
    expect(within(alert).getByRole('heading').textContent).toBe('The import failed: nothing was imported');
    expect(alert.textContent).toContain('database is locked');
    expect(screen.queryByTestId('import-result')).toBeNull();
  });
});

describe("Data exchange: a bundle opened from the file manager (the route's file)", () => {
  beforeEach(resetApi);
  const OPENED = '/home/analyst/Downloads/team.riskbrief';

  it('shows its preview as after "Choose bundle…", and imports only on confirmation', async () => {
    const user = userEvent.setup();
    render(Exchange, { props: { file: OPENED } });
    const preview = await screen.findByTestId('import-preview');
    expect(fakeApi.chooseBundleToImport).not.toHaveBeenCalled();
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
    expect(fakeApi.importBundle).toHaveBeenCalledWith(OPENED, true, false);
    const p = within(preview);
    expect(document.activeElement).toBe(p.getByRole('heading', { name: 'Preview: nothing has been imported yet' }));
    expect(text(p.getByText(/^File:/))).toBe(`File: ${OPENED}`);
    expect(p.getByTestId('plan-counts').querySelector('li[data-action=add]')!.textContent).toMatch(/2\s*to add/);
    await user.click(p.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(fakeApi.importBundle).toHaveBeenLastCalledWith(OPENED, false, false));
    expect(text(within(await screen.findByTestId('import-result')).getByRole('status'))).toMatch(
      new RegExp(`^From ${OPENED}: 2 added, 1 updated, 1 deleted\\.`),
    );
  });

  it('checks the same file once, and a different file again', async () => {
    const { rerender } = render(Exchange, { props: { file: OPENED } });
    await screen.findByTestId('import-preview');
    await rerender({ file: OPENED });
    await rerender({ file: null });
    await rerender({ file: OPENED });
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
    const UNCHANGED = '/home/analyst/Downloads/unchanged.json';
    await rerender({ file: UNCHANGED });
    await waitFor(() => expect(fakeApi.importBundle).toHaveBeenLastCalledWith(UNCHANGED, true, false));
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.getByTestId('import-preview').textContent).toContain('Nothing to import'));
    expect(screen.getByTestId('import-preview').textContent).toContain(UNCHANGED);
  });

  it('shows the refusal of a damaged file, with nothing imported', async () => {
    render(Exchange, { props: { file: '/media/usb/tampered.json' } });
    const alert = await screen.findByTestId('import-error');
    expect(within(alert).getByRole('heading').textContent).toBe('Bundle refused: nothing was imported');
    expect(alert.textContent).toContain('File: /media/usb/tampered.json');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(fakeApi.importBundle).toHaveBeenCalledTimes(1);
  });

  it('shows the preview of the file checked last, when an earlier check answers late', async () => {
    let answerFirst!: (plan: ImportPlan) => void;
    fakeApi.importBundle.mockImplementationOnce(() => new Promise((ok) => (answerFirst = ok)));
    const UNCHANGED = '/home/analyst/Downloads/unchanged.json';
    const { rerender } = render(Exchange, { props: { file: OPENED } });
    await waitFor(() => expect(fakeApi.importBundle).toHaveBeenCalledTimes(1));
    await rerender({ file: UNCHANGED });
    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain('Nothing to import');
    answerFirst(clone(fixtures.exchange.preview)); // the plan of the first file, too late
    await new Promise((ok) => setTimeout(ok, 20));
    expect(screen.getByTestId('import-preview').textContent).toContain('Nothing to import');
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Choose bundle…' }).hasAttribute('disabled')).toBe(false);
  });
});

describe('Data exchange: a large bundle', () => {
  beforeEach(resetApi);

  it('counts every record, lists the first of them and says how many more there are', async () => {
    const large = fixtures.exchange.large_preview;
    render(Exchange, { file: '/home/analyst/Downloads/large.json' });
    const p = within(await screen.findByTestId('import-preview'));
    expect(text(p.getByTestId('plan-counts').querySelector('[data-action="add"]')!)).toBe(`${large.tally.add} to add`);
    expect(within(p.getByTestId('plan-items')).getAllByRole('row')).toHaveLength(large.items.length + 1);
    expect(text(p.getByTestId('plan-unlisted'))).toBe(
      `A large bundle is listed in part: the table shows ${large.items.length} of the ${large.tally.add} to add. ` +
        'The counts above include every record.',
    );
    expect(p.getByRole('button', { name: 'Import' })).toBeTruthy();
  });
});

describe('exchange helpers', () => {
  const plan = fixtures.exchange.preview;
  it("puts a bundle import's progress in words", () => {
    expect(bundleText(null)).toBe('Starting…');
    expect(bundlePercent(null)).toBe(0);
    expect(bundlePercent({ phase: 'merging', done: 0, total: 0 })).toBe(100);
    expect(bundlePercent({ phase: 'merging', done: 1, total: 2 })).toBe(50);
    expect(bundleText({ phase: 'checking', done: 1, total: 3 })).toBe('Checking the file: 33%');
  });
  it('names exported bundles .riskbrief files', () => {
    expect(bundleFileName('2026-11-28')).toBe('riskbrief-2026-11-28.riskbrief');
    expect(bundleFileName('2026-11-28', 'deepseek')).toBe('riskbrief-deepseek-2026-11-28.riskbrief');
    expect(bundleFileName('2026-11-28', null)).toBe('riskbrief-2026-11-28.riskbrief');
  });
  it('counts and summarises a plan', () => {
    expect(counts(plan)).toEqual({ add: 2, update: 1, delete: 1, conflict: 1, keep_local: 1, same: 58 });
    expect(summary(plan, false)).toBe('2 to add, 1 to update, 1 to delete');
    expect(summary({ ...plan, tally: { ...plan.tally, add: 0, update: 0, delete: 0 } }, true)).toBe('nothing');
    expect(notable(plan).map((i) => i.action)).toEqual(['conflict', 'update', 'add', 'add', 'delete', 'keep_local']);
  });
  it('says how many changes a plan counts but does not list', () => {
    expect(unlisted(plan)).toEqual([]);
    const large = fixtures.exchange.large_preview;
    expect(large.tally.add).toBeGreaterThan(large.items.length);
    expect(unlisted(large)).toEqual([{ action: 'add', n: large.tally.add - large.items.length }]);
  });
  it('explains every refusal the CLI makes', () => {
    const reasons = Object.values(fixtures.exchange.errors).map((e) => refusalReason(e));
    expect(reasons).not.toContain('The bundle could not be imported.');
    expect(new Set(reasons).size).toBe(reasons.length);
  });
});
