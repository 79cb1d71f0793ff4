import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ListSnapshot } from '$lib/bindings/ListSnapshot';
import type { PackOutcome } from '$lib/bindings/PackOutcome';
import type { RescreenSummary } from '$lib/bindings/RescreenSummary';
import type { ScreeningHit } from '$lib/bindings/ScreeningHit';
import { dateTime } from '$lib/format';
import { inboxCount } from '$lib/inbox-count.svelte';
import { formatBytes } from '$lib/lists';
import {
  madeBy,
  packRefusalReason,
  packTally,
  previewAction,
  rescreenSummary,
  resultLine,
  signerText,
  unsignedRefused,
} from '$lib/packs';
import { vocab } from '$lib/vocab.svelte';
import { core, fakeApi, fixtures, recorded, recordedRead, recordedRefusal, resetApi } from './fake-api';
import Lists from '../screens/Lists.svelte';

const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const PACK = '/home/analyst/Downloads/riskbrief-lists.rbl';
const SIGNED = '/media/usb/signed.rbl';
/** What the CLI answered to a pack import in a recorded state. */
const packOf = (state: string, path: string, dryRun: boolean, allowUnsigned = false) =>
  recorded<PackOutcome>(state, 'import_pack', { path, dryRun, allowUnsigned });
const snapshotsOf = (state: string) => recordedRead<ListSnapshot[]>(state, 'lists', {});
const row = (list: string) => screen.getAllByTestId('pack-list').find((r) => r.dataset.list === list)!;
const resultOf = (list: string) => screen.getAllByTestId('pack-list-result').find((r) => r.dataset.list === list)!;

describe('list packs in words', () => {
  const preview = packOf('sample', PACK, true);
  const applied = packOf('fcc-2022', PACK, false);

  it('says who made a pack and who signed it', () => {
    expect(madeBy(preview)).toBe(`Made by J. Doe on ${dateTime(preview.created_at)}`);
    expect(signerText(preview)).toBe('Unsigned');
    const signed = packOf('key-trusted', SIGNED, true);
    const key = signed.signed_by!.public_key;
    expect(signerText(signed)).toBe(`Signed by list-desk (${key.slice(0, 8)}…${key.slice(-4)})`);
  });

  it('says what the preview would do to each list, in the core’s words where it leaves one as it is', () => {
    const [dod, fcc, ndaa] = preview.lists;
    const here = snapshotsOf('sample');
    expect(previewAction(dod, here).verdict).toBe('Left as it is');
    expect(previewAction(dod, here).detail).toMatch(/^These files were already imported as the Entities identified/);
    expect(previewAction(fcc, here).verdict).toBe('Left as it is');
    expect(previewAction(ndaa, here)).toEqual({
      verdict: 'Would import',
      detail: 'A list this database does not hold yet.',
    });
    const older = packOf('fcc-2022', PACK, true).lists.find((l) => l.list === 'fcc_covered')!;
    expect(previewAction(older, snapshotsOf('fcc-2022'))).toEqual({
      verdict: 'Would import',
      detail: 'Replaces the current snapshot of 20 Sep 2022.',
    });
    expect(packTally(preview)).toEqual({ taken: 1, left: 2, newHits: 0, events: 0 });
  });

  it('says what importing did, list by list, and how the portfolio was re-screened', () => {
    const [dod, fcc, ndaa] = applied.lists;
    expect(resultLine(dod)).toBe('First snapshot. Re-screened 10 companies against every entry: 6 new hits.');
    expect(resultLine(fcc)).toBe(
      '+2 added / −0 removed since the previous snapshot. Re-screened 10 companies against the 2 added or renamed ' +
        'entries: 1 new hit, 6 hits carried over with their decisions, 1 other event.',
    );
    expect(resultLine(ndaa)).toBe('First snapshot. Re-screened 10 companies against every entry: 5 new hits.');
    expect(resultLine(preview.lists[0])).toMatch(/^Left as it is: These files were already imported as/);
    expect(packTally(applied)).toEqual({ taken: 3, left: 0, newHits: 12, events: 1 });
  });

  it('words every part of a re-screening', () => {
    const r: RescreenSummary = {
      companies: 10,
      entries_screened: 3,
      screened_in_full: 2,
      hits_carried: 1,
      new_hits: 0,
      events: 0,
      changes: 2,
    };
    expect(rescreenSummary(r)).toBe(
      'Re-screened 10 companies (2 against every entry, the others against the 3 added or renamed entries): ' +
        'no new hits, 1 hit carried over with their decisions, 2 band or verdict changes.',
    );
    expect(rescreenSummary({ ...r, companies: 0 })).toBe('No company to screen.');
  });

  it('says why a pack was refused, by the kind of refusal; only an unsigned one may be overridden', () => {
    const refused = (state: string, path: string, allow = false) =>
      recordedRefusal(state, 'import_pack', { path, dryRun: true, allowUnsigned: allow });
    const unsigned = refused('key-trusted', PACK);
    expect(packRefusalReason(unsigned)).toBe(
      'It is not signed, and this database accepts only list packs signed by a key it trusts.',
    );
    expect(unsignedRefused(unsigned)).toBe(true);
    for (const [path, reason] of [
      ['/media/usb/truncated.rbl', /incomplete or damaged/],
      ['/media/usb/altered.rbl', /changed or damaged after it was made/],
      [SIGNED, /a key this database does not trust/],
    ] as const) {
      const e = refused('sample', path);
      expect(packRefusalReason(e)).toMatch(reason);
      expect(unsignedRefused(e)).toBe(false);
    }
    expect(packRefusalReason({ code: 'not_found', message: 'm' })).toBe('The file could not be found.');
    expect(packRefusalReason(new Error('boom'))).toBe('The list pack could not be imported.');
  });
});

describe('Lists screen: list packs', () => {
  beforeEach(async () => {
    resetApi();
    inboxCount.reset();
    vocab.reset();
    await vocab.load();
  });

  async function setup(hit: string | null = null, company: string | null = null) {
    const user = userEvent.setup();
    render(Lists, { company, hit });
    await screen.findAllByTestId('snapshot');
    return user;
  }

  it('exports every current list to the file chosen, and says how big it is', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Export list pack…' }));
    await waitFor(() => expect(fakeApi.exportPack).toHaveBeenCalledWith('riskbrief-lists.rbl'));
    const bytes = recorded<number>('sample', 'export_pack', { path: '/home/analyst/Desktop/riskbrief-lists.rbl' });
    expect(bytes).toBeGreaterThan(1000);
    expect(text(await screen.findByTestId('pack-export-result'))).toBe(
      `List pack written (${formatBytes(bytes)}) to /home/analyst/Desktop/riskbrief-lists.rbl`,
    );
    expect(core.calls.filter((c) => c.cmd === 'plugin:dialog|save').map((c) => c.args.options)).toEqual([
      { defaultPath: 'riskbrief-lists.rbl', filters: [{ name: 'RiskBrief list pack', extensions: ['rbl'] }] },
    ]);
  });

  it('offers no export before a list is imported', async () => {
    resetApi({ state: 'no-lists' });
    render(Lists, { company: null, hit: null });
    expect(await screen.findByText('Import a list before exporting a pack.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export list pack…' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Import list pack…' })).toHaveProperty('disabled', false);
  });

  it('does nothing when the save dialog is cancelled', async () => {
    resetApi({ savePath: null });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Export list pack…' }));
    await waitFor(() => expect(fakeApi.exportPack).toHaveBeenCalled());
    expect(core.calls.some((c) => c.cmd === 'export_pack')).toBe(false);
    expect(screen.queryByTestId('pack-export-result')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('previews a pack first: who made it, unsigned, and per list what would happen; nothing is imported yet', async () => {
    const preview = packOf('sample', PACK, true);
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    const panel = await screen.findByTestId('pack-preview');
    expect(fakeApi.importPack).toHaveBeenCalledTimes(1);
    expect(fakeApi.importPack).toHaveBeenCalledWith(PACK, true, false);
    expect(within(panel).getByRole('heading', { level: 3 }).textContent).toBe('Preview: nothing has been imported yet');
    await waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('heading', { level: 3 })));
    expect(panel.textContent).toContain(PACK);
    expect(text(screen.getByTestId('pack-origin'))).toBe(
      `Made by J. Doe on ${dateTime(preview.created_at)} · Unsigned`,
    );
    expect(
      screen.getAllByTestId('pack-list').map((r) => [...r.querySelectorAll('th, td')].map((c) => text(c))),
    ).toEqual([
      [
        'Entities identified as Chinese military companies (Section 1260H, NDAA FY2021)',
        '8 Jun 2026',
        '214',
        expect.stringMatching(/^Left as it is These files were already imported as the Entities identified/),
      ],
      [
        'FCC Covered List (Secure and Trusted Communications Networks Act)',
        '28 Jul 2026',
        '12',
        expect.stringMatching(/^Left as it is These files were already imported as the FCC Covered List/),
      ],
      [
        'Section 889 of the John S. McCain National Defense Authorization Act for Fiscal Year 2019',
        '13 Aug 2018',
        '5',
        'Would import A list this database does not hold yet.',
      ],
    ]);
    // Nothing was stored: the lists are as they were.
    expect(screen.getAllByTestId('current-snapshots')[0].querySelectorAll('[data-testid="snapshot"]')).toHaveLength(2);
    expect(fakeApi.lists).toHaveBeenCalledTimes(1);
    await user.click(within(panel).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('pack-preview')).toBeNull();
    expect(fakeApi.importPack).toHaveBeenCalledTimes(1);
  });

  it('imports with the progress bar, then says what each list got, and reloads the lists, hits and inbox count', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    await screen.findByTestId('pack-preview');
    let finish!: () => void;
    fakeApi.importPack.mockImplementationOnce(async (path, dryRun, allowUnsigned) => {
      await new Promise<void>((ok) => (finish = ok));
      return (await core.invoke('import_pack', { path, dryRun, allowUnsigned })) as PackOutcome;
    });
    await user.click(screen.getByRole('button', { name: 'Import 1 list' }));
    await waitFor(() => expect(core.listening('list-progress')).toBe(true));
    core.emit('list-progress', { phase: 'storing', done: 3, total: 5 });
    const bar = await screen.findByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('60'));
    expect(text(screen.getByTestId('pack-progress'))).toBe('Importing the pack · Storing entries: 3 of 5');
    expect(screen.getByRole('button', { name: 'Importing…' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Import list pack…' })).toHaveProperty('disabled', true);
    finish();

    const result = await screen.findByTestId('pack-result');
    expect(fakeApi.importPack).toHaveBeenLastCalledWith(PACK, false, false);
    expect(core.listening('list-progress')).toBe(false);
    expect(within(result).getByRole('heading', { level: 3 }).textContent!.trim()).toBe(
      'Imported 1 list from riskbrief-lists.rbl',
    );
    await waitFor(() => expect(document.activeElement).toBe(within(result).getByRole('heading', { level: 3 })));
    expect(text(resultOf('ndaa_889'))).toBe(
      'Section 889 of the John S. McCain National Defense Authorization Act for Fiscal Year 2019 as of 13 Aug 2018 ' +
        'First snapshot. Re-screened 10 companies against every entry: 5 new hits.',
    );
    expect(text(resultOf('dod_1260h'))).toMatch(/Left as it is: These files were already imported/);
    const after = recordedRead<unknown[]>('pack-imported', 'inbox', { all: false }).length;
    await waitFor(() =>
      expect(text(screen.getByTestId('pack-inbox'))).toBe(
        `5 new hits raised. See the Inbox (${after} awaiting a decision).`,
      ),
    );
    expect(within(screen.getByTestId('pack-inbox')).getByRole('link').getAttribute('href')).toBe('#/inbox');
    // The new list is current; its hits are under review.
    await waitFor(() =>
      expect(
        within(screen.getByTestId('current-snapshots'))
          .getAllByTestId('snapshot')
          .map((r) => r.dataset.list),
      ).toEqual(
        snapshotsOf('pack-imported')
          .filter((s) => !s.replaced_at)
          .map((s) => s.list),
      ),
    );
    const hits = recordedRead<ScreeningHit[]>('pack-imported', 'hits', { company: null, status: null });
    await waitFor(() => expect(screen.getAllByTestId('hit')).toHaveLength(hits.length));
    expect(inboxCount.open).toBe(after);
    await user.click(within(result).getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('pack-result')).toBeNull();
  });

  it('a pack replacing an older snapshot: the preview says so; the result gives what changed and the hits carried', async () => {
    resetApi({ state: 'fcc-2022' });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    await screen.findByTestId('pack-preview');
    expect(text(within(row('fcc_covered')).getByTestId('pack-list-action'))).toBe(
      'Would import Replaces the current snapshot of 20 Sep 2022.',
    );
    await user.click(screen.getByRole('button', { name: 'Import 3 lists' }));
    await screen.findByTestId('pack-result');
    expect(text(resultOf('fcc_covered'))).toContain(
      '+2 added / −0 removed since the previous snapshot. Re-screened 10 companies against the 2 added or renamed entries: 1 new hit, 6 hits carried over with their decisions, 1 other event.',
    );
    await waitFor(() =>
      expect(text(screen.getByTestId('pack-inbox'))).toMatch(/^12 new hits and 1 other event raised\./),
    );
  });

  it('an unsigned pack refused where keys are trusted can be imported anyway, only after the refusal', async () => {
    resetApi({ state: 'key-trusted' });
    const user = await setup();
    // Nothing offers to accept unsigned packs before one was refused.
    expect(screen.queryByRole('button', { name: /unsigned/i })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    const refusal = await screen.findByTestId('pack-error');
    const error = recordedRefusal('key-trusted', 'import_pack', { path: PACK, dryRun: true, allowUnsigned: false });
    expect(refusal.getAttribute('role')).toBe('alert');
    expect(within(refusal).getByRole('heading').textContent!.trim()).toBe('List pack refused: nothing was imported');
    expect(refusal.textContent).toContain(
      'It is not signed, and this database accepts only list packs signed by a key it trusts.',
    );
    expect(refusal.querySelector('.message')!.textContent).toBe(error.message);
    expect(error.message.startsWith(`${PACK}: `)).toBe(true);
    const anyway = within(refusal).getByRole('button', { name: 'Import unsigned anyway…' });
    expect(anyway.getAttribute('aria-describedby')).toBe('pack-unsigned-hint');
    expect(document.getElementById('pack-unsigned-hint')!.textContent).toMatch(/Import it only if you know where/);
    await user.click(anyway);
    const panel = await screen.findByTestId('pack-preview');
    expect(fakeApi.importPack).toHaveBeenLastCalledWith(PACK, true, true);
    expect(text(screen.getByTestId('pack-origin'))).toMatch(
      /· Unsigned — accepted because you chose to import it anyway$/,
    );
    expect(screen.queryByTestId('pack-error')).toBeNull();
    await user.click(within(panel).getByRole('button', { name: 'Import 1 list' }));
    await screen.findByTestId('pack-result');
    expect(fakeApi.importPack).toHaveBeenLastCalledWith(PACK, false, true);
  });

  it('a signed pack says who signed it; the next pack is checked without the override', async () => {
    resetApi({ state: 'key-trusted', packPath: SIGNED });
    const signed = packOf('key-trusted', SIGNED, true);
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    await screen.findByTestId('pack-preview');
    expect(text(screen.getByTestId('pack-origin'))).toBe(`${madeBy(signed)} · ${signerText(signed)}`);
    expect(signerText(signed)).toMatch(/^Signed by list-desk \(/);
    expect(fakeApi.importPack).toHaveBeenCalledWith(SIGNED, true, false);
  });

  it('refuses damaged packs and packs signed by an unknown key, in the core’s words, with no override', async () => {
    for (const path of ['/media/usb/truncated.rbl', '/media/usb/altered.rbl', SIGNED]) {
      resetApi({ packPath: path });
      const user = await setup();
      await user.click(screen.getAllByRole('button', { name: 'Import list pack…' }).at(-1)!);
      const refusal = await screen.findByTestId('pack-error');
      const error = recordedRefusal('sample', 'import_pack', { path, dryRun: true, allowUnsigned: false });
      expect(refusal.textContent).toContain(packRefusalReason(error));
      expect(refusal.querySelector('.message')!.textContent).toBe(error.message);
      expect(within(refusal).queryByRole('button', { name: /unsigned/ })).toBeNull();
      expect(screen.queryByTestId('pack-preview')).toBeNull();
      document.body.innerHTML = '';
    }
  });

  it('leaves everything as it was when the open dialog is cancelled', async () => {
    resetApi({ packPath: null });
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    await waitFor(() => expect(fakeApi.choosePackToImport).toHaveBeenCalled());
    expect(fakeApi.importPack).not.toHaveBeenCalled();
    expect(screen.queryByTestId('pack-preview')).toBeNull();
    expect(screen.queryByTestId('pack-error')).toBeNull();
  });
});

describe('Lists screen: an inbox event’s evidence', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('brings the hit into view and focuses it', async () => {
    const hits = recordedRead<ScreeningHit[]>('sample', 'hits', { company: 'zte', status: null });
    const current = hits.find(
      (h) => h.snapshot_id === fixtures.lists.snapshots.find((s) => s.list === 'fcc_covered' && !s.replaced_at)!.id,
    )!;
    render(Lists, { company: 'zte', hit: current.id });
    await waitFor(() =>
      expect(document.activeElement).toBe(document.querySelector(`[data-hit-id="${current.id}"]`)!.querySelector('h3')),
    );
    expect(document.querySelector(`[data-hit-id="${current.id}"]`)!.classList.contains('jumped')).toBe(true);
  });

  it('shows a reviewed hit under its own status', async () => {
    resetApi({ state: 'kaspersky-dismissed' });
    const dismissed = recordedRead<ScreeningHit[]>('kaspersky-dismissed', 'hits', {
      company: 'kaspersky',
      status: null,
    }).find((h) => h.status === 'dismissed')!;
    render(Lists, { company: 'kaspersky', hit: dismissed.id });
    await waitFor(() => expect(screen.getByRole('radio', { name: /^Dismissed/ })).toHaveProperty('checked', true));
    const card = document.querySelector<HTMLElement>(`[data-hit-id="${dismissed.id}"]`)!;
    await waitFor(() => expect(document.activeElement).toBe(card.querySelector('h3')));
    expect(card.dataset.status).toBe('dismissed');
  });

  it('says when the hit is no longer kept', async () => {
    render(Lists, { company: null, hit: '00000000-0000-7000-8000-000000000000' });
    expect((await screen.findByTestId('jump-notice')).textContent).toMatch(/no longer kept/);
  });
});
