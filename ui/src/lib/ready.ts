// Tells the shell, once, that the first data is on screen (the start-up time measurement).
import { api } from './api';

let told = false;

/** `askedAt`: when the screen asked for its data (performance.now()), so that the shell can
 * also log how long the data took to come and be drawn, apart from the app's start. */
export function markReady(askedAt?: number) {
  if (told) return;
  told = true;
  requestAnimationFrame(() => {
    const dataMs = askedAt === undefined ? null : Math.round(performance.now() - askedAt);
    api.uiReady?.(dataMs).catch(() => {
      // Outside the desktop shell (tests, a browser) there is no one to tell.
    });
  });
}

/** Test hook: forget that the shell was told. */
export function resetReady() {
  told = false;
}
