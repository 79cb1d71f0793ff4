import type { ListingEvent } from '../lib/bindings/ListingEvent';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PortfolioEvent } from '$lib/bindings/PortfolioEvent';
import type { TimelineEvent } from '$lib/bindings/TimelineEvent';
import {
  axisTicks,
  clampView,
  civil,
  dayNumber,
  domainOf,
  layoutLane,
  markOf,
  MIN_DAYS,
  pack,
  pan,
  recordTarget,
  reveal,
  span,
  viewLabel,
  zoom,
  type LaneItem,
} from '$lib/timeline';
import { vocab } from '$lib/vocab.svelte';
import { company, fakeApi, recordedRead, resetApi } from './fake-api';
import Company from '../screens/Company.svelte';
import Timeline from '../screens/Timeline.svelte';

describe('timeline maths', () => {
  it('draws a partial date as the days it covers', () => {
    expect(span('2025')).toEqual({ start: dayNumber(2025), end: dayNumber(2026), precision: 'year' });
    expect(span('2024').end - span('2024').start).toBe(366);
    expect(span('2025-02')).toEqual({ start: dayNumber(2025, 2), end: dayNumber(2025, 3), precision: 'month' });
    expect(span('2025-02').end - span('2025-02').start).toBe(28);
    expect(span('2025-12').end).toBe(dayNumber(2026, 1));
    expect(span('2025-01-30')).toEqual({
      start: dayNumber(2025, 1, 30),
      end: dayNumber(2025, 1, 31),
      precision: 'day',
    });
    expect(civil(dayNumber(2019, 5, 16))).toEqual({ year: 2019, month: 5, day: 16 });
  });

  it('shows every event with room at each end, in whole months, at least a year wide', () => {
    const d = domainOf([span('2019-05-16'), span('2026-06-08')]);
    expect(civil(d.start)).toEqual({ year: 2019, month: 3, day: 1 });
    expect(civil(d.end)).toEqual({ year: 2026, month: 8, day: 1 });
    const one = domainOf([span('2025-01-30')]);
    expect(one.end - one.start).toBeGreaterThanOrEqual(365);
    expect(one.start).toBeLessThan(span('2025-01-30').start);
    expect(one.end).toBeGreaterThan(span('2025-01-30').end);
    expect(civil(one.start).day).toBe(1);
  });

  it('zooms about a day, no closer than MIN_DAYS and no wider than everything; pans within it', () => {
    const domain = { start: 0, end: 1000 };
    const v = zoom(domain, 0.5, 250, domain);
    expect(v).toEqual({ start: 125, end: 625 });
    // The anchor stays where it was on screen.
    expect((250 - v.start) / (v.end - v.start)).toBe(0.25);
    let z = v;
    for (let i = 0; i < 10; i++) z = zoom(z, 0.5, 300, domain);
    expect(z.end - z.start).toBe(MIN_DAYS);
    expect(zoom(v, 4, 500, domain)).toEqual(domain);
    expect(pan(v, -500, domain)).toEqual({ start: 0, end: 500 });
    expect(pan(v, 900, domain)).toEqual({ start: 500, end: 1000 });
    expect(clampView({ start: -50, end: 2000 }, domain)).toEqual(domain);
    expect(reveal({ start: 0, end: 100 }, { start: 400, end: 401, precision: 'day' }, domain)).toEqual({
      start: 350.5,
      end: 450.5,
    });
    expect(reveal({ start: 0, end: 100 }, { start: 40, end: 41, precision: 'day' }, domain)).toEqual({
      start: 0,
      end: 100,
    });
  });

  it('labels years as room allows, then months, and draws days when zoomed in', () => {
    const seven = { start: dayNumber(2019, 3), end: dayNumber(2026, 8) };
    const wide = axisTicks(seven, 900);
    expect(wide.years.map((y) => y.label)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    expect(wide.months).toEqual([]);
    const narrow = axisTicks(seven, 250);
    expect(narrow.years.filter((y) => y.label).map((y) => y.label)).toEqual(['2020', '2022', '2024', '2026']);
    const two = axisTicks({ start: dayNumber(2024, 12), end: dayNumber(2027, 1) }, 800);
    expect(two.months.filter((m) => m.label).map((m) => m.label)).toEqual([
      'Jan',
      'Apr',
      'Jul',
      'Oct',
      'Jan',
      'Apr',
      'Jul',
      'Oct',
    ]);
    const quarter = axisTicks({ start: dayNumber(2025, 1), end: dayNumber(2025, 4) }, 800);
    expect(quarter.months.map((m) => m.label)).toEqual(['Jan', 'Feb', 'Mar', 'Apr']);
    expect(quarter.days.length).toBeGreaterThan(80);
    expect(two.days).toEqual([]);
  });

  it('words the window', () => {
    expect(viewLabel({ start: dayNumber(2024, 12), end: dayNumber(2027, 1) })).toBe('Dec 2024 – Dec 2026');
    expect(viewLabel({ start: dayNumber(2025, 1, 27), end: dayNumber(2025, 3, 17) })).toBe('27 Jan 2025 – 16 Mar 2025');
  });

  it('packs overlapping intervals into rows', () => {
    expect(
      pack([
        [0, 10],
        [5, 15],
        [12, 20],
        [30, 40],
        [0, 100],
      ]),
    ).toEqual([0, 2, 0, 0, 1]);
  });

  it('marks list events by what the core says happened on the list', () => {
    const d = (listing: ListingEvent) => markOf({ kind: 'designation', listing });
    expect(d('listed')).toBe('listing');
    expect(d('removed')).toBe('delisting');
    expect(d('not_listed')).toBe('check');
    expect(d('under_review')).toBe('review');
    expect(markOf({ kind: 'restriction', listing: null })).toBe('measure');
    expect(markOf({ kind: 'cloud', listing: null })).toBe('cloud');
  });

  it('lays a lane out: one marker for a date, dots that overlap merged until zoomed in, days always dots', () => {
    const items: LaneItem[] = [
      { key: 'navy', span: span('2025-01'), mark: 'measure' },
      { key: 'texas', span: span('2025-01'), mark: 'measure' },
      { key: 'garante', span: span('2025-01-30'), mark: 'measure' },
      { key: 'nasa', span: span('2025-01-31'), mark: 'measure' },
      { key: 'senate', span: span('2025-02-27'), mark: 'measure' },
    ];
    const origin = dayNumber(2025);
    // About a pixel a day: January is a bar for two; the 30th and 31st share a dot.
    const wide = layoutLane(items, 1, origin);
    expect(wide.map((u) => [u.keys, u.bar])).toEqual([
      [['navy', 'texas'], true],
      [['garante', 'nasa'], false],
      [['senate'], false],
    ]);
    expect(wide[1].row).not.toBe(wide[0].row);
    expect(wide[2].row).toBe(0);
    // Zoomed in, every day has its own dot, however wide a day is.
    const close = layoutLane(items, 20, origin);
    expect(close.map((u) => u.keys)).toEqual([['navy', 'texas'], ['garante'], ['nasa'], ['senate']]);
    expect(close.filter((u) => u.keys.length === 1).every((u) => !u.bar)).toBe(true);
    // Far out, a month is narrower than a dot: it is drawn as one.
    expect(layoutLane(items, 0.1, origin)[0].bar).toBe(false);
  });

  it('finds the record an event comes from on the company page', () => {
    const v = company('deepseek');
    const restriction = v.data.restrictions[0];
    expect(recordTarget({ table: 'restrictions', id: restriction.id }, v.data)).toEqual({
      id: `record-${restriction.id}`,
      label: 'the government measure',
    });
    expect(recordTarget({ table: 'companies', id: v.data.company.id }, v.data)?.id).toBe('profile-heading');
    expect(recordTarget({ table: 'restrictions', id: '00000000-0000-0000-0000-000000000000' }, v.data)).toBeNull();
    expect(recordTarget({ table: 'deployments', id: 'x' }, v.data, ['x'])?.label).toBe('the deployment');
    expect(recordTarget(null, v.data)).toBeNull();
  });
});

describe('timeline screens', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('the company page has a timeline, a lane per kind, and a list of the same events', async () => {
    const user = userEvent.setup();
    const events = recordedRead<TimelineEvent[]>('sample', 'timeline', { reference: 'deepseek' });
    render(Company, { slug: 'deepseek' });
    const section = await screen.findByTestId('company-timeline');
    await within(section).findByTestId('timeline-chart');
    expect(fakeApi.timeline).toHaveBeenCalledWith('deepseek');
    const lanes = within(section)
      .getAllByRole('group')
      .map((g) => g.getAttribute('aria-label'))
      .filter((l) => l && /: \d+ events?$/.test(l));
    expect(lanes).toEqual([
      'Allegation: 7 events',
      'Response: 2 events',
      'Official list: 5 events',
      'Government measure: 12 events',
      'Cloud offering: 11 events',
      // The list imports screened every company (against the two current lists).
      `Screening: ${events.filter((e) => e.kind === 'screening').length} events`,
      `Change to the record: ${events.filter((e) => e.kind === 'change').length} events`,
    ]);
    await user.click(within(section).getByRole('button', { name: 'Show as list' }));
    const rows = within(section).getAllByTestId('timeline-row');
    expect(rows).toHaveLength(events.length);
    const garante = rows.find((r) => r.textContent?.includes('Garante'))!;
    expect(garante.textContent).toContain('30 Jan 2025');
    expect(garante.textContent).toContain('Il Post');
    expect(within(garante).getByRole('button', { name: /^Go to the government measure/ })).toBeTruthy();
  });

  it('the company timeline says when it cannot be read', async () => {
    fakeApi.timeline.mockRejectedValueOnce({ code: 'io', message: 'disk I/O error' });
    render(Company, { slug: 'huawei' });
    const section = await screen.findByTestId('company-timeline');
    expect((await within(section).findByTestId('error-panel')).textContent).toContain('disk I/O error');
  });

  it('the portfolio timeline: a lane per company linking to it, filtered by kind', async () => {
    const user = userEvent.setup();
    const all = recordedRead<PortfolioEvent[]>('sample', 'portfolio_timeline', {});
    render(Timeline);
    const chart = await screen.findByTestId('timeline-chart');
    const links = within(chart).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([...new Set(all.map((e) => e.name))].slice(0, links.length));
    expect(links[0].textContent).toBe('Huawei');
    expect(links[0].getAttribute('href')).toBe('#/company/huawei');
    const count = () =>
      within(chart)
        .getAllByTestId('timeline-event')
        .reduce((n, e) => n + Number(e.getAttribute('data-count')), 0);
    expect(count()).toBe(all.length);
    await user.click(screen.getByRole('checkbox', { name: /^Checked: not listed/ }));
    expect(count()).toBe(all.filter((e) => !e.event.text.startsWith('Observed not on')).length);
    await user.click(screen.getByRole('button', { name: 'Show as list' }));
    expect(screen.getAllByTestId('timeline-row')[0].textContent).toContain('16 May 2019');
  });
});
