// A stand-in for the Tauri core in the browser e2e tests: defines window.__TAURI_INTERNALS__
// (what @tauri-apps/api's invoke, listen and the dialog/opener plugins call) over an in-memory
// copy of fixtures made by the real CLI (e2e/fixtures/). Saves change that copy and re-score the
// allegations factor the way docs/methodology.md describes, so a new allegation moves the score.
//
// Set before this script runs: window.__RB_FIXTURES__ (the fixture files by name) and,
// optionally, window.__RB_OPTIONS__ = { bulk: N, fail: { command: {code, message} }, savePath, openPath,
// listFiles, lists: 'empty', progressDelay }.
// Bundle imports answer with the real CLI's plans (fixtures/exchange.json); a bundle file named
// like one of its refusals (tampered.json, truncated.json, newer.json, wrong-signature.json,
// untrusted.json, unsigned.json) is refused with the CLI's message.
// Official lists (fixtures/lists.json, made by the real CLI): the database starts with the FCC
// Covered List (a current and an earlier snapshot) and the DoD 1260H list, unless options.lists is
// 'empty'. Importing a file answers by its name (the open dialog for list files answers
// options.listFiles) with what the CLI gave for that file in that format, or the core's refusal of
// it, emitting list-progress events; refusals that depend on what is imported are filled in from
// the CLI's words. Screening finds the name pairs the CLI found (the fixture's candidates, down to
// its candidate_floor) at or above the threshold; reviews follow the core's rules.
// Every call is recorded in window.__RB_CALLS__.
(() => {
  const fx = window.__RB_FIXTURES__;
  if (!fx) throw new Error('mock-ipc: window.__RB_FIXTURES__ is not set');
  const options = window.__RB_OPTIONS__ ?? {};
  const db = {
    companies: structuredClone(fx.companies),
    sources: structuredClone(fx.sources),
    settings: structuredClone(fx.settings),
  };
  const calls = (window.__RB_CALLS__ = []);
  const NIL = '00000000-0000-0000-0000-000000000000';
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const uuid = () => crypto.randomUUID();
  const fail = (code, message) => ({ code, message });
  const DEFAULT_BRIEFS_DIR = fx.settings.effective_briefs_dir || '/home/analyst/Documents/RiskBrief';
  const effective = (settings) => ({ ...settings, effective_briefs_dir: settings.briefs_dir || DEFAULT_BRIEFS_DIR });
  const basename = (p) => String(p ?? '').split(/[\\/]/).pop();

  // --- scoring (allegations factor only; the other factors keep the CLI's numbers) ---
  const SEVERITY = { military_intelligence: 10, sanctions_evasion: 10, data_sharing: 9, export_control_evasion: 8, cyber: 8, misrepresentation: 4, other: 3 };
  const STATUS = { confirmed: 1, corroborated: 0.8, under_investigation: 0.6, alleged: 0.5, disputed: 0.3, resolved: 0.1, refuted: 0 };
  const REL = { A: 1, B: 0.85, C: 0.7, D: 0.45, E: 0.25, F: 0.5 };
  const CRED = { 1: 1, 2: 0.85, 3: 0.7, 4: 0.45, 5: 0.2, 6: 0.5 };
  const round1 = (x) => Math.round(x * 10) / 10;
  function bandOf(score) {
    return score >= 75 ? 'severe' : score >= 50 ? 'high' : score >= 25 ? 'moderate' : 'low';
  }
  function rescore(view) {
    const asOf = new Date(view.assessment.as_of);
    const sources = new Map(db.sources.map((s) => [s.id, s]));
    let sum = 0;
    const contributions = view.data.allegations.map((a) => {
      const weights = a.citations.map((c) => REL[sources.get(c.source_id)?.reliability ?? 'F'] * CRED[c.credibility]);
      const evidence = Math.min(1, Math.max(0, ...weights) + 0.1 * Math.max(0, weights.length - 1));
      let recency = 0.75;
      if (a.first_reported) {
        const [y, m = '01', d = '01'] = a.first_reported.split('-');
        const years = (asOf - new Date(`${y}-${m}-${d}`)) / (365.25 * 864e5);
        recency = years <= 2 ? 1 : Math.max(0.25, 0.5 ** ((years - 2) / 4));
      }
      const w = SEVERITY[a.category] * STATUS[a.status] * evidence * recency;
      sum += w;
      return { fact_id: a.id, points: round1(w), note: `${a.category} (${a.status}): evidence ${evidence.toFixed(2)}` };
    });
    const factor = view.assessment.factors.find((f) => f.kind === 'allegations');
    factor.points = round1(40 * (1 - Math.exp(-sum / 20)));
    factor.contributions = contributions;
    factor.rationale = `${view.data.allegations.length} allegation(s). Weighted by category, status, evidence grade and age.`;
    view.assessment.score = Math.round(view.assessment.factors.reduce((t, f) => t + f.points, 0));
    const band = bandOf(view.assessment.score);
    view.assessment.band = view.assessment.band_floor && band !== 'severe' ? 'high' : band;
    view.data.company.updated_at = now();
  }

  function summary(view) {
    const d = view.data;
    return {
      id: d.company.id,
      slug: d.company.slug,
      legal_name: d.company.legal_name,
      display_name: d.company.aliases[0] || d.company.legal_name,
      country: d.company.country,
      allegations: d.allegations.length,
      designations_listed: new Set(d.designations.filter((x) => x.status === 'listed').map((x) => x.list)).size,
      restrictions: d.restrictions.length,
      platforms: [...new Set(d.cloud_offerings.map((o) => o.platform))].sort(),
      updated_at: d.company.updated_at,
    };
  }

  function portfolio() {
    if (options.bulk) return bulkRows(options.bulk);
    return Object.values(db.companies)
      .map((v) => ({ summary: summary(v), score: v.assessment.score, band: v.assessment.band }))
      .sort((a, b) => b.score - a.score || a.summary.display_name.localeCompare(b.summary.display_name));
  }

  function bulkRows(n) {
    const countries = ['CN', 'US', 'DE', 'RU', 'IN', 'JP', 'GB', 'FR', 'KR', 'IL'];
    const clouds = [[], ['Amazon'], ['Google', 'Microsoft'], ['Amazon', 'Google', 'Microsoft']];
    return Array.from({ length: n }, (_, i) => {
      const score = (i * 37) % 101;
      return {
        summary: {
          id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          slug: `vendor-${i}`,
          legal_name: `Vendor ${String(i).padStart(5, '0')} Holdings Ltd.`,
          display_name: `Vendor ${String(i).padStart(5, '0')} Holdings Ltd.`,
          country: countries[i % countries.length],
          allegations: i % 7,
          designations_listed: i % 3,
          restrictions: i % 5,
          platforms: clouds[i % clouds.length],
          updated_at: '2026-11-28T00:00:00Z',
        },
        score,
        band: bandOf(score),
      };
    });
  }

  function find(reference) {
    const r = String(reference).toLowerCase();
    const view = Object.values(db.companies).find(
      (v) => v.data.company.slug === r || v.data.company.id === reference || v.data.company.legal_name.toLowerCase() === r,
    );
    if (!view) throw fail('not_found', `no company matches "${reference}"`);
    return view;
  }
  const byId = (id) => Object.values(db.companies).find((v) => v.data.company.id === id);

  function required(what, field, value) {
    if (!String(value ?? '').trim()) throw fail('validation', `${what}: field \`${field}\`: must not be empty`);
  }

  function citedSources(view) {
    const ids = new Set([
      ...view.data.company.source_ids,
      ...view.data.allegations.flatMap((a) => [...a.citations.map((c) => c.source_id), ...a.responses.map((r) => r.source_id)]),
      ...[...view.data.designations, ...view.data.restrictions, ...view.data.cloud_offerings].map((x) => x.source_id),
    ]);
    view.data.sources = db.sources.filter((s) => ids.has(s.id));
  }

  function upsert(list, record) {
    const i = list.findIndex((x) => x.id === record.id);
    if (i >= 0) list[i] = record;
    else list.push(record);
  }

  let auditId = 10_000;
  function audit(view, action, table, record) {
    const changes = {};
    for (const [k, v] of Object.entries(record)) if (typeof v === 'string') changes[k] = action === 'delete' ? [v, null] : [null, v];
    view.history = view.history ?? [];
    view.history.unshift({ id: auditId++, at: now(), actor: db.settings.analyst || 'analyst', action, table, record_id: record.id, company_id: view.data.company.id, changes });
  }

  function saveChild(key, record, check) {
    const view = byId(record.company_id);
    if (!view) throw fail('not_found', `company ${record.company_id} not found`);
    check?.(record);
    const created = record.id === NIL;
    record = { ...record, id: created ? uuid() : record.id, updated_at: now() };
    upsert(view.data[key], record);
    audit(view, created ? 'create' : 'update', key, record);
    citedSources(view);
    rescore(view);
    return record;
  }

  function search(query) {
    const q = query.toLowerCase();
    const snip = (text) => {
      const i = text.toLowerCase().indexOf(q);
      return i < 0 ? text.slice(0, 60) : `…${text.slice(Math.max(0, i - 10), i)}[${text.slice(i, i + q.length)}]${text.slice(i + q.length, i + q.length + 20)}…`;
    };
    const hits = [];
    for (const v of Object.values(db.companies)) {
      const c = v.data.company;
      const hay = [c.legal_name, c.native_name ?? '', ...c.aliases, ...c.products].join(' ');
      if (hay.toLowerCase().includes(q)) hits.push({ kind: 'company', id: c.id, company_slug: c.slug, title: c.legal_name, snippet: snip(hay) });
      for (const a of v.data.allegations) {
        const text = `${a.summary} ${a.detail ?? ''}`;
        if (text.toLowerCase().includes(q)) hits.push({ kind: 'allegation', id: a.id, company_slug: c.slug, title: a.summary, snippet: snip(text) });
      }
    }
    for (const s of db.sources) {
      const text = `${s.publisher} ${s.title}`;
      if (text.toLowerCase().includes(q)) hits.push({ kind: 'source', id: s.id, company_slug: null, title: `${s.publisher}: ${s.title}`, snippet: snip(text) });
    }
    return hits;
  }

  // --- bundles ---
  const REFUSED = {
    'tampered.json': 'tampered',
    'truncated.json': 'truncated',
    'newer.json': 'newer_schema',
    'wrong-signature.json': 'wrong_signature',
    'untrusted.json': 'untrusted_key',
    'unsigned.json': 'unsigned',
  };
  function importBundle({ path, dryRun, allowUnsigned }) {
    const name = basename(path);
    const refused = REFUSED[name];
    if (refused && !(refused === 'unsigned' && allowUnsigned)) {
      const e = fx.exchange.errors[refused];
      // The CLI's message names the file as it was given; the app gives the full path.
      throw fail(e.code, e.message.replace(/^[^:]+\.json:/, `${path}:`));
    }
    const plan = structuredClone(dryRun ? fx.exchange.preview : fx.exchange.applied);
    if (refused === 'unsigned') plan.signer = null;
    return plan;
  }
  function exportCount(company) {
    if (!company) return fx.exchange.export_counts.all;
    const view = find(company);
    return fx.exchange.export_counts[view.data.company.slug] ?? 1 + view.data.sources.length + view.data.allegations.length + view.data.designations.length + view.data.restrictions.length + view.data.cloud_offerings.length;
  }

  // --- events ---
  const callbacks = new Map();
  const listeners = new Map();
  let nextCallback = 1;
  function transformCallback(cb, once = false) {
    const id = nextCallback++;
    callbacks.set(id, (data) => {
      if (once) callbacks.delete(id);
      return cb && cb(data);
    });
    return id;
  }
  function emit(event, payload) {
    for (const id of listeners.get(event) ?? []) callbacks.get(id)?.({ event, id, payload });
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


  // --- official lists ---
  const LX = fx.lists;
  const R = LX.refusals;
  const empty = options.lists === 'empty';
  /** The format a file was imported in reads it the same way again. */
  const readOf = (file, format) => LX.files[file]?.reads[format];
  const lists = {
    snapshots: empty ? [] : structuredClone(LX.snapshots),
    changes: empty ? [] : structuredClone(LX.changes),
    // Only a current snapshot keeps its entries: those of the file it was imported from.
    entries: empty ? {} : Object.fromEntries(LX.snapshots.filter((s) => !s.replaced_at).map((s) => [s.id, structuredClone(readOf(s.files[0], s.format).entries)])),
    hits: [],
    screenings: [],
  };
  const OFFICIAL = { ofac_sdn: 'ofac_sdn', dod_1260h: 'dod_1260h', fcc_covered: 'fcc_covered', ndaa_889: 'ndaa_889', bis_meu: 'bis_meu' };
  const currentSnapshots = () => lists.snapshots.filter((s) => !s.replaced_at);
  const hexOf = (text) => [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('').padEnd(64, '0').slice(0, 64);
  /** A refusal from the fixture: its {values} filled in, and the file it names given by its path, as the app gives it. */
  function refusal(r, values = {}, path = null) {
    let message = r.message.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
    if (path && message.startsWith(`${basename(path)}:`)) message = `${path}${message.slice(basename(path).length)}`;
    return fail(r.code, message);
  }

  function sortedSnapshots() {
    const current = currentSnapshots().sort((a, b) => a.title.localeCompare(b.title));
    const earlier = lists.snapshots.filter((s) => s.replaced_at).sort((a, b) => b.imported_at.localeCompare(a.imported_at));
    return [...current, ...earlier];
  }

  /** Checks as the core does: the files in the format, the date, then against the list's current snapshot. */
  async function importList({ request }) {
    const { format, paths } = request;
    const names = paths.map(basename);
    if (names.length === 0) throw fail('validation', 'no list file given'); // the UI asks for a file first
    for (const p of paths) if (R.paths[p]) throw refusal(R.paths[p], {}, p);
    if (format !== 'ofac' && names.length > 1) throw refusal(R.one_file, { format, count: names.length });
    paths.forEach((p, i) => {
      if (!LX.files[names[i]]) throw fail('validation', `${p}: mock-ipc knows only the list files in e2e/fixtures/lists.json`);
    });
    const files = names.map((n) => LX.files[n]);
    const read = files[0].reads[format];
    if (!read) throw refusal(files[0].refusals[format], {}, paths[0]);
    files.forEach((f, i) => {
      if (i > 0 && !f.ofac_follower) throw refusal(f.refusals.after_sdn, {}, paths[i]);
    });
    if (!request.as_of && !read.as_of) throw refusal(read.no_date, {}, paths[0]);
    const asOf = request.as_of || read.as_of;
    const asOfFrom = request.as_of ? LX.as_of_given : read.as_of_from;
    // An OFAC sdn.csv was imported with its alt.csv and add.csv; another set gets a made-up hash.
    const set = read.set && read.set.files.join('\n') === names.join('\n') ? read.set : null;
    const fileHash = set ? set.file_hash : names.length === 1 ? read.file_hash : hexOf(names.join('|'));
    const notes = set ? set.notes : read.notes;
    const current = currentSnapshots().find((s) => s.list === read.list);
    if (current && current.file_hash === fileHash) throw refusal(R.already_imported, current);
    if (current && current.as_of > asOf) throw refusal(R.older, { ...current, files_as_of: asOf });
    // Reading: progress by bytes, as the core reports it; then storing, by entries.
    const bytes = files.reduce((t, f) => t + f.bytes, 0);
    const delay = options.progressDelay ?? 60;
    for (let i = 1; i <= 6; i++) {
      emit('list-progress', { phase: 'reading', done: Math.round((bytes * i) / 6), total: bytes });
      await sleep(delay);
    }
    for (let i = 1; i <= 4; i++) {
      emit('list-progress', { phase: 'storing', done: Math.round((read.entry_count * i) / 4), total: read.entry_count });
      await sleep(delay);
    }
    const id = uuid();
    const entries = structuredClone(read.entries ?? []);
    const snapshot = {
      id,
      list: read.list,
      title: read.title,
      publisher: read.publisher,
      url: read.url,
      format,
      as_of: asOf,
      file_hash: fileHash,
      files: names,
      entry_count: read.entry_count,
      imported_at: now(),
      previous_id: current?.id ?? null,
      added: 0,
      removed: 0,
      replaced_at: null,
    };
    if (current) {
      const before = new Map((lists.entries[current.id] ?? []).map((e) => [e.key, e.name]));
      const after = new Set(entries.map((e) => e.key));
      for (const e of entries) if (!before.has(e.key)) lists.changes.push({ snapshot_id: id, added: true, key: e.key, name: e.name });
      for (const [key, name] of before) if (!after.has(key)) lists.changes.push({ snapshot_id: id, added: false, key, name });
      snapshot.added = lists.changes.filter((c) => c.snapshot_id === id && c.added).length;
      snapshot.removed = lists.changes.filter((c) => c.snapshot_id === id && !c.added).length;
      current.replaced_at = snapshot.imported_at;
      delete lists.entries[current.id];
    }
    lists.entries[id] = entries;
    lists.snapshots.push(snapshot);
    return { snapshot: structuredClone(snapshot), as_of_from: asOfFrom, notes: [...notes] };
  }

  const hitRank = (h) => (h.status === 'open' ? 0 : 1);
  const sortHits = (hs) => hs.sort((a, b) => hitRank(a) - hitRank(b) || b.score - a.score || a.entry_name.localeCompare(b.entry_name));

  function screen({ company, threshold }) {
    const snapshots = currentSnapshots();
    if (snapshots.length === 0) throw refusal(R.no_lists);
    const limit = threshold ?? 85;
    const views = company ? [find(company)] : Object.values(db.companies);
    const at = now();
    let newHits = 0;
    for (const v of views) {
      const c = v.data.company;
      for (const s of snapshots) {
        lists.screenings = lists.screenings.filter((x) => !(x.company_id === c.id && x.snapshot_id === s.id));
        lists.screenings.push({ company_id: c.id, snapshot_id: s.id, screened_at: at, threshold: limit });
        const entries = new Map((lists.entries[s.id] ?? []).map((e) => [e.key, e]));
        for (const cand of LX.candidates) {
          if (cand.company !== c.slug || cand.list !== s.list || !entries.has(cand.entry_key)) continue;
          const matches = cand.matches.filter((m) => m.score >= limit);
          if (matches.length === 0) continue;
          if (lists.hits.some((h) => h.company_id === c.id && h.snapshot_id === s.id && h.entry_key === cand.entry_key)) continue;
          const entry = entries.get(cand.entry_key);
          lists.hits.push({
            id: uuid(),
            company_id: c.id,
            snapshot_id: s.id,
            list: s.list,
            list_title: s.title,
            entry_key: entry.key,
            entry_name: entry.name,
            query_name: matches[0].query_name,
            matched_name: matches[0].entry_name,
            score: matches[0].score,
            matches: structuredClone(matches),
            entry: structuredClone(entry),
            status: 'open',
            reason: null,
            reviewed_by: null,
            reviewed_at: null,
            designation_id: null,
            found_at: at,
          });
          newHits += 1;
        }
      }
    }
    const ids = new Set(views.map((v) => v.data.company.id));
    const current = new Set(snapshots.map((s) => s.id));
    return {
      companies: views.length,
      snapshots: structuredClone(snapshots),
      new_hits: newHits,
      hits: sortHits(structuredClone(lists.hits.filter((h) => ids.has(h.company_id) && current.has(h.snapshot_id)))),
    };
  }

  function hits({ company, status }) {
    const id = company ? find(company).data.company.id : null;
    return sortHits(structuredClone(lists.hits.filter((h) => (!id || h.company_id === id) && (!status || h.status === status))));
  }

  function reviewHit({ request }) {
    const hit = lists.hits.find((h) => h.id === request.hit_id);
    if (!hit) throw fail('not_found', `screening hit ${request.hit_id} not found`);
    if (hit.status !== 'open') {
      throw refusal(R.already_reviewed, { entry_name: hit.entry_name, status: hit.status, reviewer: hit.reviewed_by });
    }
    const reviewer = db.settings.analyst || 'analyst';
    if (request.decision === 'dismiss') {
      if (!String(request.reason ?? '').trim()) throw refusal(R.dismiss_without_reason);
      Object.assign(hit, { status: 'dismissed', reason: request.reason.trim(), reviewed_by: reviewer, reviewed_at: now() });
      return structuredClone(hit);
    }
    const snapshot = lists.snapshots.find((s) => s.id === hit.snapshot_id);
    const view = byId(hit.company_id);
    const title = `${snapshot.title} (snapshot of ${snapshot.as_of})`;
    let source = db.sources.find((x) => x.publisher === snapshot.publisher && x.title === title);
    if (!source) {
      source = {
        id: uuid(),
        publisher: snapshot.publisher,
        title,
        url: snapshot.url,
        published: snapshot.as_of,
        kind: 'government_record',
        reliability: 'A',
        note: `Imported from ${snapshot.files.join(', ')} (SHA-256 ${snapshot.file_hash.slice(0, 16)}).`,
        updated_at: snapshot.imported_at,
      };
      db.sources.push(source);
    }
    const list = OFFICIAL[snapshot.list] ?? 'other';
    const designation = saveChild('designations', {
      id: NIL,
      company_id: hit.company_id,
      list,
      listed_name: list === 'other' ? `${snapshot.title}: ${hit.entry_name}` : hit.entry_name,
      status: 'listed',
      since: hit.entry.since,
      until: null,
      as_of: snapshot.as_of,
      citation: hit.entry.url ?? snapshot.url,
      source_id: source.id,
      note: `Confirmed from screening by ${reviewer}: "${hit.query_name}" matched "${hit.matched_name}" (entry ${hit.entry_key}, score ${hit.score}) in the ${snapshot.title} snapshot of ${snapshot.as_of}.`,
      updated_at: '',
    });
    citedSources(view);
    Object.assign(hit, { status: 'confirmed', reviewed_by: reviewer, reviewed_at: now(), designation_id: designation.id });
    return structuredClone(hit);
  }

  /** The company page's screenings: current snapshots the company was screened against, with its hits. */
  function withScreenings(view) {
    const id = view.data.company.id;
    view.data.screenings = lists.screenings
      .filter((x) => x.company_id === id)
      .map((x) => ({ x, s: lists.snapshots.find((s) => s.id === x.snapshot_id) }))
      .filter(({ s }) => s && !s.replaced_at)
      .sort((a, b) => a.s.title.localeCompare(b.s.title))
      .map(({ x, s }) => {
        const mine = lists.hits.filter((h) => h.company_id === id && h.snapshot_id === s.id);
        const n = (status) => mine.filter((h) => h.status === status).length;
        return {
          company_id: id,
          snapshot_id: s.id,
          list_title: s.title,
          list_as_of: s.as_of,
          entry_count: s.entry_count,
          screened_at: x.screened_at,
          threshold: x.threshold,
          open_hits: n('open'),
          confirmed_hits: n('confirmed'),
          dismissed_hits: n('dismissed'),
        };
      });
    return view;
  }

  const commands = {
    portfolio: () => portfolio(),
    company: ({ reference }) => withScreenings(structuredClone(find(reference))),
    cloud_matrix: () =>
      Object.values(db.companies).map((v) => ({ summary: summary(v), offerings: structuredClone(v.data.cloud_offerings) })),
    search: ({ query, limit }) => search(query).slice(0, limit),
    sources: () => structuredClone(db.sources),
    vocabulary: () => structuredClone(fx.vocabulary),
    save_company: ({ company }) => {
      const what = `company ${company.slug || company.id}`;
      if (!/^[a-z0-9][a-z0-9-]*$/.test(company.slug)) throw fail('validation', `${what}: field \`slug\`: use lower-case letters, digits and hyphens (e.g. \`deepseek\`)`);
      required(what, 'legal_name', company.legal_name);
      if (!/^[A-Z]{2}$/.test(company.country)) throw fail('validation', `${what}: field \`country\`: "${company.country}" is not an ISO 3166-1 alpha-2 code like CN`);
      const clash = Object.values(db.companies).find((v) => v.data.company.slug === company.slug && v.data.company.id !== company.id);
      if (clash) throw fail('conflict', `${what}: UNIQUE constraint failed: companies.slug`);
      const saved = { ...company, id: company.id === NIL ? uuid() : company.id, updated_at: now() };
      const existing = byId(saved.id);
      if (existing) {
        delete db.companies[existing.data.company.slug];
        existing.data.company = saved;
        db.companies[saved.slug] = existing;
      } else {
        const template = structuredClone(db.companies[Object.keys(db.companies)[0]].assessment);
        template.company_id = saved.id;
        template.band_floor = null;
        template.routes = [];
        for (const f of template.factors) {
          f.points = 0;
          f.contributions = [];
          f.rationale = 'Nothing recorded.';
        }
        db.companies[saved.slug] = {
          data: { company: saved, allegations: [], designations: [], restrictions: [], cloud_offerings: [], sources: [] },
          assessment: template,
          briefs: [],
          history: [],
        };
        rescore(db.companies[saved.slug]);
      }
      return saved;
    },
    save_source: ({ source }) => {
      const what = `source ${source.id}`;
      required(what, 'publisher', source.publisher);
      required(what, 'title', source.title);
      const saved = { ...source, id: source.id === NIL ? uuid() : source.id, updated_at: now() };
      upsert(db.sources, saved);
      return saved;
    },
    save_allegation: ({ allegation }) =>
      saveChild('allegations', { ...allegation, responses: allegation.responses.map((r) => ({ ...r, id: r.id === NIL ? uuid() : r.id })) }, (a) => {
        const what = `allegation ${a.id}`;
        required(what, 'summary', a.summary);
        if (a.citations.length === 0) throw fail('validation', `${what}: field \`citations\`: an allegation needs at least one source`);
      }),
    save_allegation_with_source: ({ allegation, source }) => {
      // One transaction: check both before writing either.
      if (source.id !== NIL) throw fail('validation', `source ${source.id}: field \`id\`: a new source has the nil id`);
      const what = `source ${source.id}`;
      required(what, 'publisher', source.publisher);
      required(what, 'title', source.title);
      const sourceId = uuid();
      const linked = { ...allegation, citations: allegation.citations.map((c) => (c.source_id === NIL ? { ...c, source_id: sourceId } : c)) };
      required(`allegation ${allegation.id}`, 'summary', allegation.summary);
      db.sources.push({ ...source, id: sourceId, updated_at: now() });
      return commands.save_allegation({ allegation: linked });
    },
    save_designation: ({ designation }) => saveChild('designations', designation),
    save_restriction: ({ restriction }) =>
      saveChild('restrictions', restriction, (r) => {
        for (const f of ['jurisdiction', 'body', 'measure']) required(`restriction ${r.id}`, f, r[f]);
      }),
    save_cloud_offering: ({ offering }) => saveChild('cloud_offerings', offering),
    delete_record: ({ kind, id }) => {
      for (const [slug, v] of Object.entries(db.companies)) {
        if (kind === 'company' && v.data.company.id === id) {
          delete db.companies[slug];
          return null;
        }
        const key = { allegation: 'allegations', designation: 'designations', restriction: 'restrictions', cloud_offering: 'cloud_offerings' }[kind];
        const i = key ? v.data[key].findIndex((x) => x.id === id) : -1;
        if (i >= 0) {
          const [gone] = v.data[key].splice(i, 1);
          audit(v, 'delete', key, gone);
          citedSources(v);
          rescore(v);
          return null;
        }
      }
      throw fail('not_found', `${kind} ${id} not found`);
    },
    settings: () => effective(db.settings),
    save_settings: ({ settings }) => {
      db.settings = { briefs_dir: settings.briefs_dir, analyst: settings.analyst };
      return effective(db.settings);
    },
    preview_brief: ({ request }) => {
      if (!request.marking.trim()) throw fail('validation', 'brief: field `marking`: must not be empty');
      let html = fx.briefs.portfolio;
      if (request.company) {
        const slug = find(request.company).data.company.slug;
        html = fx.briefs[slug] ?? fx.briefs.deepseek.replace(/Vendor risk brief: [^<]*/, `Vendor risk brief: ${slug}`);
      }
      html = html.replaceAll('CONFIDENTIAL — INTERNAL USE', request.marking.replace(/[<&>"]/g, ''));
      return { brief_id: `RB-${(request.company ?? 'portfolio').toUpperCase().slice(0, 8)}`, html };
    },
    generate_brief: async ({ request }) => {
      const view = request.company ? find(request.company) : null;
      const name = `${view ? view.data.company.slug : 'portfolio'}-${request.as_of}.pdf`;
      for (const [step, fraction] of [['Loading fonts', 0.05], ['Building the brief', 0.25], ['Rendering the PDF', 0.5], ['Saving', 0.85], ['Done', 1]]) {
        emit('brief-progress', { step, fraction });
        await sleep(options.progressDelay ?? 120);
      }
      const record = {
        id: uuid(),
        brief_id: `RB-${name.slice(0, 8).toUpperCase()}`,
        company_id: view ? view.data.company.id : null,
        subject: view ? view.data.company.legal_name : 'Portfolio',
        as_of: request.as_of,
        marking: request.marking,
        data_fingerprint: 'mock',
        pdf_sha256: '0'.repeat(64),
        path: request.path ?? `${effective(db.settings).effective_briefs_dir}/${name}`,
        created_at: now(),
      };
      view?.briefs.push(record);
      return record;
    },
    export_bundle: ({ path, company }) => {
      if (!String(path).endsWith('.json')) throw fail('validation', `cannot write ${path}: not a .json file`);
      return exportCount(company);
    },
    import_bundle: (args) => importBundle(args),
    lists: () => structuredClone(sortedSnapshots()),
    list_changes: ({ snapshotId }) => {
      if (!lists.snapshots.some((s) => s.id === snapshotId)) throw fail('not_found', `list snapshot ${snapshotId} not found`);
      return structuredClone(lists.changes.filter((c) => c.snapshot_id === snapshotId).sort((a, b) => Number(b.added) - Number(a.added) || a.name.localeCompare(b.name)));
    },
    import_list: (args) => importList(args),
    screen: (args) => screen(args),
    hits: (args) => hits(args),
    review_hit: (args) => reviewHit(args),
    ui_ready: () => null,
    'plugin:dialog|save': ({ options: o }) =>
      options.savePath !== undefined ? options.savePath : String(o?.defaultPath ?? '').endsWith('.json') ? `/home/analyst/Desktop/${basename(o.defaultPath)}` : '/home/analyst/Desktop/chosen.pdf',
    'plugin:dialog|open': ({ options: o }) =>
      o?.multiple
        ? options.listFiles !== undefined
          ? options.listFiles
          : ['/home/analyst/Downloads/lists/ndaa-section-889.csv']
        : options.openPath !== undefined
          ? options.openPath
          : '/home/analyst/Downloads/team.json',
    'plugin:opener|open_url': () => null,
    'plugin:opener|open_path': () => null,
    'plugin:event|listen': ({ event, handler }) => {
      listeners.set(event, [...(listeners.get(event) ?? []), handler]);
      return handler;
    },
    'plugin:event|unlisten': ({ event, eventId }) => {
      listeners.set(event, (listeners.get(event) ?? []).filter((id) => id !== eventId));
      return null;
    },
  };

  async function invoke(cmd, args = {}) {
    calls.push({ cmd, args: structuredClone(args) });
    await sleep(5);
    if (options.fail?.[cmd]) throw options.fail[cmd];
    const run = commands[cmd];
    if (!run) throw fail('internal', `mock-ipc: no command ${cmd}`);
    return run(args);
  }

  window.__TAURI_INTERNALS__ = {
    invoke,
    transformCallback,
    unregisterCallback: (id) => callbacks.delete(id),
    runCallback: (id, data) => callbacks.get(id)?.(data),
    callbacks,
    convertFileSrc: (path) => path,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener: (event, id) => {
      listeners.set(event, (listeners.get(event) ?? []).filter((x) => x !== id));
      callbacks.delete(id);
    },
  };
})();
