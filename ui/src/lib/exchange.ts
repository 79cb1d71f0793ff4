// Dataset bundles in words: what each merge action means, what an import plan adds up to, and
// why the core refused a bundle, how far an import is. Pure, so the Data exchange screen stays thin and testable.
import { isApiError } from './api';
import type { BundlePhase } from './bindings/BundlePhase';
import type { BundleProgress } from './bindings/BundleProgress';
import type { ImportPlan } from './bindings/ImportPlan';
import type { MergeAction } from './bindings/MergeAction';
import type { PlanItem } from './bindings/PlanItem';
import type { Refusal } from './bindings/Refusal';
import { humanize } from './format';
import { progressPercent } from './lists';

/** Every action, in the order the counts are shown. */
export const ACTIONS: MergeAction[] = ['add', 'update', 'delete', 'conflict', 'keep_local', 'same'];

export const ACTION: Record<MergeAction, { short: string; preview: string; done: string; help: string }> = {
  add: { short: 'Add', preview: 'to add', done: 'added', help: 'New here: added.' },
  update: {
    short: 'Update',
    preview: 'to update',
    done: 'updated',
    help: 'Newer in the bundle: replaces the version here.',
  },
  delete: { short: 'Delete', preview: 'to delete', done: 'deleted', help: 'The bundle says to delete it.' },
  conflict: {
    short: 'Conflict',
    preview: 'in conflict',
    done: 'in conflict',
    help: 'Both sides changed this record; not applied.',
  },
  keep_local: {
    short: 'Keep local',
    preview: 'kept (newer here)',
    done: 'kept (newer here)',
    help: 'Newer here: the version here is kept.',
  },
  same: { short: 'Same', preview: 'unchanged', done: 'unchanged', help: 'Already identical here.' },
};

export const TABLE: Record<string, string> = {
  companies: 'Company',
  sources: 'Source',
  allegations: 'Allegation',
  designations: 'List entry',
  restrictions: 'Restriction',
  cloud_offerings: 'Cloud offering',
};

export const tableLabel = (t: string) => TABLE[t] ?? humanize(t);

const FIELD: Record<string, string> = {
  legal_name: 'legal name',
  first_reported: 'first reported',
  source_id: 'source',
  source_ids: 'sources',
  as_of: 'checked',
  last_verified: 'last verified',
  data_path: 'data path',
  offering_type: 'offering type',
};
export const fieldLabel = (f: string) => FIELD[f] ?? f.replace(/_/g, ' ');

/** How many records each action touches (the core counts every record; it lists only some). */
export const counts = (plan: ImportPlan): Record<MergeAction, number> => ({ ...plan.tally });

/** Whether importing would change anything here. */
export const changesAnything = (plan: ImportPlan) => plan.tally.add + plan.tally.update + plan.tally.delete > 0;

/** The changes counted but not listed (a large bundle lists the first few hundred of each). */
export function unlisted(plan: ImportPlan): { action: MergeAction; n: number }[] {
  return ACTIONS.filter((a) => a !== 'same')
    .map((action) => ({ action, n: plan.tally[action] - plan.items.filter((i) => i.action === action).length }))
    .filter((u) => u.n > 0);
}

const ORDER: MergeAction[] = ['conflict', 'update', 'add', 'delete', 'keep_local'];

/** The items worth a look (everything but "same"), conflicts first, else in bundle order. */
export function notable(plan: ImportPlan): PlanItem[] {
  return plan.items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => item.action !== 'same')
    .sort((a, b) => ORDER.indexOf(a.item.action) - ORDER.indexOf(b.item.action) || a.i - b.i)
    .map(({ item }) => item);
}

/** "2 added, 1 updated, 1 deleted" (only the non-zero counts; "nothing" when all are zero). */
export function summary(
  plan: ImportPlan,
  applied: boolean,
  actions: MergeAction[] = ['add', 'update', 'delete'],
): string {
  const c = counts(plan);
  const parts = actions.filter((a) => c[a] > 0).map((a) => `${c[a]} ${applied ? ACTION[a].done : ACTION[a].preview}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/** A short public key for people: "7699dcbe…b00c". */
export const shortKey = (k: string) => (k.length > 16 ? `${k.slice(0, 8)}…${k.slice(-4)}` : k);

/** Why the core refused a bundle, in plain words, by the kind of refusal it reports (the
 * core's own message is shown as well). */
export function refusalReason(e: unknown): string {
  if (!isApiError(e)) return 'The bundle could not be imported.';
  if (e.code === 'not_found') return 'The file could not be found.';
  if (e.code === 'io') return 'The file could not be read.';
  return (e.kind && REFUSAL[e.kind]) || 'The bundle could not be imported.';
}

/** The refusals a bundle can meet (the others are about list files). */
const REFUSAL: Partial<Record<Refusal, string>> = {
  altered: 'The bundle was changed or damaged after it was exported.',
  truncated: 'The file is incomplete: it may have been cut short while copying.',
  malformed: 'The bundle is malformed or corrupt.',
  newer_version: 'It was written by a newer version of RiskBrief. Update RiskBrief, then import it again.',
  bad_signature: 'Its signature does not match its contents: it was altered, or signed with another key.',
  untrusted_key:
    'It is signed by a key this database does not trust. Trust the sender’s public key first (riskbrief keys trust).',
  unsigned:
    'It is not signed, and this database accepts only signed bundles. Tick “Allow unsigned bundle” if you trust where it came from.',
  wrong_format: 'The file is not a RiskBrief bundle.',
  encoding: 'The file is not UTF-8 text, so it is not a RiskBrief bundle.',
};

/** Whether checking the same file again can help: after ticking "Allow unsigned", or trusting the key. */
export const retryable = (e: unknown) => isApiError(e) && (e.kind === 'untrusted_key' || e.kind === 'unsigned');

/** The bundle file name offered in the save dialog: a .riskbrief file (JSON inside; the file
 * type the desktop package registers, so a double click opens it in the app). */
export function bundleFileName(date: string, company?: string | null): string {
  return `riskbrief-${company ? `${company}-` : ''}${date}.riskbrief`;
}

// --- progress ---

const PHASE_TEXT: Record<BundlePhase, string> = {
  checking: 'Checking the file',
  merging: 'Merging its records',
};

/** 0–100, whole; a step with nothing to do (total 0) is done. */
export const bundlePercent = (p: BundleProgress | null) => (p?.total === 0 ? 100 : progressPercent(p));

/** The step in words, with how far it is: "Merging its records: 45%"; "Starting…" before the first report. */
export function bundleText(p: BundleProgress | null): string {
  return p ? `${PHASE_TEXT[p.phase]}: ${bundlePercent(p)}%` : 'Starting…';
}
