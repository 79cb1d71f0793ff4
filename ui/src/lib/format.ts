// Small, pure formatting helpers shared by the screens.

/** "not_recommended" -> "Not recommended": the wording the core uses for codes without a vocabulary entry. */
export function humanize(code: string): string {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

let regionNames: Intl.DisplayNames | null | undefined;

/** "CN" -> "China" (from the platform's own locale data, so offline); the code when unknown. */
export function countryName(code: string): string {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    } catch {
      regionNames = null;
    }
  }
  try {
    return (/^[A-Z]{2}$/.test(code) && regionNames?.of(code)) || code;
  } catch {
    return code;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A partial date as people read it: "30 Jan 2025", "Jan 2025", "2025"; "—" when unknown. */
export function partialDate(s: string | null | undefined): string {
  if (!s) return '—';
  const [y, m, d] = s.split('-');
  if (!m) return y;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** The date part of an RFC 3339 timestamp, human: "28 Nov 2026". */
export function timestampDate(s: string | null | undefined): string {
  if (!s) return '—';
  return partialDate(s.slice(0, 10));
}

/** An RFC 3339 timestamp in local time, as people read it: "28 Nov 2026, 15:12". */
export function dateTime(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** YYYY, YYYY-MM or YYYY-MM-DD, with a real calendar day. */
export function isPartialDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
}

/** Today in the local time zone, YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The name people use: the first alias ("DeepSeek"), else the legal name. */
export function displayName(c: { aliases?: string[]; legal_name: string }): string {
  return c.aliases?.[0] || c.legal_name;
}

/** One decimal, without a trailing ".0". */
export function points(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** Text to a list: one entry per line or comma-separated, blanks dropped. */
export function splitList(s: string, commas = false): string[] {
  return s
    .split(commas ? /[\n,]/ : /\n/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Empty (after trimming) becomes null, for optional fields. */
export function orNull(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
}

/** Splits a search snippet ("…ught [H800] chip…") into plain and matched parts. */
export function snippetParts(s: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) parts.push({ text: s.slice(last, m.index), match: false });
    parts.push({ text: m[1], match: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) parts.push({ text: s.slice(last), match: false });
  return parts;
}

/** A long address, short enough to read: "media.defense.gov/…/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COM….PDF". */
export function shortUrl(url: string, max = 48): string {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^www\./, '');
    const parts = u.pathname.split('/').filter(Boolean);
    let last = parts[parts.length - 1] ?? '';
    if (last.length > max) {
      const dot = last.lastIndexOf('.');
      const ext = dot > 0 && last.length - dot <= 6 ? last.slice(dot) : '';
      last = `${last.slice(0, max - ext.length - 1)}…${ext}`;
    }
    return parts.length > 1 ? `${host}/…/${last}` : `${host}${last ? `/${last}` : ''}`;
  } catch {
    return url;
  }
}
