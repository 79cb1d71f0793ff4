import { describe, expect, it, vi } from 'vitest';
import { DryRunImport } from '$lib/dry-run.svelte';

/** A core that answers each run when told to, so tests choose the order of the answers. */
function core() {
  const calls: { path: string; dryRun: boolean; allowUnsigned: boolean }[] = [];
  const pending: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const run = (path: string, dryRun: boolean, allowUnsigned: boolean) => {
    calls.push({ path, dryRun, allowUnsigned });
    return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { calls, pending, run };
}

describe('DryRunImport', () => {
  it('imports the file previewed with the choice the preview was made with', async () => {
    const c = core();
    const imp = new DryRunImport(c.run);
    const checked = imp.check('/a.riskbrief', true);
    expect(imp.busy).toBe('checking');
    c.pending[0].resolve('would add 2');
    expect(await checked).toBe(true);
    expect(imp).toMatchObject({ preview: 'would add 2', busy: '', refusal: null, path: '/a.riskbrief' });
    const confirmed = imp.confirm();
    expect(imp.busy).toBe('importing');
    c.pending[1].resolve('added 2');
    expect(await confirmed).toBe(true);
    expect(c.calls).toEqual([
      { path: '/a.riskbrief', dryRun: true, allowUnsigned: true },
      { path: '/a.riskbrief', dryRun: false, allowUnsigned: true },
    ]);
    expect(imp).toMatchObject({ preview: null, result: 'added 2', busy: '' });
  });

  it('ignores a check that answers after a later one started', async () => {
    const c = core();
    const imp = new DryRunImport(c.run);
    const first = imp.check('/slow', false);
    const second = imp.check('/fast', false);
    c.pending[1].resolve('fast preview');
    expect(await second).toBe(true);
    c.pending[0].reject(new Error('slow refusal'));
    expect(await first).toBe(false);
    expect(imp).toMatchObject({ path: '/fast', preview: 'fast preview', refusal: null, busy: '' });
  });

  it('keeps the preview and says which run failed when the import is refused', async () => {
    const c = core();
    const imp = new DryRunImport(c.run);
    const checked = imp.check('/a', false);
    c.pending[0].reject('unsigned');
    await checked;
    expect(imp.refusal).toEqual({ stage: 'check', error: 'unsigned' });
    expect(await imp.confirm()).toBe(false);
    expect(c.calls).toHaveLength(1);

    const again = imp.check('/a', true);
    c.pending[1].resolve('would add 1');
    await again;
    const confirmed = imp.confirm();
    c.pending[2].reject('disk full');
    expect(await confirmed).toBe(false);
    expect(imp).toMatchObject({ refusal: { stage: 'import', error: 'disk full' }, preview: 'would add 1', busy: '' });
  });

  it('forgets everything on reset, and a check still running stays forgotten', async () => {
    const c = core();
    const imp = new DryRunImport(c.run);
    const checked = imp.check('/a', true);
    imp.reset();
    c.pending[0].resolve('late');
    expect(await checked).toBe(false);
    expect(imp).toMatchObject({ path: '', preview: null, result: null, refusal: null, busy: '', allowUnsigned: false });
  });

  it('checks the first file chosen, leaves all as it was on a cancel and shows a failed dialog as a refusal', async () => {
    const c = core();
    const imp = new DryRunImport(c.run);
    const chosen = imp.choose(async () => ['/first.riskbrief', '/second.riskbrief'], true);
    await vi.waitFor(() => expect(c.pending).toHaveLength(1));
    c.pending[0].resolve('would add 3');
    expect(await chosen).toBe(true);
    expect(c.calls).toEqual([{ path: '/first.riskbrief', dryRun: true, allowUnsigned: true }]);

    expect(await imp.choose(async () => null, false)).toBe(false);
    expect(await imp.choose(async () => [], false)).toBe(false);
    expect(c.calls).toHaveLength(1);
    expect(imp).toMatchObject({ path: '/first.riskbrief', preview: 'would add 3', refusal: null, allowUnsigned: true });

    expect(await imp.choose(() => Promise.reject('no portal'), false)).toBe(true);
    expect(imp.refusal).toEqual({ stage: 'check', error: 'no portal' });
    expect(c.calls).toHaveLength(1);
  });
});
