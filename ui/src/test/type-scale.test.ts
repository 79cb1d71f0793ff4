// Every stylesheet keeps to the type scale app.css states: each size × weight a page uses is a
// font WebKitGTK sets up on the page's first layout (about 7 ms each), so a stray 0.87rem or a
// weight 550 costs the desktop app time on screen (docs/performance.md, fifth round).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..');
/** The scale: rem sizes, their px equivalents for SVG text (1rem = 15px), and the score's figure. */
const SIZES = new Set([
  '0.8rem',
  '0.9rem',
  '1rem',
  '1.15rem',
  '1.35rem',
  '1.6rem',
  '3.2rem',
  '12px',
  '13.5px',
  '15px',
  'inherit',
]);
const WEIGHTS = new Set(['400', '700', 'normal', 'bold', 'inherit']);

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : stylesheets(path);
    return /\.(svelte|css)$/.test(e.name) ? [path] : [];
  });
}

/** Each `font-size`, `font-weight` and `font` shorthand off the scale, as "file:line: declaration". */
function offScale(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `${relative(SRC, path)}:${i + 1}`;
    for (const m of line.matchAll(/(?<![-\w])font-(size|weight)\s*:\s*([^;}"]+)/g)) {
      const value = m[2].trim();
      if (!(m[1] === 'size' ? SIZES : WEIGHTS).has(value)) out.push(`${where}: font-${m[1]}: ${value}`);
    }
    for (const m of line.matchAll(/(?<![-\w])font\s*:\s*([^;}"]+)/g)) {
      if (m[1].trim() !== 'inherit') out.push(`${where}: font: ${m[1].trim()}`);
    }
  });
  return out;
}

describe('type scale', () => {
  const files = stylesheets(SRC);

  it('finds the stylesheets', () => {
    expect(files.some((f) => f.endsWith('app.css'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.svelte')).length).toBeGreaterThan(20);
  });

  it('holds every font size and weight to the scale', () => {
    expect(files.flatMap((f) => offScale(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('names what is off the scale', () => {
    const css = '.a { font-size: 0.87rem; font-weight: 550 }\n.b { font: 600 12px sans-serif; }';
    expect(offScale(join(SRC, 'x.css'), css)).toEqual([
      'x.css:1: font-size: 0.87rem',
      'x.css:1: font-weight: 550',
      'x.css:2: font: 600 12px sans-serif',
    ]);
  });
});
