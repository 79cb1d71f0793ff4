// Blank records for the editing forms. New records carry the nil id and the "not yet stored"
// time (the core's Timestamp::UNSTORED); the core assigns both when it saves them.
import type { Allegation } from './bindings/Allegation';
import type { CloudOffering } from './bindings/CloudOffering';
import type { Company } from './bindings/Company';
import type { Designation } from './bindings/Designation';
import type { Person } from './bindings/Person';
import type { Relation } from './bindings/Relation';
import type { Response } from './bindings/Response';
import type { Restriction } from './bindings/Restriction';
import type { Source } from './bindings/Source';

export const NIL_ID = '00000000-0000-0000-0000-000000000000';
/** The time a record carries before it is first stored (1970); the core stamps the real one. */
export const UNSTORED = '1970-01-01T00:00:00Z';

export const isNew = (r: { id: string }) => r.id === NIL_ID;

export function newCompany(): Company {
  return {
    id: NIL_ID,
    slug: '',
    legal_name: '',
    native_name: null,
    aliases: [],
    country: '',
    headquarters: null,
    owner: null,
    sector: null,
    website: null,
    description: null,
    products: [],
    source_ids: [],
    updated_at: UNSTORED,
  };
}

export function newSource(): Source {
  return {
    id: NIL_ID,
    publisher: '',
    title: '',
    url: null,
    published: null,
    kind: 'news_report',
    reliability: 'F',
    note: null,
    updated_at: UNSTORED,
  };
}

export function newAllegation(companyId: string): Allegation {
  return {
    id: NIL_ID,
    company_id: companyId,
    category: 'other',
    summary: '',
    detail: null,
    status: 'alleged',
    first_reported: null,
    citations: [],
    responses: [],
    updated_at: UNSTORED,
  };
}

export function newResponse(): Response {
  return { id: NIL_ID, responder: '', statement: '', date: null, source_id: null };
}

export function newDesignation(companyId: string): Designation {
  return {
    id: NIL_ID,
    company_id: companyId,
    list: 'other',
    listed_name: null,
    status: 'listed',
    since: null,
    until: null,
    as_of: null,
    citation: null,
    source_id: null,
    note: null,
    updated_at: UNSTORED,
  };
}

export function newRestriction(companyId: string): Restriction {
  return {
    id: NIL_ID,
    company_id: companyId,
    jurisdiction: '',
    body: '',
    measure: '',
    scope: 'other',
    date: null,
    source_id: null,
    updated_at: UNSTORED,
  };
}

export function newCloudOffering(companyId: string): CloudOffering {
  return {
    id: NIL_ID,
    company_id: companyId,
    product: '',
    platform: '',
    service: '',
    offering_type: 'managed_api',
    data_path: 'unknown',
    regions: [],
    available_since: null,
    last_verified: null,
    source_id: null,
    note: null,
    updated_at: UNSTORED,
  };
}

/** A new relation into a company; `from` is chosen in the form. */
export function newRelation(companyId: string): Relation {
  return {
    id: NIL_ID,
    from: { kind: 'company', id: NIL_ID },
    to: companyId,
    kind: 'owns_shares',
    share: null,
    since: null,
    until: null,
    citations: [],
    note: null,
    updated_at: UNSTORED,
  };
}

export function newPerson(): Person {
  return { id: NIL_ID, name: '', native_name: null, nationality: null, note: null, updated_at: UNSTORED };
}
