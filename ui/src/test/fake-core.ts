// The one stand-in for the Rust core, used by the Vitest tests (src/test/fake-api.ts) and the
// Playwright tests (e2e/fake-core.browser.ts, bundled by Vite in e2e/global-setup.ts). It sits beneath
// src/lib/api.ts, where the Tauri shell would: it defines window.__TAURI_INTERNALS__, so the app's
// own api.ts, @tauri-apps/api (invoke, events) and the dialog and opener plugins run as they do in
// the desktop app.
//
// It holds no business rule. Every answer is replayed from e2e/fixtures/core.json, which
// e2e/fixtures/make-fixtures.mjs made with the real CLI: the core is in one recorded state at a
// time; a read (portfolio, company, search, lists, hits…) is answered from that state by the exact
// request; a write (save, delete, import, screen, review…) is answered only if the CLI performed
// that exact request in that state, and then moves the fake to the state the CLI left behind.
// Anything not recorded is refused loudly, naming the request, so a test cannot pass on an
// invented answer. Only the shell's side is answered here: the dialogs (what the user picks, set by
// the test), the opener, event listeners, ui_ready, and the file the app was started with when the
// test gives one (otherwise launch_file gives the recorded null).
import type { ApiError } from '../lib/bindings/ApiError';
import type { PortfolioRow } from '../lib/bindings/PortfolioRow';

/** A recorded answer: the value the core returned, or its refusal. */
export type Answer = { ok: unknown } | { err: ApiError };
/** An event the shell emits while a write runs (brief-progress, list-progress). */
export interface CoreEvent {
  event: string;
  payload: unknown;
}
/** A write the CLI performed in state `from`: its answer, its events, and the state it led to. */
export interface Transition {
  from: string;
  key: string;
  answer: Answer;
  to?: string;
  events?: CoreEvent[];
}
/** e2e/fixtures/core.json. A state answers what it does not hold as its base does. */
export interface CoreFixture {
  as_of: string;
  start: string;
  states: Record<string, { base?: string; answers: Record<string, Answer> }>;
  transitions: Transition[];
}

/** What a test sets up: the state to start in and what the user picks in the dialogs. */
export interface FakeOptions {
  /** The recorded state to start in; by default the fixture's start (the sample with two lists imported). */
  state?: string;
  /** What the save dialog answers (null: cancelled); by default a file on the Desktop. */
  savePath?: string | null;
  /** What the open dialog for a bundle answers (null: cancelled); by default /home/analyst/Downloads/team.json. */
  openPath?: string | null;
  /** What the open dialog for a register answers (null: cancelled); by default /home/analyst/Downloads/register.csv. */
  registerPath?: string | null;
  /** What the open dialog for a list pack answers (null: cancelled); by default /home/analyst/Downloads/riskbrief-lists.rbl. */
  packPath?: string | null;
  /** What the open dialog for list files answers (null: cancelled); by default the NDAA §889 file. */
  listFiles?: string[] | null;
  /** The file the app was started with (`riskbrief-desktop FILE`): launch_file gives it once, as the
   * shell does, then the recorded null; by default none. */
  launchFile?: string | null;
  /** A portfolio of this many rows: the recorded rows repeated under made-up names (for scrolling). */
  bulk?: number;
  /** Milliseconds between the events of a write (progress); 60 by default. */
  progressDelay?: number;
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

/** The key an answer is recorded under: the command and its arguments as canonical JSON (make-fixtures.mjs). */
export function requestKey(cmd: string, args: Record<string, unknown> = {}): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${cmd} ${JSON.stringify(canon(args))}`;
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const basename = (p: string) => p.split(/[\\/]/).pop() ?? p;

export class FakeCore {
  state: string;
  readonly calls: Call[] = [];
  private readonly callbacks = new Map<number, (data: unknown) => unknown>();
  private readonly listeners = new Map<string, number[]>();
  private nextCallback = 1;
  private launched = false;

  constructor(
    private readonly fixture: CoreFixture,
    readonly options: FakeOptions = {},
  ) {
    this.state = options.state ?? fixture.start;
    if (!fixture.states[this.state]) throw new Error(`fake core: no recorded state "${this.state}"`);
  }

  /** The answer recorded for a read in the current state (or its base), if any. */
  read(key: string, state = this.state): Answer | undefined {
    for (let s: string | undefined = state; s; s = this.fixture.states[s].base) {
      const a = this.fixture.states[s].answers[key];
      if (a) return a;
    }
    return undefined;
  }

  /** The write recorded for a request in a state, if any. */
  transition(key: string, state = this.state): Transition | undefined {
    return this.fixture.transitions.find((t) => t.from === state && t.key === key);
  }

  /** Is anyone listening to this event? */
  listening(event: string): boolean {
    return (this.listeners.get(event) ?? []).length > 0;
  }

  /** Sends an event to the app's listeners, as the shell does. */
  emit(event: string, payload: unknown) {
    for (const id of this.listeners.get(event) ?? []) this.callbacks.get(id)?.({ event, id, payload });
  }

  async invoke(cmd: string, args: Record<string, unknown> = {}): Promise<unknown> {
    this.calls.push({ cmd, args: structuredClone(args) });
    await sleep(0);
    const shell = this.shell(cmd, args);
    if (shell !== undefined) return shell.value;
    const key = requestKey(cmd, args);
    const write = this.transition(key);
    if (write) {
      for (const e of write.events ?? []) {
        this.emit(e.event, structuredClone(e.payload));
        await sleep(this.options.progressDelay ?? 60);
      }
      if (write.to) this.state = write.to;
      return settle(write.answer);
    }
    if (cmd === 'portfolio_head' && this.options.bulk) {
      // The bulk portfolio's first rows: as the portfolio answers, cut.
      const all = (await this.invoke('portfolio', { asOf: args.asOf })) as PortfolioRow[];
      return { total: all.length, rows: all.slice(0, Number(args.limit)) };
    }
    const read = this.read(key);
    if (read) {
      if (cmd === 'portfolio' && this.options.bulk && 'ok' in read)
        return bulk(read.ok as PortfolioRow[], this.options.bulk);
      return settle(read);
    }
    const message = `fake core: nothing recorded for ${key} in state "${this.state}" (record it in e2e/fixtures/make-fixtures.mjs)`;
    console.error(message);
    throw { code: 'internal', message } satisfies ApiError;
  }

  /** The shell's own commands: dialogs (the test's picks), the opener, events, start-up. */
  private shell(cmd: string, args: Record<string, unknown>): { value: unknown } | undefined {
    const o = this.options;
    const dialog = (args.options ?? {}) as {
      defaultPath?: string;
      multiple?: boolean;
      filters?: { extensions: string[] }[];
    };
    const register = (dialog.filters ?? []).some((f) => f.extensions.includes('xlsx'));
    const pack = (dialog.filters ?? []).some((f) => f.extensions.includes('rbl'));
    switch (cmd) {
      case 'plugin:dialog|save':
        if (o.savePath !== undefined) return { value: o.savePath };
        return {
          value: /\.(riskbrief|json|xlsx|csv|rbl)$/.test(String(dialog.defaultPath ?? ''))
            ? `/home/analyst/Desktop/${basename(dialog.defaultPath!)}`
            : '/home/analyst/Desktop/chosen.pdf',
        };
      case 'plugin:dialog|open':
        if (dialog.multiple)
          return {
            value: o.listFiles !== undefined ? o.listFiles : ['/home/analyst/Downloads/lists/ndaa-section-889.csv'],
          };
        if (pack)
          return { value: o.packPath !== undefined ? o.packPath : '/home/analyst/Downloads/riskbrief-lists.rbl' };
        if (register)
          return { value: o.registerPath !== undefined ? o.registerPath : '/home/analyst/Downloads/register.csv' };
        return { value: o.openPath !== undefined ? o.openPath : '/home/analyst/Downloads/team.json' };
      case 'launch_file':
        if (!o.launchFile || this.launched) return undefined; // the recorded answer: no file
        this.launched = true;
        return { value: o.launchFile };
      case 'plugin:opener|open_url':
      case 'plugin:opener|open_path':
      case 'ui_ready':
        return { value: null };
      case 'plugin:event|listen': {
        const { event, handler } = args as { event: string; handler: number };
        this.listeners.set(event, [...(this.listeners.get(event) ?? []), handler]);
        return { value: handler };
      }
      case 'plugin:event|unlisten': {
        const { event, eventId } = args as { event: string; eventId: number };
        this.listeners.set(
          event,
          (this.listeners.get(event) ?? []).filter((id) => id !== eventId),
        );
        return { value: null };
      }
      default:
        return undefined;
    }
  }

  /** Defines what @tauri-apps/api calls on window: invoke, callbacks, and the event plugin's unlisten. */
  install(win: Window) {
    const w = win as unknown as Record<string, unknown>;
    w.__TAURI_INTERNALS__ = {
      invoke: (cmd: string, args?: Record<string, unknown>) => this.invoke(cmd, args ?? {}),
      transformCallback: (cb?: (data: unknown) => unknown, once = false) => {
        const id = this.nextCallback++;
        this.callbacks.set(id, (data) => {
          if (once) this.callbacks.delete(id);
          return cb?.(data);
        });
        return id;
      },
      unregisterCallback: (id: number) => this.callbacks.delete(id),
      runCallback: (id: number, data: unknown) => this.callbacks.get(id)?.(data),
      callbacks: this.callbacks,
      convertFileSrc: (path: string) => path,
      metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
    };
    w.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
      unregisterListener: (event: string, id: number) => {
        this.listeners.set(
          event,
          (this.listeners.get(event) ?? []).filter((x) => x !== id),
        );
        this.callbacks.delete(id);
      },
    };
  }
}

function settle(a: Answer): unknown {
  if ('err' in a) throw structuredClone(a.err);
  return structuredClone(a.ok);
}

/** n rows for the scrolling tests: the recorded rows in turn, each under a made-up name. */
function bulk(rows: PortfolioRow[], n: number): PortfolioRow[] {
  return Array.from({ length: n }, (_, i) => {
    const row = rows[i % rows.length];
    const name = `Vendor ${String(i).padStart(5, '0')} Holdings Ltd.`;
    return {
      ...structuredClone(row),
      summary: {
        ...structuredClone(row.summary),
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        slug: `vendor-${i}`,
        legal_name: name,
        display_name: name,
      },
    };
  });
}
