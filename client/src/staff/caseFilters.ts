// The case list's search and filters. The status filter goes to the server (`?status=`); search,
// risk and initiator narrow the loaded list here. Filters live in the address (?q=&risk=…), so a
// reload or the back button keeps them. Pure, for unit tests.
import { CaseStatus, RiskLevel, Side, type CaseSummary } from './schemas.ts';

export interface CaseFilters {
  q: string;
  status: CaseStatus | '';
  risk: RiskLevel | '';
  initiatedBy: Side | '';
  /** Coordinators: only the cases assigned to me. */
  mine: boolean;
}

export const NO_FILTERS: CaseFilters = { q: '', status: '', risk: '', initiatedBy: '', mine: false };

function oneOf<T extends string>(options: readonly T[], value: string | null): T | '' {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : '';
}

export function filtersFromSearch(search: string): CaseFilters {
  const p = new URLSearchParams(search);
  return {
    q: p.get('q') ?? '',
    status: oneOf(CaseStatus.options, p.get('status')),
    risk: oneOf(RiskLevel.options, p.get('risk')),
    initiatedBy: oneOf(Side.options, p.get('initiatedBy')),
    mine: p.get('mine') === 'true',
  };
}

export function filtersToSearch(f: CaseFilters): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.status) p.set('status', f.status);
  if (f.risk) p.set('risk', f.risk);
  if (f.initiatedBy) p.set('initiatedBy', f.initiatedBy);
  if (f.mine) p.set('mine', 'true');
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Search matches the reference, crime type, referral source and facilitator names, ignoring case. */
export function filterCases(cases: readonly CaseSummary[], f: CaseFilters): CaseSummary[] {
  const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
  return cases.filter((c) => {
    if (f.status && c.status !== f.status) return false;
    if (f.risk && c.riskLevel !== f.risk) return false;
    if (f.initiatedBy && c.initiatedBy !== f.initiatedBy) return false;
    if (words.length === 0) return true;
    const haystack = [c.reference, c.crimeType, c.referralSource, ...c.facilitators.map((x) => x.displayName)].join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
