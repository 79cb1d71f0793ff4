import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The built UI (npm run build) is served by
// e2e/global-setup.ts on a free port, with the app's CSP; the core is the fake of src/test/fake-core.ts.
export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  // Generous: a busy 2-core CI machine is several times slower than a laptop (the axe scans take
  // 11 s here).
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 820 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
  },
});
