import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OwnershipView } from '$lib/bindings/OwnershipView';
import type { RelationView } from '$lib/bindings/RelationView';
import type { Source } from '$lib/bindings/Source';
import {
  bestGrade,
  curve,
  edgeText,
  estimate,
  layoutGraph,
  partyKey,
  relationText,
  wrap,
  type Labels,
  type OwnershipGraph,
} from '$lib/ownership';
import { vocab } from '$lib/vocab.svelte';
import { fakeApi, fixtures, recordedRead, recordedRefusal, resetApi } from './fake-api';
import Company from '../screens/Company.svelte';

const labels: Labels = {
  kind: (k) => fixtures.vocabulary.relation_kinds.find((c) => c.code === k)!.label,
  list: (l) => fixtures.vocabulary.lists.find((c) => c.code === l)!.label,
};
const ownership = (state: string, slug: string) =>
  recordedRead<OwnershipView>(state, 'ownership', { reference: slug, asOf: null });
const deepseek = () => ownership('sample', 'deepseek');
const relation = (view: OwnershipView, from: string, kind: string) =>
  view.relations.find((r) => r.from.name === from && r.relation.kind === kind)!;

/** Two boxes that share no area. */
const apart = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
function boxes(g: OwnershipGraph) {
  return [...g.nodes, ...g.edges.map((e) => e.label)];
}

describe('ownership words', () => {
  it('grades a relation by its best citation: the most reliable source, then the most credible', () => {
    const view = deepseek();
    // AP (B) 2 and Wikipedia (C) 2.
    expect(bestGrade(relation(view, 'Liang Wenfeng', 'founded'))).toBe('B2');
    // AP (B) 3, quasa.io (D) 3, lnginnorthernbc.ca (C) 3, Wikipedia (C) 3.
    expect(bestGrade(relation(view, 'High-Flyer', 'funds'))).toBe('B3');
    const unknown: RelationView = { ...relation(view, 'High-Flyer', 'funds'), sources: [] };
    expect(bestGrade(unknown)).toBeNull();
  });

  it('says a holding’s share, or that it is undisclosed; other kinds have none', () => {
    const view = deepseek();
    expect(edgeText(relation(view, 'High-Flyer', 'owns_shares'), labels)).toBe(
      'Owns shares in · share undisclosed · since May 2023 · C3',
    );
    expect(edgeText(relation(view, 'Liang Wenfeng', 'directs'), labels)).toBe('Directs · C3');
    const held = relation(ownership('relation-added', 'deepseek'), 'Huawei', 'owns_shares');
    expect(edgeText(held, labels)).toBe('Owns shares in · 60 % · since Jan 2026 · B6');
    const ended: RelationView = { ...held, relation: { ...held.relation, share: 33.333, until: '2026-06-30' } };
    expect(edgeText(ended, labels)).toBe('Owns shares in · 33.3 % · since Jan 2026 · until 30 Jun 2026 · B6');
    expect(relationText(relation(view, 'Liang Wenfeng', 'founded'), labels)).toBe('Founded DeepSeek · since 2023 · B2');
  });

  it('wraps a name into lines that fit, ending a cut name with “…”', () => {
    const w = (s: string) => s.length * 10;
    expect(wrap('DeepSeek', 'name', 100, w)).toEqual(['DeepSeek']);
    expect(wrap('Zhejiang Dahua Technology', 'name', 140, w)).toEqual(['Zhejiang Dahua', 'Technology']);
    const cut = wrap('Hangzhou DeepSeek Artificial Intelligence Basic Technology', 'name', 120, w);
    expect(cut).toHaveLength(2);
    expect(cut[1].endsWith('…')).toBe(true);
    for (const l of cut) expect(w(l)).toBeLessThanOrEqual(120);
  });

  it('draws a path straight between two points and smooth through more', () => {
    expect(curve([])).toBe('');
    expect(
      curve([
        { x: 0, y: 0 },
        { x: 10, y: 20 },
      ]),
    ).toBe('M0,0 L10,20');
    expect(
      curve([
        { x: 0, y: 0 },
        { x: 10, y: 20 },
        { x: 30, y: 40 },
      ]),
    ).toBe('M0,0 Q10,20 30,40');
  });
});

describe('ownership graph layout (dagre)', () => {
  it('puts the owners above DeepSeek, one edge per pair of parties with a line per relation, nothing overlapping', () => {
    const view = deepseek();
    const g = layoutGraph(view, labels, estimate);
    const node = (name: string) => g.nodes.find((n) => n.view.name === name)!;
    expect(g.nodes.map((n) => n.view.name)).toEqual(['Liang Wenfeng', 'High-Flyer', 'DeepSeek']);
    expect(node('DeepSeek').center).toBe(true);
    expect(node('Liang Wenfeng').y + node('Liang Wenfeng').height).toBeLessThan(node('High-Flyer').y);
    expect(node('High-Flyer').y + node('High-Flyer').height).toBeLessThan(node('DeepSeek').y);
    expect(g.edges.map((e) => e.lines.length).sort()).toEqual([2, 2, 4]);
    const ds = partyKey(view.company.party);
    expect(g.edges.filter((e) => e.to === ds)).toHaveLength(2);
    const all = boxes(g);
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(apart(all[i], all[j])).toBe(true);
    for (const b of all) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(g.width);
      expect(b.y + b.height).toBeLessThanOrEqual(g.height);
    }
  });

  it('puts what a company holds below it', () => {
    const g = layoutGraph(ownership('sample', 'high-flyer'), labels, estimate);
    const [liang, hf, ds] = ['Liang Wenfeng', 'High-Flyer', 'DeepSeek'].map((n) =>
      g.nodes.find((x) => x.view.name === n)!,
    );
    expect(hf.center).toBe(true);
    expect(liang.y).toBeLessThan(hf.y);
    expect(ds.y).toBeGreaterThan(hf.y + hf.height);
  });

  it('names a listed party’s lists in its box, each line fitting', () => {
    const g = layoutGraph(ownership('relation-added', 'deepseek'), labels, estimate);
    const huawei = g.nodes.find((n) => n.view.name === 'Huawei')!;
    expect(huawei.lists.join(' ')).toBe(
      'BIS Entity List DoD 1260H Chinese Military Companies FCC Covered List NDAA FY2019 §889',
    );
    const all = boxes(g);
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(apart(all[i], all[j])).toBe(true);
  });

  it('draws a parent above its subsidiary, the arrow pointing up to the parent', () => {
    const view = ownership('sample', 'high-flyer');
    const held = relation(view, 'High-Flyer', 'owns_shares');
    // High-Flyer recorded as DeepSeek's parent: from = the subsidiary (DeepSeek), to = the parent.
    const sub: RelationView = {
      ...held,
      relation: { ...held.relation, kind: 'subsidiary_of', from: held.to.party, to: held.from.party.id },
      from: held.to,
      to: held.from,
    };
    const g = layoutGraph({ ...view, relations: [sub] }, labels, estimate);
    const parent = g.nodes.find((n) => n.view.name === 'High-Flyer')!;
    const child = g.nodes.find((n) => n.view.name === 'DeepSeek')!;
    expect(parent.y + parent.height).toBeLessThan(child.y);
    const [edge] = g.edges;
    expect(edge.from).toBe(partyKey(child.view.party));
    expect(edge.to).toBe(partyKey(parent.view.party));
    // The path starts at the subsidiary's top and ends (the arrowhead) at the parent's bottom.
    const ys = [...edge.path.matchAll(/-?[\d.]+,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBeCloseTo(child.y, 0);
    expect(ys.at(-1)).toBeCloseTo(parent.y + parent.height, 0);
    expect(edge.lines).toEqual(['Is a subsidiary of · share undisclosed · since May 2023 · C3']);
  });
});

describe('Ownership on the company page', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('shows the findings, the unaccounted share and the holders in the core’s words', async () => {
    render(Company, { slug: 'deepseek' });
    const section = await screen.findByTestId('ownership');
    await within(section).findByTestId('ownership-graph');
    const view = deepseek();
    expect(fakeApi.ownership).toHaveBeenCalledWith('deepseek');
    const findings = within(section).getAllByTestId('ownership-finding');
    expect(findings.map((f) => f.textContent)).toEqual(view.findings.map((f) => expect.stringContaining(f.proof)));
    expect(within(section).getByTestId('unaccounted').textContent!.replace(/\s+/g, ' ')).toContain(
      'Unaccounted share: 100 % — ownership undisclosed.',
    );
    const holders = within(section).getAllByTestId('ownership-holder');
    expect(holders).toHaveLength(view.holders.length);
    expect(holders.at(-1)!.textContent).toContain(
      'Liang Wenfeng (share undisclosed) → High-Flyer (share undisclosed) → DeepSeek',
    );
    expect(within(section).getAllByTestId('relation')).toHaveLength(view.relations.length);
    // The change history names a relation by its parties and kind.
    expect(screen.getByTestId('history').textContent).toContain(
      'Created relation “High-Flyer owns shares in DeepSeek”',
    );
  });

  it('shows the core’s refusal of a share at the share field', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    const section = await screen.findByTestId('ownership');
    await user.click(within(section).getByTestId('add-relation'));
    const dialog = within(await screen.findByRole('dialog', { name: 'Add relation' }));
    const huawei = fixtures.companies.huawei.data.company.id;
    const reuters = (fixtures.sources as Source[]).find((s) => s.publisher === 'Reuters')!.id;
    await user.selectOptions(dialog.getByLabelText('From'), `company:${huawei}`);
    await user.type(dialog.getByLabelText('Share (%)'), '120');
    await user.type(dialog.getByLabelText('Since'), '2026-01');
    await user.selectOptions(dialog.getByLabelText('Source'), reuters);
    await user.type(dialog.getByLabelText('Note'), 'Hypothetical holding, for the tests.');
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    expect(fakeApi.saveRelation.mock.calls[0][1]).toBeNull();
    const refusal = recordedRefusal('sample', 'save_relation', {
      relation: { ...(fakeApi.saveRelation.mock.calls[0][0] as object) },
      person: null,
    });
    expect(refusal.field?.name).toBe('share');
    const share = dialog.getByLabelText('Share (%)');
    await waitFor(() => expect(share.getAttribute('aria-invalid')).toBe('true'));
    expect(share.getAttribute('aria-describedby')).toContain('-share-error');
    expect(dialog.getByRole('alert').textContent).toContain('Must be above 0 and at most 100 (per cent)');
    expect(fakeApi.company).toHaveBeenCalledTimes(1);
  });

  it('sends a new person with the relation; a refused relation shows at its field and adds nobody', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'deepseek' });
    const section = await screen.findByTestId('ownership');
    await within(section).findByTestId('ownership-graph');
    await user.click(within(section).getByTestId('add-relation'));
    const dialog = within(await screen.findByRole('dialog', { name: 'Add relation' }));
    const reuters = (fixtures.sources as Source[]).find((s) => s.publisher === 'Reuters')!.id;
    const from = dialog.getByLabelText('From') as HTMLSelectElement;
    const people = () => [...from.querySelectorAll('optgroup[label="People"] option')].map((o) => o.textContent);
    const before = people();
    await user.selectOptions(from, '__new_person__');
    await user.type(dialog.getByLabelText('Name'), 'Test Person');
    await user.type(dialog.getByLabelText('Native name'), '测试人');
    await user.type(dialog.getByLabelText('Nationality'), 'CN');
    await user.type(dialog.getByLabelText('Share (%)'), '120');
    await user.type(dialog.getByLabelText('Since'), '2026-01');
    await user.selectOptions(dialog.getByLabelText('Source'), reuters);
    await user.type(dialog.getByLabelText('Note'), 'Hypothetical holding, for the tests.');
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    const share = dialog.getByLabelText('Share (%)');
    await waitFor(() => expect(share.getAttribute('aria-invalid')).toBe('true'));
    const [relation, person] = fakeApi.saveRelation.mock.calls[0];
    expect(person).toMatchObject({ name: 'Test Person', native_name: '测试人', nationality: 'CN' });
    expect(relation.from).toEqual({ kind: 'person', id: person!.id });
    const refusal = recordedRefusal('sample', 'save_relation', { relation, person });
    expect(refusal.field).toMatchObject({ record: 'relation', name: 'share' });
    expect(dialog.getByLabelText('Name').getAttribute('aria-invalid')).not.toBe('true');
    expect(fakeApi.savePerson).not.toHaveBeenCalled();
    // Nobody added: the people to choose from are as before, and the page did not reload.
    expect(people()).toEqual(before);
    expect(people()).not.toContainEqual(expect.stringContaining('Test Person'));
    expect(fakeApi.company).toHaveBeenCalledTimes(1);
  });

  it('shows the core’s refusal of the new person at the person’s field', async () => {
    const user = userEvent.setup();
    render(Company, { slug: 'huawei' });
    const section = await screen.findByTestId('ownership');
    await user.click(await within(section).findByTestId('add-relation'));
    const dialog = within(await screen.findByRole('dialog', { name: 'Add relation' }));
    const thompsonHine = fixtures.companies.huawei.data.sources.find((s) => s.publisher === 'Thompson Hine')!.id;
    await user.selectOptions(dialog.getByLabelText('From'), '__new_person__');
    await user.selectOptions(dialog.getByLabelText('Relation'), 'founded');
    await user.type(dialog.getByLabelText('Since'), '1987');
    await user.selectOptions(dialog.getByLabelText('Source'), thompsonHine);
    await user.type(dialog.getByLabelText('Note'), 'Hypothetical person and relation, for the tests.');
    await user.click(dialog.getByRole('button', { name: 'Save' }));
    const name = dialog.getByLabelText('Name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    const [relation, person] = fakeApi.saveRelation.mock.calls[0];
    expect(recordedRefusal('sample', 'save_relation', { relation, person }).field).toMatchObject({
      record: 'person',
      name: 'name',
    });
    expect(name.getAttribute('aria-describedby')).toContain(`${name.id}-error`);
    expect(document.getElementById(`${name.id}-error`)?.textContent).toContain('Must not be empty');
    expect(fakeApi.savePerson).not.toHaveBeenCalled();
  });
});
