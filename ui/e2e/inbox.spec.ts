// The inbox and list packs: events raised by list imports, acknowledged and assigned (the core's
// refusal of a blank assignee shown at the field), shown again with "Show acknowledged", the count in
// the sidebar; a list pack previewed, imported with progress, refused and imported unsigned anyway.
// Against the built UI over the fake core (src/test/fake-core.ts), which replays what the CLI recorded.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { calls, checkRecorded, expectNoErrors, openApp, recordedRead, shot } from './helpers';

checkRecorded();

type Event = { id: string; title: string; status: string; hit_id: string | null; note: string | null };
const inboxOf = (state: string, all = false) => recordedRead<Event[]>(state, 'inbox', { all });
const PACK = '/home/analyst/Downloads/riskbrief-lists.rbl';
const KASPERSKY = 'AO Kaspersky Lab ≈ Kaspersky Lab, Inc.';
const ZTE = 'ZTE Corporation ≈ ZTE Corporation on the FCC';
const NOTE = 'The U.S. subsidiary, not the company reviewed; the hit is dismissed.';

const event = (page: Page, title: string) =>
  page.getByTestId('event').filter({ has: page.getByRole('heading', { name: title }) });
const navInbox = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbox/ });

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(
    result.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
    'axe-core violations',
  ).toEqual([]);
}

test('inbox: events with their links; assign (a blank name refused at the field), acknowledge by keyboard, show acknowledged', async ({
  page,
}) => {
  const open = inboxOf('sample');
  const errors = await openApp(page, '#/portfolio');
  await expect(page.getByTestId('inbox-count')).toHaveText(String(open.length));
  await expect(navInbox(page)).toHaveAccessibleName(`Inbox (${open.length} events awaiting a decision)`);
  await navInbox(page).click();
  await expect(page).toHaveURL(/#\/inbox$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
  expect(await page.title()).toBe('Inbox · RiskBrief');
  await expect(navInbox(page)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('event')).toHaveCount(open.length);
  await expect(page.getByTestId('inbox-summary')).toHaveText(`${open.length} events awaiting a decision`);
  await expect(page.getByTestId('event').first().getByTestId('event-kind')).toHaveText('New possible match');
  expect(await calls(page, 'inbox')).toContainEqual({ all: false });

  // Assign: the core refuses a blank name, at the field.
  const zte = event(page, ZTE);
  await zte.getByRole('button', { name: /^Assign…/ }).click();
  const assignee = zte.getByLabel('Assign to');
  await expect(assignee).toBeFocused();
  await zte.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(zte.getByRole('alert')).toHaveText('Say who the event is assigned to');
  await expect(assignee).toHaveAttribute('aria-invalid', 'true');
  await expect(assignee).toHaveAttribute('aria-describedby', /-assignee-hint .*-assignee-error$/);
  await expect(assignee).toBeFocused();
  await zte.getByRole('button', { name: 'Cancel' }).click();
  await expect(zte.getByRole('button', { name: /^Assign…/ })).toBeFocused();

  // Acknowledge with a note, by keyboard only.
  const kaspersky = event(page, KASPERSKY);
  await kaspersky.getByRole('button', { name: /^Acknowledge…/ }).focus();
  await page.keyboard.press('Enter');
  const note = kaspersky.getByLabel('Note (optional)');
  await expect(note).toBeFocused();
  await page.keyboard.type(NOTE);
  await page.keyboard.press('Tab');
  await expect(kaspersky.getByRole('button', { name: 'Acknowledge', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event')).toHaveCount(open.length - 1);
  await expect(kaspersky).toHaveCount(0);
  await expect(page.getByTestId('inbox-count')).toHaveText(String(open.length - 1));
  await expect(page.getByTestId('inbox-announcement')).toContainText(`Acknowledged: ${KASPERSKY}`);
  await expect(page.getByTestId('event').first().getByRole('heading')).toBeFocused();

  // Then assigned for real: it stays, marked, with who and when.
  await zte.getByRole('button', { name: /^Assign…/ }).click();
  await zte.getByLabel('Assign to').fill('J. Doe');
  await zte.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(zte.getByTestId('event-status')).toHaveText('Assigned');
  await expect(zte.getByTestId('event-decision')).toHaveText(
    /^Assigned to J\. Doe by A\. Analyst, \d+ \w+ \d{4}, \d\d:\d\d$/,
  );
  await expect(page.getByTestId('event')).toHaveCount(open.length - 1);
  await expect(page.getByTestId('inbox-count')).toHaveText(String(open.length - 1));
  const decisions = (await calls(page, 'decide_event')).map((c) => c.request);
  expect(decisions).toEqual([
    { event_id: expect.any(String), decision: 'assign', assignee: '' },
    { event_id: expect.any(String), decision: 'acknowledge', note: NOTE },
    { event_id: expect.any(String), decision: 'assign', assignee: 'J. Doe' },
  ]);

  // Show acknowledged: the acknowledged event comes back with who, when and the note; no actions.
  await page.getByLabel('Show acknowledged').check();
  await expect(page.getByTestId('event')).toHaveCount(open.length);
  const done = event(page, KASPERSKY);
  await expect(done.getByTestId('event-status')).toHaveText('Acknowledged');
  await expect(done.getByTestId('event-decision')).toHaveText(
    new RegExp(`^Acknowledged by A\\. Analyst, \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d: “?${NOTE.replace(/[.;]/g, '\\$&')}”?$`),
  );
  await expect(done.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('inbox-summary')).toHaveText(
    `${open.length - 1} events awaiting a decision · 1 acknowledged event shown`,
  );
  expect(await calls(page, 'inbox')).toContainEqual({ all: true });
  await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  await shot(page, 'inbox-light', true);
  await axe(page);

  // The evidence: the hit on the Lists screen, brought into view and focused.
  const hitId = inboxOf('events-decided', true).find((e) => e.title.startsWith(ZTE))!.hit_id!;
  await zte.getByRole('link', { name: /^See the evidence/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/lists\\?company=zte&hit=${hitId}$`));
  const hit = page.locator(`[data-testid="hit"][data-hit-id="${hitId}"]`);
  await expect(hit.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(hit).toBeInViewport();
  await page.goBack();
  await expect(page).toHaveURL(/#\/inbox$/);
  await event(page, ZTE).getByRole('link', { name: 'Open ZTE Corporation’s page' }).click();
  await expect(page).toHaveURL(/#\/company\/zte$/);
  await expectNoErrors(errors);
});

test.describe('dark scheme', () => {
  test.use({ colorScheme: 'dark' });
  test('inbox: open, assigned and acknowledged events', async ({ page }) => {
    const errors = await openApp(page, '#/inbox', { state: 'events-decided' });
    await page.getByLabel('Show acknowledged').check();
    await expect(page.getByTestId('event')).toHaveCount(inboxOf('events-decided', true).length);
    await expect(event(page, ZTE).getByTestId('event-status')).toHaveText('Assigned');
    // One event being acknowledged, its note typed.
    const first = page.getByTestId('event').nth(1);
    await first.getByRole('button', { name: /^Acknowledge…/ }).click();
    await first.getByLabel('Note (optional)').fill('Escalated to legal; see ticket 4711.');
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await shot(page, 'inbox-dark', true);
    await axe(page);
    await expectNoErrors(errors);
  });
});

test('inbox: nothing awaits a decision', async ({ page }) => {
  const errors = await openApp(page, '#/inbox', { state: 'no-lists' });
  await expect(page.getByTestId('inbox-empty')).toContainText('Nothing awaits a decision.');
  await expect(page.getByTestId('inbox-count')).toHaveCount(0);
  await expect(navInbox(page)).toHaveAccessibleName('Inbox');
  await axe(page);
  await expectNoErrors(errors);
});

test('lists: a list pack is previewed, then imported with progress; its events go to the Inbox', async ({ page }) => {
  const errors = await openApp(page, '#/lists', { progressDelay: 150 });
  await expect(page.getByTestId('current-snapshots').getByTestId('snapshot')).toHaveCount(2);
  const before = inboxOf('sample').length;
  await expect(page.getByTestId('inbox-count')).toHaveText(String(before));

  await page.getByRole('button', { name: 'Export list pack…' }).click();
  await expect(page.getByTestId('pack-export-result')).toContainText(
    /List pack written \([\d.]+ KB\) to \/home\/analyst\/Desktop\/riskbrief-lists\.rbl/,
  );

  await page.getByRole('button', { name: 'Import list pack…' }).click();
  const preview = page.getByTestId('pack-preview');
  await expect(preview.getByRole('heading', { name: 'Preview: nothing has been imported yet' })).toBeFocused();
  await expect(page.getByTestId('pack-origin')).toHaveText(/^Made by J\. Doe on \d+ \w+ \d{4}, \d\d:\d\d · Unsigned$/);
  const rows = preview.getByTestId('pack-list');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Section 889' }).getByTestId('pack-list-action')).toHaveText(
    'Would import A list this database does not hold yet.',
  );
  await expect(rows.filter({ hasText: 'FCC Covered List' }).getByTestId('pack-list-action')).toContainText(
    'Left as it is These files were already imported as the FCC Covered List',
  );
  expect(await calls(page, 'import_pack')).toEqual([{ path: PACK, dryRun: true, allowUnsigned: false }]);
  await expect(page.getByTestId('current-snapshots').getByTestId('snapshot')).toHaveCount(2);
  // The List packs card at the top of the window, with a margin above it.
  await preview.evaluate((el) => {
    const main = document.querySelector('main')!;
    const card = el.closest('section')!;
    main.scrollBy(0, card.getBoundingClientRect().top - main.getBoundingClientRect().top - 20);
  });
  await shot(page, 'lists-pack-preview');
  await axe(page);

  await preview.getByRole('button', { name: 'Import 1 list' }).click();
  await expect(page.getByTestId('pack-progress')).toContainText(/Importing the pack · Storing entries: \d of 5/);
  const result = page.getByTestId('pack-result');
  await expect(result.getByRole('heading', { name: 'Imported 1 list from riskbrief-lists.rbl' })).toBeFocused();
  await expect(result.getByTestId('pack-list-result').filter({ hasText: 'Section 889' })).toContainText(
    'First snapshot. Re-screened 10 companies against every entry: 5 new hits.',
  );
  const after = inboxOf('pack-imported').length;
  await expect(page.getByTestId('pack-inbox')).toHaveText(
    `5 new hits raised. See the Inbox (${after} awaiting a decision).`,
  );
  await expect(page.getByTestId('inbox-count')).toHaveText(String(after));
  await expect(page.getByTestId('current-snapshots').getByTestId('snapshot')).toHaveCount(3);
  expect((await calls(page, 'import_pack')).at(-1)).toEqual({ path: PACK, dryRun: false, allowUnsigned: false });

  await page
    .getByTestId('pack-inbox')
    .getByRole('link', { name: /See the Inbox/ })
    .click();
  await expect(page).toHaveURL(/#\/inbox$/);
  await expect(page.getByTestId('event')).toHaveCount(after);
  await expect(page.getByTestId('event').first()).toContainText('Section 889');
  await expectNoErrors(errors);
});

test('lists: an unsigned pack refused where keys are trusted is imported only after “Import unsigned anyway…”', async ({
  page,
}) => {
  const errors = await openApp(page, '#/lists', { state: 'key-trusted' });
  await expect(page.getByRole('button', { name: /unsigned/i })).toHaveCount(0);
  await page.getByRole('button', { name: 'Import list pack…' }).click();
  const refusal = page.getByTestId('pack-error');
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(refusal.getByRole('heading')).toHaveText('List pack refused: nothing was imported');
  await expect(refusal).toContainText('accepts only list packs signed by a key it trusts');
  await expect(refusal.locator('.message')).toHaveText(
    `${PACK}: unsigned, and this database only accepts packs signed by a trusted key (use --allow-unsigned to override); nothing was imported`,
  );
  await refusal.getByRole('button', { name: 'Import unsigned anyway…' }).click();
  await expect(page.getByTestId('pack-origin')).toContainText(
    'Unsigned — accepted because you chose to import it anyway',
  );
  await page.getByRole('button', { name: 'Import 1 list' }).click();
  await expect(page.getByTestId('pack-result')).toContainText('Imported 1 list');
  expect(await calls(page, 'import_pack')).toEqual([
    { path: PACK, dryRun: true, allowUnsigned: false },
    { path: PACK, dryRun: true, allowUnsigned: true },
    { path: PACK, dryRun: false, allowUnsigned: true },
  ]);
  await expectNoErrors(errors);
});

test('lists: a damaged pack is refused word for word, with no way around it', async ({ page }) => {
  const errors = await openApp(page, '#/lists', { packPath: '/media/usb/altered.rbl' });
  await page.getByRole('button', { name: 'Import list pack…' }).click();
  const refusal = page.getByTestId('pack-error');
  await expect(refusal).toContainText('changed or damaged after it was made');
  await expect(refusal.locator('.message')).toHaveText(/^\/media\/usb\/altered\.rbl: /);
  await expect(refusal.getByRole('button', { name: /unsigned/ })).toHaveCount(0);
  await expect(page.getByTestId('pack-preview')).toHaveCount(0);
  await expectNoErrors(errors);
});
