/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: Tauri serves ui/dist from its own protocol.
  base: './',
  plugins: [svelte(), svelteTesting()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle; no module preload polyfill (it would be an inline script, refused by the CSP).
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: true },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    // Change-history times are shown in local time; tests read them in UTC.
    env: { TZ: 'UTC' },
    // A slow or busy CI machine takes several seconds for a test that types whole forms (one
    // ran 5.3 s there); a timed-out test also keeps typing into the next test's screen.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
