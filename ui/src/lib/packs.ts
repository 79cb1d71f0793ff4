// List packs in words: who made a pack and who signed it, what importing it would do or did to each
// list, how the portfolio was re-screened, and why the core refused a pack. Pure, so the Lists
// screen stays thin and testable. Whether a list is imported is the core's answer, never decided here.
import { isApiError } from './api';
import type { ListSnapshot } from './bindings/ListSnapshot';
import type { PackListOutcome } from './bindings/PackListOutcome';
import type { PackOutcome } from './bindings/PackOutcome';
import type { Refusal } from './bindings/Refusal';
import type { RescreenSummary } from './bindings/RescreenSummary';
import { shortKey } from './exchange';
import { dateTime, partialDate } from './format';
import { changeSummary, plural } from './lists';

/** The name the save dialog offers for a new pack. */
export const PACK_FILE_NAME = 'riskbrief-lists.rbl';

/** The core's words with a capital: "these files were already imported…" -> "These files were…". */
export function sentence(s: string): string {
  const t = s.trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** "Made by J. Doe on 3 Dec 2026, 07:18". */
export function madeBy(o: PackOutcome): string {
  return `Made by ${o.exported_by} on ${dateTime(o.created_at)}`;
}

/** "Signed by list-desk (244315d6…d7f1)", or "Unsigned". */
export function signerText(o: PackOutcome): string {
  return o.signed_by ? `Signed by ${o.signed_by.name} (${shortKey(o.signed_by.public_key)})` : 'Unsigned';
}

/** Whether the core would import (dry run) or imported this list, by its answer. */
export const takesList = (l: PackListOutcome) => l.refused === null;

/** What the preview says of one list: it would be imported (a list new here, or replacing the current
 * snapshot of the same list), or it is left as it is, with the core's reason. */
export function previewAction(
  l: PackListOutcome,
  current: readonly ListSnapshot[],
): { verdict: string; detail: string } {
  if (l.refused !== null) return { verdict: 'Left as it is', detail: `${sentence(l.refused)}.` };
  const now = current.find((s) => s.list === l.list && !s.replaced_at);
  return {
    verdict: 'Would import',
    detail: now
      ? `Replaces the current snapshot of ${partialDate(now.as_of)}.`
      : 'A list this database does not hold yet.',
  };
}

/** What importing did to one list: "first snapshot" or "+2 added / −0 removed since the previous
 * snapshot", then the re-screening; or why it was left as it is. */
export function resultLine(l: PackListOutcome): string {
  if (l.imported) {
    const s = l.imported.snapshot;
    return `${s.previous_id ? changeSummary(s) : 'First snapshot'}. ${rescreenSummary(l.imported.rescreen)}`;
  }
  return `Left as it is: ${sentence(l.refused ?? 'not imported')}`;
}

/** The lists a pack would import (or imported) and the ones it leaves as they are; hits and other events raised. */
export function packTally(o: PackOutcome): { taken: number; left: number; newHits: number; events: number } {
  const t = { taken: 0, left: 0, newHits: 0, events: 0 };
  for (const l of o.lists) {
    if (takesList(l)) t.taken += 1;
    else t.left += 1;
    t.newHits += l.imported?.rescreen.new_hits ?? 0;
    t.events += (l.imported?.rescreen.events ?? 0) + (l.imported?.rescreen.changes ?? 0);
  }
  return t;
}

/**
 * How the portfolio was re-screened after a list import: "Re-screened 10 companies against every
 * entry: 7 new hits." / "Re-screened 10 companies against the 2 added or renamed entries: 1 new hit,
 * 6 hits carried over with their decisions, 1 other event."
 */
export function rescreenSummary(r: RescreenSummary): string {
  if (r.companies === 0) return 'No company to screen.';
  const entries = plural(r.entries_screened, 'added or renamed entry', 'added or renamed entries');
  const against =
    r.screened_in_full === r.companies
      ? 'against every entry'
      : r.screened_in_full === 0
        ? `against the ${entries}`
        : `(${r.screened_in_full.toLocaleString('en')} against every entry, the others against the ${entries})`;
  const found = [r.new_hits === 0 ? 'no new hits' : plural(r.new_hits, 'new hit')];
  if (r.hits_carried > 0) found.push(`${plural(r.hits_carried, 'hit')} carried over with their decisions`);
  if (r.events > 0) found.push(plural(r.events, 'other event'));
  if (r.changes > 0) found.push(plural(r.changes, 'band or verdict change'));
  return `Re-screened ${plural(r.companies, 'company', 'companies')} ${against}: ${found.join(', ')}.`;
}

/** Whether a re-screening raised anything the Inbox shows. */
export const raisedEvents = (r: RescreenSummary) => r.new_hits + r.events + r.changes > 0;

/** Why the core refused a pack, in plain words, by the kind of refusal it reports
 * (the core's own message, which names the file, is shown as well). */
export function packRefusalReason(e: unknown): string {
  if (!isApiError(e)) return 'The list pack could not be imported.';
  if (e.code === 'not_found') return 'The file could not be found.';
  if (e.code === 'io') return 'The file could not be read.';
  return (e.kind && REFUSAL[e.kind]) || 'The list pack could not be imported.';
}

const REFUSAL: Partial<Record<Refusal, string>> = {
  altered: 'The pack was changed or damaged after it was made: its lists do not match their checksum.',
  truncated: 'The file is incomplete or damaged: it may have been cut short while copying. Copy it again.',
  malformed: 'The pack is malformed or corrupt.',
  newer_version: 'It was made by a newer version of RiskBrief. Update RiskBrief, then import it again.',
  bad_signature: 'Its signature does not match its contents: it was altered, or signed with another key.',
  untrusted_key:
    'It is signed by a key this database does not trust. Trust the sender’s public key first (riskbrief keys trust).',
  unsigned: 'It is not signed, and this database accepts only list packs signed by a key it trusts.',
  wrong_format: 'The file is not a RiskBrief list pack.',
  encoding: 'The file is not a RiskBrief list pack.',
};

/** The one refusal the user may override, after seeing it: an unsigned pack where keys are trusted. */
export const unsignedRefused = (e: unknown) => isApiError(e) && e.kind === 'unsigned';
