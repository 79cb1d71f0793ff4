// Tells the shell, once, that the first data is on screen (the start-up time measurement).
import { api } from './api';

let told = false;

export function markReady() {
  if (told) return;
  told = true;
  requestAnimationFrame(() => {
    api.uiReady?.().catch(() => {
      // Outside the desktop shell (tests, a browser) there is no one to tell.
    });
  });
}

/** Test hook: forget that the shell was told. */
export function resetReady() {
  told = false;
}
