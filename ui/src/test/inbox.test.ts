import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InboxEvent } from '$lib/bindings/InboxEvent';
import { dateTime } from '$lib/format';
import { awaitingText, decidedText, decisionLine } from '$lib/inbox';
import { inboxCount } from '$lib/inbox-count.svelte';
import { href, router } from '$lib/router.svelte';
import { vocab } from '$lib/vocab.svelte';
import { core, fakeApi, fixtures, recordedRead, recordedRefusal, resetApi } from './fake-api';
import App from '../App.svelte';
import Inbox from '../screens/Inbox.svelte';

const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
/** The inbox as the CLI gave it in a recorded state (without acknowledged events, or with them). */
const inboxOf = (state: string, all = false) => recordedRead<InboxEvent[]>(state, 'inbox', { all });
const eventTitled = (events: InboxEvent[], part: string) => events.find((e) => e.title.includes(part))!;
/** The card of an event, by (part of) its title. */
const card = (part: string) =>
  screen.getAllByTestId('event').find((c) => c.querySelector('h2')!.textContent!.includes(part))!;
const slugOf = (companyId: string | null) =>
  fixtures.portfolio.find((r) => r.summary.id === companyId)?.summary.slug ?? null;

describe('inbox in words', () => {
  const events = inboxOf('events-decided', true);
  const acknowledged = events.find((e) => e.status === 'acknowledged')!;
  const assigned = events.find((e) => e.status === 'assigned')!;
  const open = events.find((e) => e.status === 'open')!;

  it('says who decided what and when, in the core’s status words', () => {
    expect(decisionLine(open, 'Open')).toBeNull();
    expect(decisionLine(assigned, 'Assigned')).toBe(
      `Assigned to J. Doe by A. Analyst, ${dateTime(assigned.decided_at)}`,
    );
    expect(decisionLine(acknowledged, 'Acknowledged')).toBe(
      `Acknowledged by A. Analyst, ${dateTime(acknowledged.decided_at)}`,
    );
    const both = inboxOf('assigned-acknowledged', true).find((e) => e.status === 'acknowledged')!;
    expect(decisionLine(both, 'Acknowledged')).toBe(
      `Acknowledged by A. Analyst, ${dateTime(both.decided_at)} (assigned to J. Doe)`,
    );
    expect(decidedText(assigned, 'Assigned')).toBe(`Assigned to J. Doe: ${assigned.title}.`);
    expect(decidedText(acknowledged, 'Acknowledged')).toMatch(/^Acknowledged: .*It has left the inbox/);
  });

  it('counts what awaits a decision', () => {
    expect(awaitingText(0)).toBe('Nothing awaits a decision.');
    expect(awaitingText(1)).toBe('1 event awaiting a decision');
    expect(awaitingText(13)).toBe('13 events awaiting a decision');
  });
});

describe('Inbox screen', () => {
  beforeEach(async () => {
    resetApi();
    inboxCount.reset();
    vocab.reset();
    await vocab.load();
  });

  async function setup() {
    const user = userEvent.setup();
    render(Inbox);
    await screen.findAllByTestId('event');
    return user;
  }

  it('shows each open event: kind, title, detail, when raised, status, and links to the company and the evidence', async () => {
    const events = inboxOf('sample');
    await setup();
    expect(fakeApi.inbox).toHaveBeenCalledWith(false);
    const cards = screen.getAllByTestId('event');
    expect(cards.map((c) => c.querySelector('h2')!.textContent)).toEqual(events.map((e) => e.title));
    expect(text(screen.getByTestId('inbox-summary'))).toBe(`${events.length} events awaiting a decision`);
    expect(inboxCount.open).toBe(events.length);

    const zte = eventTitled(events, 'ZTE Corporation ≈ ZTE Corporation on the FCC');
    const c = card('ZTE Corporation ≈ ZTE Corporation on the FCC');
    expect(text(within(c).getByTestId('event-kind'))).toBe('New possible match');
    expect(text(within(c).getByTestId('event-status'))).toBe('Open');
    expect(text(c)).toContain(`Raised ${dateTime(zte.at)}`);
    expect(c.querySelector('time')!.getAttribute('datetime')).toBe(zte.at);
    expect(c.textContent).toContain(zte.detail);
    // The slug comes from the portfolio (the event gives the company's id).
    expect(slugOf(zte.company_id)).toBe('zte');
    await waitFor(() =>
      expect(within(c).getByRole('link', { name: 'Open ZTE Corporation’s page' }).getAttribute('href')).toBe(
        '#/company/zte',
      ),
    );
    expect(
      within(c)
        .getByRole('link', { name: /^See the evidence/ })
        .getAttribute('href'),
    ).toBe(href.lists('zte', zte.hit_id));
    expect(within(c).queryByTestId('event-decision')).toBeNull();
  });

  it('acknowledges with a note after asking; the event leaves the inbox and the count drops', async () => {
    const before = inboxOf('sample');
    const kaspersky = eventTitled(before, 'Kaspersky Lab, Inc.');
    const user = await setup();
    const c = card('Kaspersky Lab, Inc.');
    await user.click(within(c).getByRole('button', { name: /^Acknowledge…/ }));
    const note = within(c).getByLabelText('Note (optional)');
    expect(document.activeElement).toBe(note);
    expect(note.getAttribute('aria-describedby')).toContain('-note-hint');
    expect(fakeApi.decideEvent).not.toHaveBeenCalled();
    await user.type(note, 'The U.S. subsidiary, not the company reviewed; the hit is dismissed.');
    await user.click(within(c).getByRole('button', { name: 'Acknowledge' }));
    expect(fakeApi.decideEvent).toHaveBeenCalledWith({
      event_id: kaspersky.id,
      decision: 'acknowledge',
      note: 'The U.S. subsidiary, not the company reviewed; the hit is dismissed.',
    });
    await waitFor(() => expect(screen.getAllByTestId('event')).toHaveLength(before.length - 1));
    expect(screen.queryByText(kaspersky.title)).toBeNull();
    expect(text(screen.getByTestId('inbox-summary'))).toBe(`${before.length - 1} events awaiting a decision`);
    expect(inboxCount.open).toBe(before.length - 1);
    expect(screen.getByTestId('inbox-announcement').textContent).toBe(
      `Acknowledged: ${kaspersky.title}. It has left the inbox and is kept under “Show acknowledged”.`,
    );
    // The focus goes to the event that took its place.
    const index = before.indexOf(kaspersky);
    expect(document.activeElement).toBe(screen.getAllByTestId('event')[index].querySelector('h2'));
  });

  it('assigning needs a name: the core’s refusal is shown at the field; then the event is assigned and stays', async () => {
    const before = inboxOf('sample');
    const zte = eventTitled(before, 'ZTE Corporation ≈ ZTE Corporation on the FCC');
    const user = await setup();
    const c = card('ZTE Corporation ≈ ZTE Corporation on the FCC');
    await user.click(within(c).getByRole('button', { name: /^Assign…/ }));
    const input = within(c).getByLabelText('Assign to');
    expect(document.activeElement).toBe(input);
    await user.type(input, '   ');
    await user.click(within(c).getByRole('button', { name: 'Assign' }));
    // Nothing is checked here: the core says what is wrong, and where.
    expect(fakeApi.decideEvent).toHaveBeenCalledWith({ event_id: zte.id, decision: 'assign', assignee: '' });
    const error = await within(c).findByRole('alert');
    const refusal = recordedRefusal('sample', 'decide_event', {
      request: { event_id: zte.id, decision: 'assign', assignee: '' },
    });
    expect(refusal.field?.name).toBe('assignee');
    expect(error.textContent).toBe('Say who the event is assigned to');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(`${input.id}-hint ${input.id}-error`);
    expect(error.id).toBe(`${input.id}-error`);
    expect(document.activeElement).toBe(input);

    await user.clear(input);
    await user.type(input, 'J. Doe');
    await user.click(within(c).getByRole('button', { name: 'Assign' }));
    await waitFor(() =>
      expect(text(within(card('ZTE Corporation ≈ ZTE')).getByTestId('event-status'))).toBe('Assigned'),
    );
    const assigned = card('ZTE Corporation ≈ ZTE Corporation on the FCC');
    const after = eventTitled(inboxOf('event-assigned'), 'ZTE Corporation ≈ ZTE Corporation on the FCC');
    expect(text(within(assigned).getByTestId('event-decision'))).toBe(
      `Assigned to J. Doe by A. Analyst, ${dateTime(after.decided_at)}`,
    );
    // Still awaiting a decision: it stays, and can be acknowledged.
    expect(screen.getAllByTestId('event')).toHaveLength(before.length);
    expect(inboxCount.open).toBe(before.length);
    expect(within(assigned).getByRole('button', { name: /^Acknowledge…/ })).toBeTruthy();
    expect(document.activeElement).toBe(assigned.querySelector('h2'));
  });

  it('disables the buttons while a decision is being made', async () => {
    const user = await setup();
    let finish!: () => void;
    fakeApi.decideEvent.mockImplementationOnce(async (request) => {
      await new Promise<void>((ok) => (finish = ok));
      return (await core.invoke('decide_event', { request })) as InboxEvent;
    });
    const c = card('Kaspersky Lab, Inc.');
    await user.click(within(c).getByRole('button', { name: /^Acknowledge…/ }));
    await user.type(
      within(c).getByLabelText('Note (optional)'),
      'The U.S. subsidiary, not the company reviewed; the hit is dismissed.',
    );
    await user.click(within(c).getByRole('button', { name: 'Acknowledge' }));
    const busy = within(c).getByRole('button', { name: 'Acknowledging…' });
    expect(busy).toHaveProperty('disabled', true);
    expect(within(c).getByRole('button', { name: 'Cancel' })).toHaveProperty('disabled', true);
    finish();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Acknowledging…' })).toBeNull());
  });

  it('shows a decision the core refused (someone acknowledged the event meanwhile)', async () => {
    const kaspersky = eventTitled(inboxOf('sample'), 'Kaspersky Lab, Inc.');
    const refusal = recordedRefusal('event-acknowledged', 'decide_event', {
      request: { event_id: kaspersky.id, decision: 'acknowledge', note: null },
    });
    expect(refusal.code).toBe('conflict');
    fakeApi.decideEvent.mockRejectedValueOnce(refusal);
    const user = await setup();
    const c = card('Kaspersky Lab, Inc.');
    await user.click(within(c).getByRole('button', { name: /^Acknowledge…/ }));
    await user.click(within(c).getByRole('button', { name: 'Acknowledge' }));
    expect(fakeApi.decideEvent).toHaveBeenCalledWith({ event_id: kaspersky.id, decision: 'acknowledge', note: null });
    expect((await within(c).findByRole('alert')).textContent).toBe(refusal.message);
    expect(within(c).getByRole('button', { name: 'Acknowledge' })).toHaveProperty('disabled', false);
  });

  it('“Show acknowledged” brings back acknowledged events, with who, when and the note, and no actions', async () => {
    resetApi({ state: 'event-acknowledged' });
    const all = inboxOf('event-acknowledged', true);
    const done = all.find((e) => e.status === 'acknowledged')!;
    const user = await setup();
    expect(screen.queryByText(done.title)).toBeNull();
    await user.click(screen.getByLabelText('Show acknowledged'));
    await waitFor(() => expect(screen.getAllByTestId('event')).toHaveLength(all.length));
    expect(fakeApi.inbox).toHaveBeenCalledWith(true);
    const c = card(done.title);
    expect(c.dataset.status).toBe('acknowledged');
    expect(text(within(c).getByTestId('event-status'))).toBe('Acknowledged');
    expect(text(within(c).getByTestId('event-decision'))).toBe(
      `Acknowledged by A. Analyst, ${dateTime(done.decided_at)}: ${done.note}`,
    );
    expect(done.note).toBe('The U.S. subsidiary, not the company reviewed; the hit is dismissed.');
    expect(within(c).queryByRole('button')).toBeNull();
    await waitFor(() =>
      expect(text(screen.getByTestId('inbox-summary'))).toBe(
        `${all.length - 1} events awaiting a decision · 1 acknowledged event shown`,
      ),
    );
    await user.click(screen.getByLabelText('Show acknowledged'));
    await waitFor(() => expect(screen.getAllByTestId('event')).toHaveLength(all.length - 1));
  });

  it('says when nothing awaits a decision', async () => {
    resetApi({ state: 'no-lists' });
    const user = userEvent.setup();
    render(Inbox);
    const empty = await screen.findByTestId('inbox-empty');
    expect(empty.querySelector('.empty')!.textContent).toBe('Nothing awaits a decision.');
    expect(within(empty).getByRole('link', { name: 'list pack' }).getAttribute('href')).toBe('#/lists');
    expect(text(screen.getByTestId('inbox-summary'))).toBe('Nothing awaits a decision.');
    expect(inboxCount.open).toBe(0);
    await user.click(screen.getByLabelText('Show acknowledged'));
    await waitFor(() =>
      expect(screen.getByTestId('inbox-empty').querySelector('.empty')!.textContent).toBe('No events yet.'),
    );
  });

  it('says when the inbox cannot be read, and tries again', async () => {
    fakeApi.inbox.mockRejectedValueOnce({ code: 'io', message: 'disk I/O error' });
    const user = userEvent.setup();
    render(Inbox);
    const panel = await screen.findByTestId('error-panel');
    expect(panel.textContent).toContain('disk I/O error');
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('event')).toHaveLength(inboxOf('sample').length);
  });
});

describe('Inbox in the sidebar', () => {
  beforeEach(() => {
    resetApi();
    inboxCount.reset();
    vocab.reset();
  });

  async function start(hash: string) {
    location.hash = hash;
    router.sync();
    const user = userEvent.setup();
    render(App);
    return user;
  }
  const navLink = () => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: /^Inbox/ });

  it('shows how many events await a decision, and counts again after a decision', async () => {
    const open = inboxOf('sample').length;
    const user = await start('#/inbox');
    await waitFor(() => expect(screen.getByTestId('inbox-count').textContent).toBe(String(open)));
    expect(navLink().getAttribute('href')).toBe('#/inbox');
    expect(navLink().getAttribute('aria-current')).toBe('page');
    expect(text(navLink())).toBe(`Inbox${open} (${open} events awaiting a decision)`);
    expect(document.title).toBe('Inbox · RiskBrief');
    await screen.findAllByTestId('event');
    const c = card('Kaspersky Lab, Inc.');
    await user.click(within(c).getByRole('button', { name: /^Acknowledge…/ }));
    await user.type(
      within(c).getByLabelText('Note (optional)'),
      'The U.S. subsidiary, not the company reviewed; the hit is dismissed.',
    );
    await user.click(within(c).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.getByTestId('inbox-count').textContent).toBe(String(open - 1)));
  });

  it('shows no count when nothing awaits a decision', async () => {
    resetApi({ state: 'no-lists' });
    await start('#/portfolio');
    await screen.findAllByTestId('portfolio-row');
    await waitFor(() => expect(fakeApi.inbox).toHaveBeenCalledWith(false));
    await waitFor(() => expect(inboxCount.open).toBe(0));
    expect(screen.queryByTestId('inbox-count')).toBeNull();
    expect(text(navLink())).toBe('Inbox');
  });

  it('counts again after a list import, which screens every company and raises events', async () => {
    const user = await start('#/lists');
    await waitFor(() => expect(screen.getByTestId('inbox-count').textContent).toBe(String(inboxOf('sample').length)));
    await screen.findAllByTestId('snapshot');
    await user.click(screen.getByRole('button', { name: 'Choose files…' }));
    await user.type(screen.getByLabelText('As of (optional)'), '2018-08-13');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const after = inboxOf('ndaa-imported').length;
    await waitFor(() => expect(screen.getByTestId('inbox-count').textContent).toBe(String(after)));
    expect(after).toBeGreaterThan(inboxOf('sample').length);
    // The result says what the re-screening found, and where to decide on it.
    const rescreen = screen.getByTestId('list-rescreen');
    expect(text(rescreen)).toBe(
      `Re-screened 10 companies against every entry: 5 new hits. See the Inbox (${after} awaiting a decision).`,
    );
    expect(within(rescreen).getByRole('link', { name: 'See the Inbox' }).getAttribute('href')).toBe('#/inbox');
  });

  it('counts again after a list pack import', async () => {
    const user = await start('#/lists');
    await screen.findAllByTestId('snapshot');
    await user.click(screen.getByRole('button', { name: 'Import list pack…' }));
    await user.click(await screen.findByRole('button', { name: 'Import 1 list' }));
    const after = inboxOf('pack-imported').length;
    await waitFor(() => expect(screen.getByTestId('inbox-count').textContent).toBe(String(after)));
    expect(text(screen.getByTestId('pack-inbox'))).toBe(
      `5 new hits raised. See the Inbox (${after} awaiting a decision).`,
    );
  });
});
