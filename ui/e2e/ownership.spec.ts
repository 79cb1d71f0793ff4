import { test } from '@playwright/test';
import { openApp } from './helpers';

for (const [state, slug] of [['sample', 'deepseek'], ['relation-added', 'deepseek'], ['sample', 'high-flyer'], ['person-relation-added', 'huawei']])
  for (const scheme of ['light', 'dark'] as const)
  test(`look ${state} ${slug} ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page, `#/company/${slug}`, { state });
    await page.getByTestId('ownership-graph').waitFor();
    await page.setViewportSize({ width: 1280, height: 4000 });
    await page.getByTestId('ownership').screenshot({ path: `/tmp/scratch/${state}-${slug}-${scheme}.png` });
    await page.getByTestId('ownership-graph').screenshot({ path: `/tmp/scratch/g-${state}-${slug}-${scheme}.png` });
  });
