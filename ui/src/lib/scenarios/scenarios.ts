// Scenarios in words for the list, and which scenarios touch a company. No business rule: the
// core runs a scenario (api.runScenario) and says what each change assumes; this only groups the
// changes of a scenario not yet run, by kind, for the list of scenarios.
import type { CompanyView } from '../bindings/CompanyView';
import type { Scenario } from '../bindings/Scenario';
import type { ScenarioChange } from '../bindings/ScenarioChange';
import { partialDate } from '../format';
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
