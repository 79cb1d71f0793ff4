// How many inbox events await a decision, for the sidebar. Refreshed when the app starts, after a
// decision, and after imports of lists and list packs (which raise events). The number is the
// core's: the length of its inbox without acknowledged events.
import { api } from './api';

class InboxCount {
  /** Events awaiting a decision; null until first known. */
  open = $state<number | null>(null);
  #seq = 0;

  /** Asks the core again (it checks bands and verdicts first, so this can raise events). */
  async refresh(): Promise<void> {
    const mine = ++this.#seq;
    try {
      const events = await api.inbox(false);
      if (mine === this.#seq) this.open = events.length;
    } catch (e) {
      // The sidebar keeps the last count; the Inbox screen shows errors.
      console.warn('Could not count the inbox:', e);
    }
  }

  /** The count as a screen just received it (the inbox without acknowledged events). */
  set(n: number) {
    this.#seq++;
    this.open = n;
  }

  /** Test hook: forget the count. */
  reset() {
    this.#seq++;
    this.open = null;
  }
}

export const inboxCount = new InboxCount();
