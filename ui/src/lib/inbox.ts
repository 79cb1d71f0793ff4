// Inbox events in words: who decided what and when, and how many await a decision. Pure, so the
// Inbox screen and the sidebar stay thin and testable. The events, their order, kinds and statuses
// are the core's; the labels come from its vocabulary.
import type { InboxEvent } from './bindings/InboxEvent';
import { dateTime } from './format';
import { plural } from './lists';

/** "13 events awaiting a decision"; "Nothing awaits a decision." when there are none. */
export function awaitingText(n: number): string {
  return n === 0 ? 'Nothing awaits a decision.' : `${plural(n, 'event')} awaiting a decision`;
}

/**
 * Who decided on an event and when, after its status label (from the core's vocabulary):
 * "Assigned to J. Doe by A. Analyst, 3 Dec 2026, 07:18", "Acknowledged by A. Analyst, 3 Dec 2026,
 * 07:20 (assigned to J. Doe)"; null while nobody has.
 */
export function decisionLine(e: InboxEvent, statusLabel: string): string | null {
  const who = e.decided_by ?? 'someone';
  const when = dateTime(e.decided_at);
  if (e.status === 'assigned') return `${statusLabel} to ${e.assignee ?? 'someone'} by ${who}, ${when}`;
  if (e.status === 'acknowledged')
    return `${statusLabel} by ${who}, ${when}${e.assignee ? ` (assigned to ${e.assignee})` : ''}`;
  return null;
}

/** What the screen announces after a decision. */
export function decidedText(e: InboxEvent, statusLabel: string): string {
  return e.status === 'assigned'
    ? `${statusLabel} to ${e.assignee ?? 'someone'}: ${e.title}.`
    : `${statusLabel}: ${e.title}. It has left the inbox and is kept under “Show acknowledged”.`;
}
