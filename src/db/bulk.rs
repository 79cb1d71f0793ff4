//! Reading companies' data in bulk: one statement per table for the whole scope (one company,
//! a batch of companies, or every company), grouped in memory, instead of a dozen statements per
//! company; and streaming whole tables one record at a time, for exports. Every
//! whole-portfolio read (list, portfolio brief, export, cloud matrix) goes through here, and
//! so does one company's data, so the two cannot drift apart.

use super::{allegation_sources, allegations, cloud_offerings, companies, designations, responses, restrictions};
use super::{persons, relations, screenings, sources};
use crate::error::Result;
use crate::model::*;
use rusqlite::{Connection, Row};
use std::collections::HashMap;
use uuid::Uuid;

/// Which companies a bulk read covers.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope<'a> {
    /// Every company.
    All,
    /// These companies: one, or a batch of a whole-portfolio pass.
    Of(&'a [Uuid]),
}

impl Scope<'_> {
    /// The `WHERE` clause that keeps rows whose `column` is in scope (empty for `All`), and its
    /// one argument: the ids as a JSON array.
    pub(super) fn filter(self, column: &str) -> (String, Vec<String>) {
        match self {
            Scope::All => (String::new(), vec![]),
            Scope::Of(ids) => (
                format!("WHERE {column} IN (SELECT value FROM json_each(?1))"),
                vec![serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>()).expect("ids")],
            ),
        }
    }
}

/// The rows of `select` (a `SELECT … FROM table` of a table with a `company_id`) of the
/// companies in scope, grouped by company, in `order` within each company.
pub(super) fn rows<T>(
    conn: &Connection,
    select: &str,
    order: &str,
    scope: Scope<'_>,
    from_row: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let (filter, args) = scope.filter("company_id");
    Ok(conn
        .prepare_cached(&format!("{select} {filter} ORDER BY company_id, {order}"))?
        .query_map(rusqlite::params_from_iter(args), from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The rows of `select` (a `SELECT … FROM table x` of a table an allegation owns, with
/// `allegation_id` and `position`) for the allegations of the companies in scope, grouped by
/// allegation, in their order.
pub(super) fn allegation_rows<T>(
    conn: &Connection,
    select: &str,
    scope: Scope<'_>,
    from_row: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let (filter, args) = scope.filter("a.company_id");
    let join = if filter.is_empty() {
        String::new()
    } else {
        format!("JOIN allegations a ON a.id = x.allegation_id {filter}")
    };
    Ok(conn
        .prepare_cached(&format!("{select} {join} ORDER BY x.allegation_id, x.position"))?
        .query_map(rusqlite::params_from_iter(args), from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Groups rows by a key, keeping their order.
pub(super) fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<T>> {
    let mut m: HashMap<Uuid, Vec<T>> = HashMap::new();
    for r in rows {
        m.entry(key(&r)).or_default().push(r);
    }
    m
}

/// Everything about the companies in scope (in its order; every company by legal name for
/// `All`), each with the sources it cites in order of first citation (so reference numbers
/// follow reading order). Call inside one read transaction for a consistent picture.
pub(super) fn company_data(conn: &Connection, scope: Scope<'_>) -> Result<Vec<CompanyData>> {
    let list = match scope {
        Scope::Of(ids) => ids.iter().map(|id| companies::get(conn, *id)).collect::<Result<Vec<_>>>()?,
        Scope::All => companies::all(conn)?,
    };
    let mut allegations = group(allegations::in_scope(conn, scope)?, |a| a.company_id);
    let mut citations = group(allegation_sources::in_scope(conn, scope)?, |(a, _)| *a);
    let mut responses = group(responses::in_scope(conn, scope)?, |(a, _)| *a);
    let mut designations = group(designations::in_scope(conn, scope)?, |d| d.company_id);
    let mut restrictions = group(restrictions::in_scope(conn, scope)?, |r| r.company_id);
    let mut offerings = group(cloud_offerings::in_scope(conn, scope)?, |o| o.company_id);
    let mut screenings = group(screenings::in_scope(conn, scope)?, |s| s.company_id);
    let relations = match scope {
        Scope::Of(ids) => relations::upstream(conn, ids, crate::ownership::MAX_DEPTH)?,
        Scope::All => relations::all(conn)?,
    };
    let parties = party_views(conn, &relations, &list.iter().map(|c| c.id).collect::<Vec<_>>())?;
    let upstream = crate::ownership::Upstream::new(&relations);
    let all_sources: Option<HashMap<Uuid, Source>> = match scope {
        Scope::Of(_) => None,
        Scope::All => Some(sources::all(conn)?.into_iter().map(|s| (s.id, s)).collect()),
    };

    let mut out = Vec::with_capacity(list.len());
    for company in list {
        let id = company.id;
        let mut allegations = allegations.remove(&id).unwrap_or_default();
        for a in &mut allegations {
            a.citations = citations.remove(&a.id).unwrap_or_default().into_iter().map(|(_, c)| c).collect();
            a.responses = responses.remove(&a.id).unwrap_or_default().into_iter().map(|(_, r)| r).collect();
        }
        let designations = designations.remove(&id).unwrap_or_default();
        let restrictions = restrictions.remove(&id).unwrap_or_default();
        let cloud_offerings = offerings.remove(&id).unwrap_or_default();

        let mut ids: Vec<Uuid> = company.source_ids.clone();
        for a in &allegations {
            ids.extend(a.citations.iter().map(|c| c.source_id));
            ids.extend(a.responses.iter().filter_map(|r| r.source_id));
        }
        ids.extend(designations.iter().filter_map(|d| d.source_id));
        ids.extend(restrictions.iter().filter_map(|r| r.source_id));
        ids.extend(cloud_offerings.iter().filter_map(|o| o.source_id));
        let ownership = ownership_of(id, &upstream, &parties);
        ids.extend(ownership.relations.iter().flat_map(|r| r.citations.iter().map(|c| c.source_id)));
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        let sources = match &all_sources {
            Some(all) => ids
                .iter()
                .map(|id| all.get(id).cloned().ok_or_else(|| crate::Error::NotFound(format!("no source with id {id}"))))
                .collect::<Result<_>>()?,
            None => ids.iter().map(|id| sources::get(conn, *id)).collect::<Result<_>>()?,
        };
        let screenings = screenings.remove(&id).unwrap_or_default();
        out.push(CompanyData {
            company,
            allegations,
            designations,
            restrictions,
            cloud_offerings,
            sources,
            screenings,
            ownership,
        });
    }
    Ok(out)
}

/// Each party the relations name, and these companies, as shown: name, slug and current lists.
pub(super) fn party_views(
    conn: &Connection,
    relations: &[Relation],
    companies: &[Uuid],
) -> Result<HashMap<Party, PartyView>> {
    let mut company_ids: Vec<Uuid> = companies.to_vec();
    let mut person_ids: Vec<Uuid> = vec![];
    for r in relations {
        company_ids.push(r.to);
        match r.from {
            Party::Company(c) => company_ids.push(c),
            Party::Person(p) => person_ids.push(p),
        }
    }
    company_ids.sort();
    company_ids.dedup();
    person_ids.sort();
    person_ids.dedup();
    let mut lists = designations::current_lists(conn, &company_ids)?;
    let mut out = HashMap::new();
    for (id, slug, name) in companies::as_parties(conn, &company_ids)? {
        let party = Party::Company(id);
        out.insert(party, PartyView { party, name, slug: Some(slug), lists: lists.remove(&id).unwrap_or_default() });
    }
    for (id, name, listings) in persons::names(conn, &person_ids)? {
        let party = Party::Person(id);
        let mut lists: Vec<OfficialList> = listings.iter().map(|l| l.list).collect();
        lists.sort_by_key(|l| l.code());
        lists.dedup();
        out.insert(party, PartyView { party, name, slug: None, lists });
    }
    Ok(out)
}

/// The company's part of the relations read: those into it and up its chains, with the parties
/// they name.
fn ownership_of(
    company: Uuid,
    upstream: &crate::ownership::Upstream<'_>,
    parties: &HashMap<Party, PartyView>,
) -> OwnershipData {
    let relations = upstream.of(company);
    let mut named: Vec<Party> = relations.iter().flat_map(|r| [r.from, Party::Company(r.to)]).collect();
    named.push(Party::Company(company));
    named.sort();
    named.dedup();
    let parties = named.iter().filter_map(|p| parties.get(p).cloned()).collect();
    OwnershipData { relations, parties }
}

/// Every row of `sql`, handed to `f` one at a time as it is read: nothing is collected.
pub(super) fn each<T>(
    conn: &Connection,
    sql: &str,
    from_row: fn(&Row) -> rusqlite::Result<T>,
    f: &mut dyn FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query([])?;
    while let Some(row) = rows.next()? {
        f(from_row(row)?)?;
    }
    Ok(())
}

/// Every allegation with its citations and responses, by id, handed to `f` one at a time: the
/// three tables are read side by side in allegation order (a merge join), so a whole-database
/// export holds one allegation at a time.
pub(super) fn each_allegation(conn: &Connection, f: &mut dyn FnMut(Allegation) -> Result<()>) -> Result<()> {
    let mut citations_st = conn.prepare_cached(allegation_sources::ALL_BY_ALLEGATION)?;
    let mut citations = citations_st.query_map([], allegation_sources::from_row)?.peekable();
    let mut responses_st = conn.prepare_cached(responses::ALL_BY_ALLEGATION)?;
    let mut responses = responses_st.query_map([], responses::from_row)?.peekable();
    allegations::each(conn, &mut |mut a| {
        a.citations = owned_by(&mut citations, a.id)?;
        a.responses = owned_by(&mut responses, a.id)?;
        f(a)
    })
}

/// The next rows of `rows` (ordered by owner id: as text, the same order) that belong to `owner`. Rows of an
/// owner that sorts before it (none: the foreign keys forbid orphans) are passed over.
fn owned_by<T>(
    rows: &mut std::iter::Peekable<impl Iterator<Item = rusqlite::Result<(Uuid, T)>>>,
    owner: Uuid,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    while let Some(next) = rows.peek() {
        match next {
            Ok((id, _)) if *id > owner => break,
            Ok((id, _)) if *id < owner => {
                rows.next();
            }
            _ => out.push(rows.next().expect("peeked")?.1),
        }
    }
    Ok(out)
}
