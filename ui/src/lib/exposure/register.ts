// Presentation of the deployments register: filtering, the sample notice, file names. Every
// verdict, reason and control comes from the core (api.exposure); nothing here judges.
import type { Deployment } from '../bindings/Deployment';
import type { DeploymentRoute } from '../bindings/DeploymentRoute';
import type { ExposureRow } from '../bindings/ExposureRow';
import type { Verdict } from '../bindings/Verdict';
import { NIL_ID, UNSTORED } from '../records';

/** Verdicts from the gravest, as the header's counts read. */
export const VERDICTS: Verdict[] = ['prohibited', 'not_recommended', 'acceptable_with_controls', 'acceptable'];

/** The `reported_by` the bundled sample register carries on each of its rows (data/sample-register.csv). */
export const SAMPLE_REPORTER = 'Sample register (fictional organisation)';

/** A verdict filter: one verdict, or the deployments whose vendor is not assessed. */
export type VerdictFilter = Verdict | 'not_assessed' | '';

export interface RegisterFilter {
  verdict: VerdictFilter;
  /** A vendor slug, or the vendor name as written when it is not in the database. */
  vendor: string;
  owner: string;
  route: DeploymentRoute | '';
}

export const NO_FILTER: RegisterFilter = { verdict: '', vendor: '', owner: '', route: '' };

export const isRetired = (r: ExposureRow) => r.deployment.status === 'retired';

/** The vendor key a row is filtered by: the company's slug, else the name as the register writes it. */
export const vendorKey = (r: ExposureRow) => r.vendor_slug ?? `name:${r.deployment.vendor_name}`;

/** The vendor as people read it: the company's name, else the name as written. */
export const vendorLabel = (r: ExposureRow) => r.vendor_display ?? r.deployment.vendor_name;

/**
 * The rows a filter keeps. A verdict filter keeps deployments in use only, as the core's counts
 * leave retired ones out, so the rows shown match the count on the button.
 */
export function filterRegister(rows: ExposureRow[], f: RegisterFilter): ExposureRow[] {
  return rows.filter((r) => {
    const j = r.judgement;
    if (f.verdict === 'not_assessed' && (!j.not_assessed || isRetired(r))) return false;
    if (f.verdict && f.verdict !== 'not_assessed' && (j.verdict !== f.verdict || isRetired(r))) return false;
    if (f.vendor && vendorKey(r) !== f.vendor) return false;
    if (f.owner && (r.deployment.owner ?? '') !== f.owner) return false;
    if (f.route && r.deployment.route !== f.route) return false;
    return true;
  });
}

/** How many rows are the bundled sample of a fictional organisation. */
export const sampleRows = (rows: ExposureRow[]) => rows.filter((r) => r.deployment.reported_by === SAMPLE_REPORTER);

/** Vendors for the filter: every vendor in the register, by name. */
export function vendors(rows: ExposureRow[]): { key: string; label: string; assessed: boolean }[] {
  const seen = new Map<string, { key: string; label: string; assessed: boolean }>();
  for (const r of rows) seen.set(vendorKey(r), { key: vendorKey(r), label: vendorLabel(r), assessed: !!r.vendor_slug });
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** Owners for the filter, sorted. */
export const owners = (rows: ExposureRow[]) =>
  [...new Set(rows.map((r) => r.deployment.owner).filter((o): o is string => !!o))].sort((a, b) => a.localeCompare(b));

/** A blank deployment for the form: the nil id and the not-yet-stored time, as the core expects. */
export function newDeployment(): Deployment {
  return {
    id: NIL_ID,
    name: '',
    owner: null,
    company_id: null,
    vendor_name: '',
    product: null,
    route: 'vendor_service',
    platform: null,
    offering_id: null,
    data: 'internal',
    status: 'production',
    users: null,
    review_date: null,
    notes: null,
    reported_by: null,
    reported_on: null,
    updated_at: UNSTORED,
  };
}

/** The file name the export suggests. */
export const exportFileName = (today: string, ext: 'xlsx' | 'csv' = 'xlsx') => `exposure-register-${today}.${ext}`;
