import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { appCsp, serve } from './static-server';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The fake core as one script for the page (see helpers.ts), bundled by Vite. */
export const FAKE_CORE_SCRIPT = resolve(ui, 'node_modules/.cache/riskbrief-e2e/fake-core.js');

export default async function globalSetup() {
  mkdirSync(dirname(FAKE_CORE_SCRIPT), { recursive: true });
  await build({
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      lib: {
        entry: resolve(ui, 'e2e/fake-core.browser.ts'),
        formats: ['iife'],
        name: 'RiskBriefFakeCore',
        fileName: () => basename(FAKE_CORE_SCRIPT),
      },
      outDir: dirname(FAKE_CORE_SCRIPT),
      emptyOutDir: false,
      minify: false,
    },
  });
  const { url, server } = await serve(resolve(ui, 'dist'), appCsp(ui));
  process.env.RB_BASE_URL = url;
  return async () => {
    await new Promise((ok) => server.close(ok));
  };
}
