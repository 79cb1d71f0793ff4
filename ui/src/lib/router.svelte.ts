// Hash routing: #/portfolio, #/company/<slug>, #/inbox, #/timeline, #/matrix, #/briefs[/<slug>],
// #/lists[?company=<slug>&hit=<id>],
// #/exposure[?vendor=<slug>&deployment=<id>], #/scenarios[?name=<name>&company=<slug>], #/exchange[?file=<path>],
// #/settings. (#/briefs?company=<slug> is read too.)
export type Route =
  | { name: 'portfolio' }
  | { name: 'company'; slug: string }
  | { name: 'inbox' }
  | { name: 'timeline' }
  | { name: 'matrix' }
  | { name: 'briefs'; company: string | null }
  | { name: 'lists'; company: string | null; hit: string | null }
  | { name: 'exposure'; vendor: string | null; deployment: string | null }
  | { name: 'scenarios'; scenario: string | null; company: string | null }
  | { name: 'exchange'; file: string | null }
  | { name: 'settings' }
  | { name: 'not_found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/portfolio';
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0] ?? 'portfolio') {
    case 'portfolio':
      return { name: 'portfolio' };
    case 'company':
      return parts[1] ? { name: 'company', slug: parts[1] } : { name: 'portfolio' };
    case 'inbox':
      return { name: 'inbox' };
    case 'timeline':
      return { name: 'timeline' };
    case 'matrix':
      return { name: 'matrix' };
    case 'briefs':
      return { name: 'briefs', company: parts[1] ?? params.get('company') };
    case 'lists':
      return { name: 'lists', company: params.get('company') || null, hit: params.get('hit') || null };
    case 'exposure':
      return { name: 'exposure', vendor: params.get('vendor') || null, deployment: params.get('deployment') || null };
    case 'scenarios':
      return { name: 'scenarios', scenario: params.get('name') || null, company: params.get('company') || null };
    case 'exchange':
      return { name: 'exchange', file: params.get('file') || null };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'not_found', path };
  }
}

export const href = {
  portfolio: () => '#/portfolio',
  company: (slug: string) => `#/company/${encodeURIComponent(slug)}`,
  /** What changed for the portfolio and awaits a decision. */
  inbox: () => '#/inbox',
  /** The portfolio timeline: every company's listings, delistings and government measures. */
  timeline: () => '#/timeline',
  matrix: () => '#/matrix',
  briefs: (company?: string | null) => (company ? `#/briefs/${encodeURIComponent(company)}` : '#/briefs'),
  /** The Lists screen; with a company, its hits are shown; with a hit, that hit is brought into view. */
  lists: (company?: string | null, hit?: string | null) => {
    const q = new URLSearchParams();
    if (company) q.set('company', company);
    if (hit) q.set('hit', hit);
    const s = q.toString();
    return s ? `#/lists?${s}` : '#/lists';
  },
  /** The Exposure screen; with a vendor, filtered to it; with a deployment, that one opened. */
  exposure: (vendor?: string | null, deployment?: string | null) => {
    const q = new URLSearchParams();
    if (vendor) q.set('vendor', vendor);
    if (deployment) q.set('deployment', deployment);
    const s = q.toString();
    return s ? `#/exposure?${s}` : '#/exposure';
  },
  /** The Scenarios screen; with a name, that scenario run; with a company, the scenarios that touch it. */
  scenarios: (name?: string | null, company?: string | null) => {
    const q = new URLSearchParams();
    if (name) q.set('name', name);
    if (company) q.set('company', company);
    const s = q.toString();
    return s ? `#/scenarios?${s.replace(/\+/g, '%20')}` : '#/scenarios';
  },
  /** The Data exchange screen; with a file, the import preview of that bundle (nothing imported yet). */
  exchange: (file?: string | null) => (file ? `#/exchange?file=${encodeURIComponent(file)}` : '#/exchange'),
  settings: () => '#/settings',
};

class Router {
  route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => this.sync());
    }
  }

  sync() {
    this.route = parseHash(location.hash);
  }

  go(hash: string) {
    if (location.hash === hash) this.sync();
    else location.hash = hash;
  }
}

export const router = new Router();
