// Ownership and control on the company page: the graph of a company's relations, laid out by dagre
// (owners, controllers and founders above, the company, what it holds below), and the words on its
// edges. Shares, effective percentages, rule verdicts and proofs are the core's (OwnershipView): this
// module only arranges and labels what the core answered.
import dagre from '@dagrejs/dagre';
import type { OwnershipView } from './bindings/OwnershipView';
import type { Party } from './bindings/Party';
import type { PartyView } from './bindings/PartyView';
import type { RelationKind } from './bindings/RelationKind';
import type { RelationView } from './bindings/RelationView';
import { partialDate, points } from './format';

/** One key per party, for maps and graph nodes: "company:<id>", "person:<id>". */
export const partyKey = (p: Party) => `${p.kind}:${p.id}`;

/** The kinds of relation that are holdings, the only ones a share is recorded on (the form asks for a share only there). */
export const HOLDINGS: readonly RelationKind[] = ['owns_shares', 'subsidiary_of'];
export const isHolding = (k: RelationKind) => HOLDINGS.includes(k);

/** A percentage as the core writes it: "60 %", "33.3 %". */
export const percent = (n: number) => `${points(n)} %`;

/** The Admiralty grade of a relation's best citation ("B2"): the most reliable source, then the most credible
 * information; null when none of its sources is known. */
export function bestGrade(rv: RelationView): string | null {
  const grades = rv.relation.citations.flatMap((c) => {
    const s = rv.sources.find((x) => x.id === c.source_id);
    return s ? [`${s.reliability}${c.credibility}`] : [];
  });
  return grades.sort()[0] ?? null;
}

/** The core's labels the graph needs (from the vocabulary). */
export interface Labels {
  kind: (k: RelationKind) => string;
  list: (code: string) => string;
}

/** What a relation says besides its kind: share (holdings), since, until, grade of the best source. */
function details(rv: RelationView): string[] {
  const r = rv.relation;
  const parts: string[] = [];
  if (isHolding(r.kind)) parts.push(r.share === null ? 'share undisclosed' : percent(r.share));
  if (r.since) parts.push(`since ${partialDate(r.since)}`);
  if (r.until) parts.push(`until ${partialDate(r.until)}`);
  const grade = bestGrade(rv);
  if (grade) parts.push(grade);
  return parts;
}

/** A relation in a few words, for its edge: "Owns shares in · share undisclosed · since May 2023 · C3". */
export function edgeText(rv: RelationView, labels: Labels): string {
  return [labels.kind(rv.relation.kind), ...details(rv)].join(' · ');
}

/** A relation with the company it goes to, for a person's panel: "Founded DeepSeek · since 2023 · B2". */
export function relationText(rv: RelationView, labels: Labels): string {
  return [`${labels.kind(rv.relation.kind)} ${rv.to.name}`, ...details(rv)].join(' · ');
}

// --- layout ---

/** The text styles of the graph (OwnershipGraph.svelte draws with the same sizes). */
export const FONTS = {
  tag: { size: 11, weight: 600 },
  name: { size: 14, weight: 650 },
  list: { size: 11.5, weight: 600 },
  edge: { size: 12, weight: 400 },
} as const;
export type Font = keyof typeof FONTS;
/** The width of a text in pixels. */
export type Measure = (text: string, font: Font) => number;
/** A width from the number of characters, where nothing can measure text (tests). */
export const estimate: Measure = (text, font) => [...text].length * FONTS[font].size * 0.6;

/** Box metrics, in pixels. */
export const BOX = {
  padX: 12,
  padY: 8,
  tag: 15,
  nameLine: 18,
  listGap: 7,
  listLine: 16,
  listPad: 4,
  minWidth: 130,
  maxText: 230,
  edgeLine: 16,
  edgePad: 6,
};

export interface GraphNode {
  key: string;
  view: PartyView;
  /** The company whose page this is. */
  center: boolean;
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The name, in at most two lines. */
  name: string[];
  /** The official lists it is on, by their labels, each in lines that fit. */
  lists: string[];
}

export interface GraphEdge {
  key: string;
  /** The parties of its relations: the owner, founder … (for "is a subsidiary of", the subsidiary) and the company. */
  from: string;
  to: string;
  relations: RelationView[];
  /** One line per relation. */
  lines: string[];
  /** SVG path data, ending at `to` (the arrowhead). */
  path: string;
  /** The label's box, centred on the edge. */
  label: { x: number; y: number; width: number; height: number };
}

export interface OwnershipGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

/** Words into lines no wider than `max`; beyond `maxLines`, the last line ends with "…". */
export function wrap(text: string, font: Font, max: number, measure: Measure, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (!line || measure(next, font) <= max) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]} ${lines[maxLines]}`;
  while (last.length > 1 && measure(`${last}…`, font) > max) last = last.slice(0, -1).trimEnd();
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

/** A smooth path through dagre's points (straight between two). */
export function curve(pts: { x: number; y: number }[]): string {
  const p = pts.map(({ x, y }) => ({ x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 }));
  if (p.length === 0) return '';
  let d = `M${p[0].x},${p[0].y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const mid = { x: (p[i].x + p[i + 1].x) / 2, y: (p[i].y + p[i + 1].y) / 2 };
    d += ` Q${p[i].x},${p[i].y} ${i === p.length - 2 ? `${p[i + 1].x},${p[i + 1].y}` : `${mid.x},${mid.y}`}`;
  }
  if (p.length === 2) d += ` L${p[1].x},${p[1].y}`;
  return d;
}

/**
 * The company's relations as a graph laid out by dagre, top to bottom: every relation points down
 * from the owner, founder, controller … to the company, except "is a subsidiary of", drawn with the
 * parent above and its arrow pointing up to it. The relations between two parties in one direction
 * share an edge, a line each.
 */
export function layoutGraph(view: OwnershipView, labels: Labels, measure: Measure = estimate): OwnershipGraph {
  const center = partyKey(view.company.party);
  const parties = new Map<string, PartyView>([[center, view.company]]);
  const groups = new Map<string, { upper: string; lower: string; up: boolean; relations: RelationView[] }>();
  for (const rv of view.relations) {
    const from = partyKey(rv.from.party);
    const to = partyKey(rv.to.party);
    if (!parties.has(from)) parties.set(from, rv.from);
    if (!parties.has(to)) parties.set(to, rv.to);
    const up = rv.relation.kind === 'subsidiary_of';
    const [upper, lower] = up ? [to, from] : [from, to];
    const key = `${upper}>${lower}${up ? '^' : ''}`;
    const g = groups.get(key) ?? { upper, lower, up, relations: [] };
    g.relations.push(rv);
    groups.set(key, g);
  }

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 40, edgesep: 18, marginx: 4, marginy: 4 });
  g.setDefaultEdgeLabel(() => ({}));

  const text = BOX.maxText;
  const boxes = new Map<string, Omit<GraphNode, 'x' | 'y'>>();
  for (const [key, p] of parties) {
    const isCenter = key === center;
    const name = wrap(p.name, 'name', text, measure);
    const lists = p.lists.flatMap((l) => wrap(labels.list(l), 'list', text - 2 * BOX.listPad, measure, 3));
    const tag = isCenter ? 'This company' : p.party.kind === 'person' ? 'Person' : 'Company';
    const widest = Math.max(
      measure(tag.toUpperCase(), 'tag') + 18,
      ...name.map((l) => measure(l, 'name')),
      ...lists.map((l) => measure(l, 'list') + 2 * BOX.listPad),
    );
    const width = Math.ceil(Math.max(BOX.minWidth, Math.min(text, widest) + 2 * BOX.padX));
    const height =
      2 * BOX.padY +
      BOX.tag +
      name.length * BOX.nameLine +
      (lists.length ? BOX.listGap + lists.length * BOX.listLine + 2 * BOX.listPad : 0);
    boxes.set(key, { key, view: p, center: isCenter, width, height, name, lists });
    g.setNode(key, { width, height });
  }
  const edgeLines = new Map<string, string[]>();
  for (const [key, e] of groups) {
    const lines = e.relations.map((rv) => edgeText(rv, labels));
    edgeLines.set(key, lines);
    g.setEdge(
      e.upper,
      e.lower,
      {
        width: Math.ceil(Math.max(...lines.map((l) => measure(l, 'edge'))) + 2 * BOX.edgePad),
        height: lines.length * BOX.edgeLine + BOX.edgePad,
        labelpos: 'c',
      },
      key,
    );
  }

  dagre.layout(g);

  const nodes = [...boxes.values()]
    .map((b) => {
      const n = g.node(b.key);
      return { ...b, x: (n.x ?? 0) - b.width / 2, y: (n.y ?? 0) - b.height / 2 };
    })
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const edges: GraphEdge[] = [...groups].map(([key, e]) => {
    const ed = g.edge({ v: e.upper, w: e.lower, name: key });
    const pts = ed.points ?? [];
    const lines = edgeLines.get(key)!;
    const width = ed.width ?? 0;
    const height = ed.height ?? 0;
    return {
      key,
      from: e.up ? e.lower : e.upper,
      to: e.up ? e.upper : e.lower,
      relations: e.relations,
      lines,
      path: curve(e.up ? [...pts].reverse() : pts),
      label: { x: (ed.x ?? 0) - width / 2, y: (ed.y ?? 0) - height / 2, width, height },
    };
  });
  const graph = g.graph();
  return { nodes, edges, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0) };
}
