// /staff: the cases this person may see, newest referral first, with search and filters.
import { useEffect, useId, useState, type ReactElement } from 'react';
import { abilitiesOf } from '../abilities.ts';
import { filterCases, filtersFromSearch, filtersToSearch, type CaseFilters } from '../caseFilters.ts';
import { RiskBadge, StatusBadge } from '../components/Badges.tsx';
import { Link } from '../components/Link.tsx';
import { ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import { listCases } from '../endpoints.ts';
import { formatDay } from '../format.ts';
import { OUTCOME, RISK, SIDE, STATUS } from '../labels.ts';
import { CaseStatus, RiskLevel, Side, type CaseSummary } from '../schemas.ts';
import { useStaffSession } from '../staffSession.ts';
import { useResource } from '../useResource.ts';

export function CaseListPage(): ReactElement {
  const { staff } = useStaffSession();
  const [filters, setFilters] = useState<CaseFilters>(() => filtersFromSearch(window.location.search));
  const cases = useResource(() => listCases({ ...(filters.status ? { status: filters.status } : {}), mine: filters.mine }), [filters.status, filters.mine]);
  const id = useId();
  const coordinator = staff.role === 'coordinator';

  useEffect(() => {
    window.history.replaceState(null, '', `/staff${filtersToSearch(filters)}`);
  }, [filters]);

  const set = (change: Partial<CaseFilters>): void => setFilters((f) => ({ ...f, ...change }));
  const shown = cases.state.status === 'ready' ? filterCases(cases.state.data.cases, filters) : [];

  return (
    <div className="staff-page" data-testid="case-list-page">
      <header className="staff-page__header">
        <h1>Cases</h1>
        {abilitiesOf(staff.role).cases && (
          <Link href="/staff/cases/new" className="button button--primary" data-testid="new-case">
            New case
          </Link>
        )}
      </header>

      <form className="staff-toolbar" role="search" aria-label="Find cases" onSubmit={(e) => e.preventDefault()}>
        <div className="field staff-toolbar__search">
          <label className="field__label" htmlFor={`${id}-q`}>
            Search
          </label>
          <input
            id={`${id}-q`}
            className="field__control"
            type="search"
            value={filters.q}
            onChange={(e) => set({ q: e.target.value })}
            placeholder="Reference, crime type, source"
            data-testid="case-search"
          />
        </div>
        <Select id={`${id}-status`} label="Status" value={filters.status} onChange={(v) => set({ status: v as CaseFilters['status'] })} options={CaseStatus.options.map((s) => [s, STATUS[s]])} />
        <Select id={`${id}-risk`} label="Risk" value={filters.risk} onChange={(v) => set({ risk: v as CaseFilters['risk'] })} options={RiskLevel.options.map((r) => [r, RISK[r]])} />
        <Select
          id={`${id}-init`}
          label="Initiated by"
          value={filters.initiatedBy}
          onChange={(v) => set({ initiatedBy: v as CaseFilters['initiatedBy'] })}
          options={Side.options.map((s) => [s, SIDE[s]])}
        />
        {coordinator && (
          <label className="check staff-toolbar__check">
            <input type="checkbox" checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })} />
            Only cases assigned to me
          </label>
        )}
      </form>

      <div aria-live="polite" aria-busy={cases.state.status === 'loading'}>
        {cases.state.status === 'loading' && <LoadingNotice what="cases" />}
        {cases.state.status === 'error' && <ErrorNotice error={cases.state.error} retry={cases.reload} />}
        {cases.state.status === 'ready' && (
          <>
            <p className="staff-muted" data-testid="case-count">
              {countText(shown.length, cases.state.data.cases.length)}
            </p>
            {shown.length > 0 && <CaseTable cases={shown} />}
            {cases.state.data.cases.length === 0 && !filters.status && (
              <p>{staff.role === 'facilitator' ? 'No cases are assigned to you yet. Start one with New case.' : 'No cases yet.'}</p>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function countText(shown: number, loaded: number): string {
  if (shown === loaded) return `${loaded} ${loaded === 1 ? 'case' : 'cases'}.`;
  return `${shown} of ${loaded} cases match.`;
}

interface SelectProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
}

function Select({ id, label, value, onChange, options }: SelectProps): ReactElement {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field__control" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function CaseTable({ cases }: { cases: CaseSummary[] }): ReactElement {
  return (
    <table className="staff-table case-table" data-testid="case-table">
      <caption className="sr-only">Cases, most recent referral first</caption>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Crime type · source</th>
          <th scope="col">Referred</th>
          <th scope="col">Initiated by</th>
          <th scope="col">Risk</th>
          <th scope="col">Status</th>
          <th scope="col">Facilitators</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} data-testid="case-row" data-reference={c.reference}>
            <th scope="row" data-label="Reference">
              <Link href={`/staff/cases/${c.id}`}>{c.reference}</Link>
            </th>
            <td data-label="Crime type">
              {c.crimeType}
              <span className="staff-muted"> · {c.referralSource}</span>
            </td>
            <td data-label="Referred">{formatDay(c.referredOn)}</td>
            <td data-label="Initiated by">{SIDE[c.initiatedBy]}</td>
            <td data-label="Risk">
              <RiskBadge level={c.riskLevel} />
            </td>
            <td data-label="Status">
              <StatusBadge status={c.status} />
              {c.outcome && <span className="staff-muted"> {OUTCOME[c.outcome]}</span>}
            </td>
            <td data-label="Facilitators">{c.facilitators.map((f) => f.displayName).join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
