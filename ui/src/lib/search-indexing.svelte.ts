// How far the search index is in catching up with what bundle imports merged. An import commits
// its records before they are indexed (so the portfolio has them at once); the shell then indexes
// them in the background and reports each step as a search-indexing event. Heard from start-up on
// (App.svelte), for the search dialog and the Data exchange screen. A search made meanwhile is
// still complete: the core indexes what is left before it answers.
import { api } from './api';
import type { SearchProgress } from './bindings/SearchProgress';

class SearchIndexing {
  /** The last report; null when none came since start-up. */
  progress = $state<SearchProgress | null>(null);
  #listening = false;

  /** Whether records still wait to be indexed. */
  get busy(): boolean {
    return this.progress !== null && this.progress.done < this.progress.total;
  }

  /** 0–100, whole. */
  get percent(): number {
    const p = this.progress;
    return p && p.total > 0 ? Math.floor((Math.min(p.done, p.total) * 100) / p.total) : 100;
  }

  /** Starts hearing the shell's reports (once; each screen that shows them asks). */
  listen() {
    if (this.#listening) return;
    this.#listening = true;
    api
      .onSearchIndexing((p) => (this.progress = p))
      .catch((e) => {
        // No shell to hear (a browser): searches still answer in full.
        this.#listening = false;
        console.info('No search-indexing events:', e);
      });
  }

  /** Test hook: forget the reports, and hear the next fake shell afresh. */
  reset() {
    this.progress = null;
    this.#listening = false;
  }
}

export const searchIndexing = new SearchIndexing();
