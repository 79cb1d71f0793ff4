// Filtering and sorting the portfolio: pure, so 10,000 rows can be re-sorted cheaply and tested.
import type { Band } from './bindings/Band';
import type { PortfolioRow } from './bindings/PortfolioRow';
import { countryName } from './format';

export type SortKey =
  'name' | 'band' | 'score' | 'country' | 'allegations' | 'designations' | 'restrictions' | 'platforms' | 'updated';

export interface Filter {
  text: string;
  band: Band | '';
  country: string;
}

export const BANDS: Band[] = ['low', 'moderate', 'high', 'severe'];
const bandRank = (b: Band) => BANDS.indexOf(b);

function key(row: PortfolioRow, k: SortKey): string | number {
  const s = row.summary;
  switch (k) {
    case 'name':
      return s.display_name.toLocaleLowerCase();
    case 'band':
      return bandRank(row.band) * 1000 + row.score;
    case 'score':
      return row.score;
    case 'country':
      return countryName(s.country);
    case 'allegations':
      return s.allegations;
    case 'designations':
      return s.designations_listed;
    case 'restrictions':
      return s.restrictions;
    case 'platforms':
      return s.platforms.length;
    case 'updated':
      return s.updated_at;
  }
}

export function filterRows(rows: PortfolioRow[], f: Filter): PortfolioRow[] {
  const needle = f.text.trim().toLocaleLowerCase();
  return rows.filter((r) => {
    if (f.band && r.band !== f.band) return false;
    if (f.country && r.summary.country !== f.country) return false;
    if (!needle) return true;
    const s = r.summary;
    return (
      s.display_name.toLocaleLowerCase().includes(needle) ||
      s.legal_name.toLocaleLowerCase().includes(needle) ||
      s.slug.includes(needle) ||
      s.country.toLocaleLowerCase() === needle ||
      countryName(s.country).toLocaleLowerCase().includes(needle) ||
      s.platforms.some((p) => p.toLocaleLowerCase().includes(needle))
    );
  });
}

/** Sorted copy; ties keep the riskiest first, then the name, so the order is stable. */
export function sortRows(rows: PortfolioRow[], k: SortKey, dir: 'asc' | 'desc'): PortfolioRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const keyed = rows.map((r) => ({ r, k: key(r, k) }));
  keyed.sort((a, b) => {
    if (a.k < b.k) return -sign;
    if (a.k > b.k) return sign;
    return b.r.score - a.r.score || a.r.summary.display_name.localeCompare(b.r.summary.display_name);
  });
  return keyed.map((x) => x.r);
}
