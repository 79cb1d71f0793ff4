// The core's codes and labels for every enumeration, loaded once from api.vocabulary().
import { api } from './api';
import type { Band } from './bindings/Band';
import type { Choice } from './bindings/Choice';
import type { Vocabulary } from './bindings/Vocabulary';
import { humanize } from './format';

export type VocabKey = keyof Vocabulary;

class VocabStore {
  data = $state<Vocabulary | null>(null);
  error = $state<unknown>(null);
  #loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.#loading ??= api.vocabulary().then(
      (v) => {
        this.data = v;
      },
      (e) => {
        this.error = e;
        this.#loading = null;
      },
    );
    return this.#loading;
  }

  choices(key: VocabKey): Choice[] {
    return this.data?.[key] ?? [];
  }

  /** The core's label for a code; the code itself (humanised) until the vocabulary is loaded. */
  label(key: VocabKey, code: string | null | undefined): string {
    if (code == null) return '—';
    return this.data?.[key]?.find((c) => c.code === code)?.label ?? humanize(code);
  }

  /** What a band means for a buyer, in the core's words; empty until the vocabulary is loaded. */
  meaning(band: Band): string {
    return this.data?.bands.find((b) => b.code === band)?.meaning ?? '';
  }

  /** Test hook: forget what was loaded. */
  reset() {
    this.data = null;
    this.error = null;
    this.#loading = null;
  }
}

export const vocab = new VocabStore();
