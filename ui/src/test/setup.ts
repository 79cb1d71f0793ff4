// jsdom does no layout: give it the few browser APIs the UI calls.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= function () {};

// The fixtures were made by the CLI as of 2026-11-28 (e2e/fixtures/make-fixtures.mjs): that is
// "today" for the app, whose requests carry today's date. Only Date is faked; timers run.
import { vi } from 'vitest';
vi.useFakeTimers({ now: new Date('2026-11-28T10:00:00Z'), toFake: ['Date'] });
