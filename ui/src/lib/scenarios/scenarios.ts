// Scenarios in words for the list and the builder, which scenarios touch a company, and the
// Scenario JSON the builder sends. No business rule: the core validates a scenario when it saves
// it (api.saveScenario) and runs it (api.runScenario), saying what each change assumes; this only
// puts the changes of a scenario not yet run into words and assembles what the user chose.
import type { CompanyView } from '../bindings/CompanyView';
import type { Scenario } from '../bindings/Scenario';
import type { ScenarioChange } from '../bindings/ScenarioChange';
import { orNull, partialDate } from '../format';
import { NIL_ID, UNSTORED } from '../records';
import { vocab } from '../vocab.svelte';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The changes of a scenario, in short phrases: each listing and restriction, then the rest counted by kind. */
export function describeChanges(s: Scenario, companyName: (id: string) => string | undefined): string[] {
  const out: string[] = [];
  const byStatus = new Map<string, number>();
  let withdrawn = 0;
  let deployments = 0;
  for (const c of s.changes) {
    switch (c.kind) {
      case 'designate': {
        const when = c.since ? ` from ${partialDate(c.since)}` : '';
        out.push(
          `${companyName(c.company_id) ?? 'A company'}: ${vocab.label('designation_statuses', c.status)} on the ${vocab.label('lists', c.list)}${when}`,
        );
        break;
      }
      case 'restrict':
        out.push(`${companyName(c.company_id) ?? 'A company'}: ${c.measure} (${c.body}, ${c.jurisdiction})`);
        break;
      case 'allegation_status':
        byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
        break;
      case 'withdraw_offering':
        withdrawn++;
        break;
      case 'change_deployment':
        deployments++;
        break;
    }
  }
  for (const [status, n] of byStatus)
    out.push(`${plural(n, 'allegation')} ${vocab.label('statuses', status).toLowerCase()}`);
  if (withdrawn) out.push(`${plural(withdrawn, 'cloud offering')} withdrawn`);
  if (deployments) out.push(`${plural(deployments, 'deployment')} changed`);
  return out;
}

/** Does a change name the company, or one of its allegations, cloud offerings or our deployments of it? */
export function touches(change: ScenarioChange, view: CompanyView): boolean {
  switch (change.kind) {
    case 'designate':
    case 'restrict':
      return change.company_id === view.data.company.id;
    case 'allegation_status':
      return view.data.allegations.some((a) => a.id === change.allegation_id);
    case 'withdraw_offering':
      return view.data.cloud_offerings.some((o) => o.id === change.offering_id);
    case 'change_deployment':
      return (view.exposure ?? []).some((r) => r.deployment.id === change.deployment_id);
  }
}

/** A copy of a scenario's changes under a new name, as a new record (the core gives it an id). */
export function copyOf(s: Scenario, name: string): Scenario {
  return {
    id: NIL_ID,
    name: name.trim(),
    description: s.description,
    as_of: s.as_of,
    changes: JSON.parse(JSON.stringify(s.changes)) as ScenarioChange[],
    updated_at: UNSTORED,
  };
}

/** A new, empty scenario (the core gives it an id when it is saved). */
export function blankScenario(): Scenario {
  return { id: NIL_ID, name: '', description: null, as_of: null, changes: [], updated_at: UNSTORED };
}

/** What the builder holds: the text of its fields and the changes chosen. */
export interface Draft {
  name: string;
  description: string;
  asOf: string;
  changes: ScenarioChange[];
}

/** The scenario the builder starts from, as the builder's fields. */
export function draftOf(s: Scenario): Draft {
  return {
    name: s.name,
    description: s.description ?? '',
    asOf: s.as_of ?? '',
    changes: JSON.parse(JSON.stringify(s.changes)) as ScenarioChange[],
  };
}

/** The Scenario JSON to save: `base`'s id (nil: a new one; else it replaces that one) with the draft's fields. */
export function assemble(base: Scenario, d: Draft): Scenario {
  return {
    id: base.id,
    name: d.name.trim(),
    description: orNull(d.description),
    as_of: orNull(d.asOf),
    changes: JSON.parse(JSON.stringify(d.changes)) as ScenarioChange[],
    updated_at: base.updated_at,
  };
}

export type ChangeKind = ScenarioChange['kind'];

/** Every kind of change a scenario can assume, as the builder offers them. */
export const CHANGE_KINDS: { kind: ChangeKind; label: string }[] = [
  { kind: 'designate', label: 'A listing on an official list' },
  { kind: 'allegation_status', label: 'An allegation’s status changes' },
  { kind: 'restrict', label: 'A government restriction' },
  { kind: 'withdraw_offering', label: 'A cloud offering withdrawn' },
  { kind: 'change_deployment', label: 'One of our deployments changes' },
];

/** The records a change names, as the builder knows them (undefined: not in the database). */
export interface ChangeContext {
  /** A company's short name. */
  company: (id: string) => string | undefined;
  /** An allegation: its company, its number (A1…, by position, as briefs give it), summary and status. */
  allegation: (id: string) => { company: string; number: number; summary: string; status: string } | undefined;
  /** A cloud offering and its company. */
  offering: (id: string) => { company: string; platform: string; service: string; product: string } | undefined;
  /** One of our deployments as the register holds it. */
  deployment: (id: string) => { name: string; route: string; data: string; status: string } | undefined;
}

/** "Platform · service · product", as the builder names a cloud offering. */
export const offeringName = (o: { platform: string; service: string; product: string }) =>
  `${o.platform} · ${o.service} · ${o.product}`;

/** One change in words, for the builder's list of changes (the core says it again when it runs). */
export function changeInWords(c: ScenarioChange, ctx: ChangeContext): string {
  const lower = (s: string) => s.toLowerCase();
  switch (c.kind) {
    case 'designate': {
      const when = c.since ? ` from ${partialDate(c.since)}` : '';
      return `${ctx.company(c.company_id) ?? 'A company not in the database'}: ${vocab.label('designation_statuses', c.status)} on the ${vocab.label('lists', c.list)}${when}`;
    }
    case 'allegation_status': {
      const a = ctx.allegation(c.allegation_id);
      const to = lower(vocab.label('statuses', c.status));
      return a
        ? `${a.company}: allegation A${a.number} (“${a.summary}”) ${lower(vocab.label('statuses', a.status))} → ${to}`
        : `An allegation not in the database → ${to}`;
    }
    case 'restrict': {
      const when = c.date ? `, ${partialDate(c.date)}` : '';
      const text = (s: string) => s.trim() || '—';
      return `${ctx.company(c.company_id) ?? 'A company not in the database'}: ${text(c.jurisdiction)} — ${text(c.body)}: ${text(c.measure)} (${lower(vocab.label('restriction_scopes', c.scope))}${when})`;
    }
    case 'withdraw_offering': {
      const o = ctx.offering(c.offering_id);
      return o ? `Withdrawn: ${offeringName(o)} (${o.company})` : 'A cloud offering not in the database withdrawn';
    }
    case 'change_deployment': {
      const d = ctx.deployment(c.deployment_id);
      const parts: string[] = [];
      const from = (key: 'deployment_routes' | 'data_classes' | 'deployment_statuses', was: string | undefined) =>
        was ? `${vocab.label(key, was)} → ` : '';
      if (c.route)
        parts.push(`route ${from('deployment_routes', d?.route)}${vocab.label('deployment_routes', c.route)}`);
      if (c.data) parts.push(`data ${from('data_classes', d?.data)}${vocab.label('data_classes', c.data)}`);
      if (c.status)
        parts.push(`status ${from('deployment_statuses', d?.status)}${vocab.label('deployment_statuses', c.status)}`);
      const what = parts.length ? parts.join(', ') : 'nothing changes';
      return d ? `Deployment “${d.name}”: ${what}` : `A deployment not in the register: ${what}`;
    }
  }
}
