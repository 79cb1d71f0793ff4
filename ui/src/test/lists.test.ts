import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ListSnapshot } from '$lib/bindings/ListSnapshot';
import type { ScreeningHit } from '$lib/bindings/ScreeningHit';
import {
  addFiles,
  agreementText,
  asOfFromText,
  bestMatch,
  changeSummary,
  checkImport,
  confirmMessage,
  explainMatch,
  formatBytes,
  guessFormat,
  hitCounts,
  importProblem,
  isDay,
  listKeyShown,
  moveItem,
  needsAsOf,
  ofacRole,
  orderOfacFiles,
  otherMatches,
  plural,
  progressPercent,
  progressStep,
  progressText,
  screenSummary,
  sortHits,
  splitSnapshots,
  truncate,
} from '$lib/lists';
import { shortUrl } from '$lib/format';
import { vocab } from '$lib/vocab.svelte';
import type { ImportOutcome } from '$lib/bindings/ImportOutcome';
import type { CompanyView } from '$lib/bindings/CompanyView';
import type { ScreenOutcome } from '$lib/bindings/ScreenOutcome';
import { dateTime } from '$lib/format';
import { core, fakeApi, fixtures, recorded, recordedRead, recordedRefusal, resetApi } from './fake-api';
import Lists from '../screens/Lists.svelte';
import Company from '../screens/Company.svelte';

const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const D = '/home/analyst/Downloads/ofac';
/** What the CLI found screening every company against the two lists of the starting state, at 85. */
const screenedAll = () => recorded<ScreenOutcome>('sample', 'screen', { company: null, threshold: 85 }).hits;

describe('list files', () => {
  it('tells the OFAC files apart by name', () => {
    expect(ofacRole(`${D}/sdn.csv`)).toBe('sdn');
    expect(ofacRole('C:\\lists\\ofac-alt-2023-03-01.csv')).toBe('alt');
    expect(ofacRole('add.csv')).toBe('add');
    expect(ofacRole('addresses.csv')).toBeNull();
    expect(ofacRole('sdn_advanced.xml')).toBe('sdn');
    expect(ofacRole('list.csv')).toBeNull();
  });

  it('puts OFAC files in the order the core reads them, unknown names last in their order', () => {
    expect(orderOfacFiles([`${D}/add.csv`, `${D}/x.csv`, `${D}/sdn.csv`, `${D}/alt.csv`, `${D}/y.csv`])).toEqual([
      `${D}/sdn.csv`,
      `${D}/alt.csv`,
      `${D}/add.csv`,
      `${D}/x.csv`,
      `${D}/y.csv`,
    ]);
  });

  it('adds OFAC files to those chosen, once and in order; other formats take the new file', () => {
    expect(addFiles('ofac', [`${D}/sdn.csv`], [`${D}/add.csv`, `${D}/sdn.csv`, `${D}/alt.csv`])).toEqual([
      `${D}/sdn.csv`,
      `${D}/alt.csv`,
      `${D}/add.csv`,
    ]);
    expect(addFiles('fcc_covered', ['/a/old.csv'], ['/a/fcc.csv'])).toEqual(['/a/fcc.csv']);
    expect(addFiles('fcc_covered', [], ['/a/1.csv', '/a/2.csv', '/a/1.csv'])).toEqual(['/a/1.csv', '/a/2.csv']);
  });

  it('moves a file up or down', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a'], 3, 0)).toEqual(['a']);
  });

  it('guesses the format from the file name', () => {
    expect(guessFormat('/x/ofac-sdn-2023-03-01.csv')).toBe('ofac');
    expect(guessFormat('/x/sdn.csv')).toBe('ofac');
    expect(guessFormat('/x/dod-1260h-chinese-military-companies.csv')).toBe('dod_1260h');
    expect(guessFormat('/x/fcc-covered-list.csv')).toBe('fcc_covered');
    expect(guessFormat('/x/ndaa-section-889.csv')).toBe('ndaa_889');
    expect(guessFormat('/x/bis-military-end-user-sample.csv')).toBe('bis_meu');
    expect(guessFormat('/x/opensanctions-entities-ftm-sample.jsonl')).toBe('opensanctions_ftm');
    expect(guessFormat('/x/opensanctions-targets-simple-sample.csv')).toBe('opensanctions_csv');
    expect(guessFormat('/x/consolidated.csv')).toBe('csl');
    expect(guessFormat('/x/suppliers.csv')).toBeNull();
  });

  it('checks an import before it is sent', () => {
    expect(checkImport('', [], '')).toEqual({
      format: 'Choose the format of the files.',
      files: 'Choose the list file.',
    });
    expect(checkImport('ofac', [], '')).toEqual({ files: 'Choose the list files: sdn.csv, then alt.csv and add.csv.' });
    expect(checkImport('ofac', ['/x/alt.csv', '/x/sdn.csv'], '').files).toMatch(/^Put sdn\.csv first/);
    expect(checkImport('ofac', ['/x/sdn.csv', '/x/alt.csv', '/x/add.csv'], '2023-03-01')).toEqual({});
    expect(checkImport('fcc_covered', ['/x/a.csv', '/x/b.csv'], '').files).toBe(
      'This format takes one file; remove the other.',
    );
    expect(checkImport('fcc_covered', ['/x/a.csv'], '2023-02-30')).toEqual({ as_of: 'Use a full date: YYYY-MM-DD.' });
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2023-03')).toBe(false);
  });

  it('says why an import was refused, by the kind of refusal', () => {
    const noDate = {
      code: 'validation' as const,
      kind: 'no_date' as const,
      message: "sdn.csv: the file carries no date; give the list's as-of date",
    };
    expect(needsAsOf(noDate)).toBe(true);
    expect(importProblem(noDate)).toMatch(/carries no date/);
    // The words alone decide nothing: without the kind, a message about dates is just a message.
    expect(needsAsOf({ code: 'validation', message: noDate.message })).toBe(false);
    const bad = { code: 'validation' as const, message: 'sdn.csv: line 12, field ent_num: "x" is not a number' };
    expect(needsAsOf(bad)).toBe(false);
    expect(importProblem(bad)).toMatch(/names the file, line and field/);
    expect(importProblem({ code: 'conflict', kind: 'already_imported', message: 'm' })).toBe(
      'These files were already imported.',
    );
    expect(importProblem({ code: 'conflict', kind: 'older_snapshot', message: 'm' })).toMatch(/older than/);
    expect(importProblem({ code: 'validation', kind: 'no_entries', message: 'm' })).toMatch(/No list entries/);
    expect(importProblem({ code: 'validation', kind: 'truncated', message: 'm' })).toMatch(/cut off/);
    expect(importProblem({ code: 'io', path: '/x', message: 'm' })).toBe('The file could not be read.');
    expect(importProblem(new Error('boom'))).toBe('The import failed.');
  });
});

describe('import progress', () => {
  it('is a whole percentage of the phase', () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ phase: 'reading', done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ phase: 'reading', done: 1_000_000, total: 4_645_752 })).toBe(21);
    expect(progressPercent({ phase: 'storing', done: 11_853, total: 11_853 })).toBe(100);
    expect(progressPercent({ phase: 'storing', done: 20, total: 10 })).toBe(100);
  });

  it('words the phase: bytes while reading, entries while storing', () => {
    expect(progressText(null)).toBe('Starting…');
    expect(progressText({ phase: 'reading', done: 1_200_000, total: 4_645_752 })).toBe(
      'Reading the files: 1.2 MB of 4.6 MB',
    );
    expect(progressText({ phase: 'storing', done: 5000, total: 11_853 })).toBe('Storing entries: 5,000 of 11,853');
    expect(progressStep({ phase: 'reading', done: 1, total: 2 })).toBe('Step 1 of 2');
    expect(progressStep({ phase: 'storing', done: 1, total: 2 })).toBe('Step 2 of 2');
    expect([1, 512, 1378, 125_777, 2_928_421].map(formatBytes)).toEqual([
      '1 byte',
      '512 bytes',
      '1.4 KB',
      '126 KB',
      '2.9 MB',
    ]);
  });
});

describe('snapshots and screening in words', () => {
  const [dod, fcc, fccOld] = fixtures.lists.snapshots;

  it('splits current and earlier snapshots and says what changed', () => {
    expect(splitSnapshots(fixtures.lists.snapshots)).toEqual({ current: [dod, fcc], earlier: [fccOld] });
    expect(changeSummary(fcc)).toBe('+2 added / −0 removed since the previous snapshot');
    expect(changeSummary(dod)).toBe('first snapshot');
    expect(changeSummary({ ...fcc, added: 1234, removed: 1 } as ListSnapshot)).toBe(
      '+1,234 added / −1 removed since the previous snapshot',
    );
    expect(asOfFromText('given')).toBe('the date you gave');
    expect(asOfFromText('the file name')).toBe('the file name');
  });

  it('sums up a screening', () => {
    const outcome = { companies: 9, snapshots: [dod, fcc, fccOld], new_hits: 2, hits: [] };
    expect(screenSummary(outcome)).toBe('Screened 9 companies against 3 lists: 2 new hits.');
    expect(screenSummary({ ...outcome, companies: 1, snapshots: [dod], new_hits: 1 })).toBe(
      'Screened 1 company against 1 list: 1 new hit.',
    );
    expect(screenSummary({ ...outcome, new_hits: 0 })).toBe('Screened 9 companies against 3 lists: no new hits.');
    expect(plural(11853, 'entry', 'entries')).toBe('11,853 entries');
  });

  it('explains a match by the words that agreed', () => {
    expect(agreementText({ query: 'huawei', entry: 'huawei', similarity: 100 })).toBe('huawei = huawei');
    expect(agreementText({ query: 'kasperskogo', entry: 'kaspersky', similarity: 90 })).toBe(
      'kasperskogo ≈ kaspersky (90%)',
    );
    expect(agreementText({ query: 'technology', entry: 'technologies', similarity: 100 })).toBe(
      'technology ≈ technologies (100%)',
    );
    const holding = screenedAll().find((h) => h.entry_name === 'Huawei Investment & Holding Co., Ltd.')!;
    expect(bestMatch(holding)).toEqual({
      query_name: 'Huawei',
      entry_name: 'Huawei Holding',
      score: 100,
      agreed: [{ query: 'huawei', entry: 'huawei', similarity: 100 }],
    });
    expect(explainMatch(bestMatch(holding)!)).toBe('Agreed: huawei = huawei');
    expect(otherMatches(holding).map((m) => m.score)).toEqual([97, 85, 85]);
    expect(explainMatch({ query_name: 'a', entry_name: 'b', score: 0, agreed: [] })).toBe('No word agreed.');
  });

  it('counts and orders hits: open first, best score first', () => {
    const hits = screenedAll();
    expect(hits).toHaveLength(13);
    const reviewed: ScreeningHit[] = hits.map((h, i) =>
      i === 0 ? { ...h, status: 'dismissed' } : i === 1 ? { ...h, status: 'confirmed' } : h,
    );
    expect(hitCounts(reviewed)).toEqual({ open: 11, confirmed: 1, dismissed: 1, all: 13 });
    const sorted = sortHits(reviewed);
    expect(sorted.slice(0, 11).every((h) => h.status === 'open')).toBe(true);
    expect(sorted.slice(0, 11).map((h) => h.score)).toEqual(
      [...sorted.slice(0, 11).map((h) => h.score)].sort((a, b) => b - a),
    );
    expect(sorted.at(-1)!.score).toBeGreaterThan(0);
  });

  it('cuts long remarks at a word, and shortens long addresses', () => {
    expect(truncate('short', 10)).toEqual({ text: 'short', cut: false });
    expect(truncate('Video surveillance and telecommunications equipment produced by Hytera', 45)).toEqual({
      text: 'Video surveillance and telecommunications…',
      cut: true,
    });
    expect(shortUrl('https://www.fcc.gov/supplychain/coveredlist')).toBe('fcc.gov/…/coveredlist');
    expect(shortUrl('https://www.congress.gov/115/plaws/publ232/PLAW-115publ232.pdf')).toBe(
      'congress.gov/…/PLAW-115publ232.pdf',
    );
    expect(
      shortUrl(
        'https://media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES-IN-ACCORDANCE-WITH-SECTION-1260H.PDF',
      ),
    ).toBe('media.defense.gov/…/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COM….PDF');
    expect(shortUrl('not a url')).toBe('not a url');
  });

  it('shows a list’s own ids, not keys made from the name', () => {
    expect(listKeyShown({ entry_key: 'huawei technologies company', entry_name: 'Huawei  Technologies Company' })).toBe(
      false,
    );
    expect(listKeyShown({ entry_key: '36', entry_name: 'AEROCARIBBEAN AIRLINES' })).toBe(true);
  });

  it('says what confirming records', () => {
    const h = screenedAll()[0];
    expect(confirmMessage(h, 'Huawei', '2026-07-28')).toMatch(
      /^This records a “Listed” designation for Huawei, citing the .* snapshot of 28 Jul 2026 \(entry “/,
    );
  });
});

describe('Lists screen', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  async function setup(company: string | null = null) {
    const user = userEvent.setup();
    render(Lists, { company });
    await screen.findAllByTestId('snapshot');
    return user;
  }

  it('shows current snapshots, then the earlier ones, and the entries a snapshot changed', async () => {
    const user = await setup();
    const current = within(screen.getByTestId('current-snapshots')).getAllByTestId('snapshot');
    expect(current.map((r) => r.dataset.list)).toEqual(['dod_1260h', 'fcc_covered']);
    expect(text(within(current[1]).getByTestId('snapshot-changes'))).toMatch(/^\+2 added \/ −0 removed/);
    expect(text(within(screen.getByTestId('earlier-snapshots')).getByTestId('snapshot'))).toContain('20 Sep 2022');
    await user.click(within(current[1]).getByRole('button', { name: /^Show entries/ }));
    const changes = await screen.findByTestId('list-changes');
    expect(fakeApi.listChanges).toHaveBeenCalledWith(
      fixtures.lists.snapshots.find((s) => s.list === 'fcc_covered' && !s.replaced_at)!.id,
    );
    expect(within(changes).getAllByRole('heading').map(text)).toEqual(['Added (2)', 'Removed (0)']);
    expect(within(changes).getAllByRole('listitem').map(text)).toEqual([
      'Digitalsystem Technology Inc.',
      'Kaspersky Lab, Inc.',
    ]);
  });

  it('imports with a progress bar; a missing date is asked for', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'Choose files…' }));
    expect((screen.getByLabelText('Format') as HTMLSelectElement).value).toBe('ndaa_889');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const refusal = await screen.findByTestId('list-import-error');
    expect(refusal.querySelector('.message')!.textContent).toBe(
      "/home/analyst/Downloads/lists/ndaa-section-889.csv: the file carries no date; give the list's as-of date",
    );
    const asOf = screen.getByLabelText('As of (optional)');
    await waitFor(() => expect(document.activeElement).toBe(asOf));
    expect(asOf.getAttribute('aria-invalid')).toBe('true');

    // The import waits for the test: the progress shown is what the shell sends meanwhile.
    let finish!: () => void;
    fakeApi.importList.mockImplementationOnce(async (request) => {
      await new Promise<void>((ok) => (finish = ok));
      return (await core.invoke('import_list', { request })) as ImportOutcome;
    });
    await user.type(asOf, '2018-08-13');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(core.listening('list-progress')).toBe(true));
    core.emit('list-progress', { phase: 'reading', done: 689, total: 1378 });
    const bar = await screen.findByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'));
    expect(text(screen.getByTestId('list-progress'))).toBe('Step 1 of 2 · Reading the files: 689 bytes of 1.4 KB');
    core.emit('list-progress', { phase: 'storing', done: 5, total: 5 });
    await waitFor(() =>
      expect(text(screen.getByTestId('list-progress'))).toBe('Step 2 of 2 · Storing entries: 5 of 5'),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    finish();
    const result = await screen.findByTestId('list-import-result');
    expect(text(result)).toContain(
      '5 entries as of 13 Aug 2018 (date from the date you gave). The first snapshot of this list.',
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(core.listening('list-progress')).toBe(false);
    expect(fakeApi.importList).toHaveBeenLastCalledWith({
      format: 'ndaa_889',
      paths: ['/home/analyst/Downloads/lists/ndaa-section-889.csv'],
      as_of: '2018-08-13',
    });
    expect(fakeApi.lists).toHaveBeenCalledTimes(2);
  });

  it('lists the hits the imports found, with their scores and agreed words; screening again finds none new', async () => {
    // A list import screens every company: the starting state's two imports found these hits.
    const found = recordedRead<ScreeningHit[]>('sample', 'hits', { company: null, status: null });
    const user = await setup();
    const hits = await screen.findAllByTestId('hit');
    expect(hits).toHaveLength(found.filter((h) => h.status === 'open').length);
    expect(screen.queryByTestId('no-hits')).toBeNull();
    const huawei = hits.find(
      (h) =>
        h.querySelector('h3')!.textContent!.replace(/\s+/g, ' ').trim() ===
        'Huawei matched Huawei Technologies Company',
    )!;
    expect(within(within(huawei).getByTestId('hit-score')).getByText('Match score 100 of 100')).toBeTruthy();
    expect(within(within(huawei).getByTestId('hit-tokens')).getAllByRole('listitem').map(text)).toEqual([
      'huawei = huawei',
      'co = co',
      'technologies = technologies',
    ]);
    expect(screen.getByRole('radio', { name: /Awaiting review/ })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('button', { name: 'Screen all companies' }));
    expect((await screen.findByTestId('screen-result')).textContent).toBe(
      'Screened 10 companies against 2 lists: no new hits.',
    );
    expect(fakeApi.screen).toHaveBeenCalledWith(null, 85);
    expect(screen.getAllByTestId('hit')).toHaveLength(hits.length);
  });

  it('refuses a dismissal without a reason, and moves a dismissed hit to Dismissed', async () => {
    resetApi({ state: 'screened' });
    const user = await setup('kaspersky');
    // AO Kaspersky Lab and Kaspersky Lab, Inc., both on the current FCC snapshot (hits on the snapshot it
    // replaced are not listed).
    await waitFor(() => expect(screen.getAllByTestId('hit')).toHaveLength(2));
    expect(fakeApi.hits).toHaveBeenCalledWith('kaspersky', null);
    const inc = screen.getByRole('article', { name: 'AO Kaspersky Lab matched Kaspersky Lab, Inc.' });
    // The hit names the regime of its list, from the core's vocabulary.
    expect(within(inc).getByTitle('Regime').textContent).toBe('US');
    await user.click(within(inc).getByRole('button', { name: /^Dismiss…/ }));
    const reason = within(inc).getByLabelText('Why is this not a match?');
    expect(document.activeElement).toBe(reason);
    await user.click(within(inc).getByRole('button', { name: 'Dismiss hit' }));
    expect(within(inc).getByRole('alert').textContent).toBe(
      'Say why this is not a match: the reason is kept with the hit.',
    );
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(reason.getAttribute('aria-describedby')).toContain('-reason-error');
    expect(fakeApi.reviewHit).not.toHaveBeenCalled();
    await user.type(reason, 'The U.S. subsidiary, not the company reviewed.');
    await user.click(within(inc).getByRole('button', { name: 'Dismiss hit' }));
    await waitFor(() => expect(screen.getAllByTestId('hit')).toHaveLength(1));
    expect(fakeApi.reviewHit).toHaveBeenCalledWith({
      hit_id: expect.any(String),
      decision: 'dismiss',
      reason: 'The U.S. subsidiary, not the company reviewed.',
    });
    expect(screen.getByTestId('review-announcement').textContent).toContain('Dismissed the hit on Kaspersky Lab, Inc.');
    await user.click(screen.getByRole('radio', { name: /^Dismissed/ }));
    const dismissed = screen.getByTestId('hit');
    const review = (await fakeApi.reviewHit.mock.results[0].value) as ScreeningHit;
    expect(text(within(dismissed).getByTestId('hit-reviewed'))).toBe(
      `Dismissed by A. Analyst, ${dateTime(review.reviewed_at!)}: The U.S. subsidiary, not the company reviewed.`,
    );
  });

  it('confirms a hit after asking, and shows where the designation is', async () => {
    resetApi({ state: 'screened' });
    const zte = screenedAll().filter((h) => h.company_id === fixtures.companies.zte.data.company.id);
    const user = await setup('zte');
    // The hit on the current FCC snapshot (the one found before, on the snapshot it replaced, is not listed).
    await screen.findAllByTestId('hit');
    const card = document.querySelector<HTMLElement>(`[data-testid="hit"][data-hit-id="${zte[0].id}"]`)!;
    expect(card.textContent).toContain('snapshot of 28 Jul 2026');
    await user.click(within(card).getByRole('button', { name: /^Confirm…/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Confirm this match?' });
    expect(dialog.textContent).toContain(
      'This records a “Listed” designation for ZTE Corporation, citing the FCC Covered List',
    );
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: record as listed' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(fakeApi.reviewHit).toHaveBeenCalledWith({ hit_id: zte[0].id, decision: 'confirm' });
    await waitFor(() => expect(screen.getAllByTestId('hit')).toHaveLength(1));
    expect(text(screen.getByTestId('hits-count'))).toBe('1 hit awaiting review for ZTE Corporation');
    await user.click(screen.getByRole('radio', { name: /^Confirmed/ }));
    const confirmed = screen.getByTestId('hit');
    expect(text(within(confirmed).getByTestId('hit-reviewed'))).toMatch(/^Confirmed by A\. Analyst/);
    expect(within(confirmed).getByRole('link', { name: 'See it on ZTE Corporation’s page' }).getAttribute('href')).toBe(
      '#/company/zte',
    );
  });

  it('shows a review the core refused', async () => {
    // Someone else reviewed the hit meanwhile (from the CLI): the core's refusal when the hit is no longer open.
    resetApi({ state: 'screened' });
    const zte = screenedAll().filter((h) => h.company_id === fixtures.companies.zte.data.company.id);
    const refusal = recordedRefusal('zte-confirmed', 'review_hit', {
      request: { hit_id: zte[0].id, decision: 'dismiss', reason: 'Duplicate' },
    });
    fakeApi.reviewHit.mockRejectedValueOnce(refusal);
    const user = await setup('zte');
    await screen.findAllByTestId('hit');
    const card = document.querySelector<HTMLElement>(`[data-testid="hit"][data-hit-id="${zte[0].id}"]`)!;
    await user.click(within(card).getByRole('button', { name: /^Dismiss…/ }));
    await user.type(within(card).getByLabelText('Why is this not a match?'), 'Duplicate');
    await user.click(within(card).getByRole('button', { name: 'Dismiss hit' }));
    expect((await within(card).findByRole('alert')).textContent).toBe(refusal.message);
  });
});

describe('Company page: list screening', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('shows the screenings the list imports made, screens it again now and shows the result', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'huawei' });
    const panel = await screen.findByTestId('screening-panel');
    // Importing a list screens every company: Huawei was screened against both current lists.
    expect(within(panel).queryByTestId('not-screened')).toBeNull();
    expect(
      within(panel).getByRole('link', { name: 'Review Huawei’s hits (3 awaiting review)' }).getAttribute('href'),
    ).toBe('#/lists?company=huawei');
    await user.click(within(panel).getByRole('button', { name: 'Screen now' }));
    expect(fakeApi.screen).toHaveBeenCalledWith('huawei', null);
    await waitFor(() => expect(screen.getByTestId('announcement').textContent).not.toBe(''));
    const table = within(panel).getByTestId('screenings-table');
    // The screenings as the core keeps them after the CLI screened Huawei.
    const after = recordedRead<CompanyView>('huawei-screened', 'company', { reference: 'huawei', asOf: null }).data
      .screenings;
    const fcc = after.find((x) => x.list_title.startsWith('FCC'))!;
    const row = within(table)
      .getAllByRole('row')
      .find((r) => r.textContent!.includes('FCC Covered List'))!;
    await waitFor(() =>
      expect([...row.querySelectorAll('th, td')].map(text)).toEqual([
        'FCC Covered List (Secure and Trusted Communications Networks Act) (US)',
        '28 Jul 2026',
        '12',
        dateTime(fcc.screened_at),
        '85',
        '1 awaiting review · 0 confirmed · 0 dismissed',
      ]),
    );
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('announcement').textContent).toMatch(
      /^Screened Huawei against 2 lists: no new hits\. Score unchanged at \d+\.$/,
    );
    expect(within(panel).getByRole('link', { name: 'Review Huawei’s hits (3 awaiting review)' })).toBeTruthy();
  });

  it('says what to do when no list is imported', async () => {
    resetApi({ state: 'no-lists' });
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    const panel = await screen.findByTestId('screening-panel');
    expect(within(panel).getByTestId('not-screened').textContent).toBe('Not yet screened against any imported list.');
    await user.click(within(panel).getByRole('button', { name: 'Screen now' }));
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toContain('The company was not screened: no list has been imported yet');
    expect(within(alert).getByRole('link', { name: 'Import a list' }).getAttribute('href')).toBe('#/lists');
  });
});
