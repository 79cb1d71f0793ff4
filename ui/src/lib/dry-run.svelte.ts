// An import that shows the core's dry run before anything changes: a bundle on the Exchange
// screen, a list pack on the Lists screen. The core does both runs (the preview is the import
// rolled back); this holds the steps between them: a file checked, its preview or refusal, the
// import confirmed with the same choices the preview was made with, and its result. A check that
// answers after a later one started is ignored, so a slow first file never shows over a second.

/** Which run the core refused. */
export type Stage = 'check' | 'import';

/** Runs the import of `path` (`dryRun`: checked and rolled back) in the core. */
export type ImportRun<T> = (path: string, dryRun: boolean, allowUnsigned: boolean) => Promise<T>;

export class DryRunImport<T> {
  /** The file checked (or being checked); '' when none. */
  path = $state('');
  busy = $state<'' | 'checking' | 'importing'>('');
  /** What importing `path` would do; set by a check, cleared by the import. */
  preview = $state<T | null>(null);
  /** What the import did. */
  result = $state<T | null>(null);
  refusal = $state<{ stage: Stage; error: unknown } | null>(null);
  /** Whether an unsigned file was accepted for the preview shown; the import uses the same. */
  allowUnsigned = $state(false);
  #checks = 0;
  #run: ImportRun<T>;

  constructor(run: ImportRun<T>) {
    this.#run = run;
  }

  /** The file the user picks in `dialog`, checked. Returns whether a check (or the dialog's own
   * failure, shown as the check's refusal) answered: false when cancelled, with everything left
   * as it was, or when a later check started. */
  async choose(dialog: () => Promise<string | string[] | null>, allowUnsigned: boolean): Promise<boolean> {
    let chosen: string | string[] | null;
    try {
      chosen = await dialog();
    } catch (error) {
      this.refusal = { stage: 'check', error };
      return true;
    }
    const path = Array.isArray(chosen) ? chosen[0] : chosen;
    return path ? this.check(path, allowUnsigned) : false;
  }

  /** The dry run of `path`. Returns whether it answered (false when a later check started). */
  async check(path: string, allowUnsigned: boolean): Promise<boolean> {
    const mine = ++this.#checks;
    this.path = path;
    this.allowUnsigned = allowUnsigned;
    this.refusal = null;
    this.preview = null;
    this.result = null;
    this.busy = 'checking';
    try {
      const preview = await this.#run(path, true, allowUnsigned);
      if (mine !== this.#checks) return false;
      this.preview = preview;
    } catch (error) {
      if (mine !== this.#checks) return false;
      this.refusal = { stage: 'check', error };
    } finally {
      if (mine === this.#checks) this.busy = '';
    }
    return true;
  }

  /** The import of the file previewed, with the preview's choices. Returns whether it was done. */
  async confirm(): Promise<boolean> {
    if (!this.preview || this.busy) return false;
    this.refusal = null;
    this.busy = 'importing';
    try {
      this.result = await this.#run(this.path, false, this.allowUnsigned);
      this.preview = null;
      return true;
    } catch (error) {
      this.refusal = { stage: 'import', error };
      return false;
    } finally {
      this.busy = '';
    }
  }

  /** Back to no file; a check still running is then ignored. */
  reset() {
    this.#checks++;
    this.path = '';
    this.busy = '';
    this.preview = null;
    this.result = null;
    this.refusal = null;
    this.allowUnsigned = false;
  }
}
