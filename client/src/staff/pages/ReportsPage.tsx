// /staff/reports (coordinators): referrals, outcomes, time to first contact and whether video
// worked, as charts with their numbers in tables for screen readers; and the CSV exports.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { BarChart } from '../charts/BarChart.tsx';
import { ColumnChart } from '../charts/ColumnChart.tsx';
import { ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import { casesCsvHref, reportSummary, summaryCsvHref, type MonthRange } from '../endpoints.ts';
import { formatMonth, localMonth } from '../format.ts';
import type { ReportSummary } from '../schemas.ts';
import { useResource } from '../useResource.ts';
import {
  ANSWER_SERIES,
  daysBucketRows,
  daysText,
  initiatorRows,
  keyedRows,
  medianByMonthRows,
  outcomeRows,
  referralsByMonthRows,
  videoRows,
} from '../reports/reportCharts.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function defaultRange(): MonthRange {
  return { from: localMonth(new Date(), -11), to: localMonth(new Date()) };
}

export function ReportsPage(): ReactElement {
  const [range, setRange] = useState<MonthRange>(defaultRange);
  const [draft, setDraft] = useState<MonthRange>(range);
  const [problem, setProblem] = useState<string | null>(null);
  const report = useResource(() => reportSummary(range), [range.from, range.to]);
  const fromId = useId();
  const toId = useId();

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    if (!MONTH.test(draft.from) || !MONTH.test(draft.to)) return setProblem('Choose both months.');
    if (draft.from > draft.to) return setProblem('The first month must not be after the last.');
    setProblem(null);
    setRange({ ...draft });
  };

  return (
    <div className="staff-page" data-testid="reports-page">
      <header className="staff-page__header">
        <h1>Reports</h1>
        <div className="staff-page__actions">
          <a className="button button--secondary" href={casesCsvHref(range)} download data-testid="csv-cases">
            Download cases (CSV)
          </a>
          <a className="button button--secondary" href={summaryCsvHref(range)} download data-testid="csv-summary">
            Download summary (CSV)
          </a>
        </div>
      </header>

      <form className="staff-toolbar" onSubmit={apply} aria-label="Report period">
        <div className="field">
          <label className="field__label" htmlFor={fromId}>
            Referred from
          </label>
          <input id={fromId} className="field__control" type="month" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={toId}>
            to
          </label>
          <input id={toId} className="field__control" type="month" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit" className="button button--primary">
          Show
        </button>
        {problem && (
          <p className="staff-error" role="alert">
            {problem}
          </p>
        )}
      </form>

      <div aria-live="polite" aria-busy={report.state.status === 'loading'}>
        {report.state.status === 'loading' && <LoadingNotice what="the report" />}
        {report.state.status === 'error' && <ErrorNotice error={report.state.error} retry={report.reload} />}
        {report.state.status === 'ready' && <ReportBody summary={report.state.data} />}
      </div>
    </div>
  );
}

function ReportBody({ summary }: { summary: ReportSummary }): ReactElement {
  const { totals, daysToFirstContact: days, videoEffective } = summary;
  const period = `${formatMonth(summary.range.from)} to ${formatMonth(summary.range.to)}`;
  return (
    <>
      <p className="staff-muted" data-testid="report-period">
        Cases referred from {period}.
      </p>
      <dl className="stat-row">
        <Stat label="Referrals" value={totals.referrals} />
        <Stat label="Open" value={totals.open} />
        <Stat label="Active" value={totals.active} />
        <Stat label="Closed" value={totals.closed} />
        <Stat label="Median days to first contact" value={daysText(days.median)} />
      </dl>

      <section className="chart-grid" aria-label="Referrals">
        <h2 className="chart-grid__heading">Referrals</h2>
        <div className="chart-grid__wide">
          <ColumnChart
            title="Referrals by month"
            rowHeader="Month"
            unit="referrals"
            rows={referralsByMonthRows(summary)}
            series={[
              { label: 'Initiated by the person harmed', tone: 'harmed' },
              { label: 'Initiated by the person responsible', tone: 'responsible' },
            ]}
            testId="chart-referrals-by-month"
          />
        </div>
        <BarChart title="Who asked for restorative justice" rowHeader="Initiated by" unit="referrals" rows={initiatorRows(summary)} series={[{ label: 'Referrals', tone: 'neutral' }]} testId="chart-initiator" />
        <BarChart title="Referrals by source" rowHeader="Source" unit="referrals" rows={keyedRows(summary.referralsBySource)} series={[{ label: 'Referrals', tone: 'neutral' }]} testId="chart-source" />
        <BarChart title="Referrals by crime type" rowHeader="Crime type" unit="referrals" rows={keyedRows(summary.referralsByCrimeType)} series={[{ label: 'Referrals', tone: 'neutral' }]} testId="chart-crime-type" />
      </section>

      <section className="chart-grid" aria-label="Outcomes and timing">
        <h2 className="chart-grid__heading">Outcomes and timing</h2>
        <BarChart
          title="Outcomes of closed cases"
          rowHeader="Outcome"
          unit="cases"
          rows={outcomeRows(summary)}
          series={[{ label: 'Cases', tone: 'neutral' }]}
          testId="chart-outcomes"
          note={
            summary.notProgressedReasons.length > 0 ? (
              <>
                Not progressed, why:{' '}
                {summary.notProgressedReasons.map((r, i) => (
                  <span key={r.key}>
                    {i > 0 && '; '}
                    {r.key} ({r.count})
                  </span>
                ))}
              </>
            ) : undefined
          }
        />
        <ColumnChart
          title="Days from referral to first contact"
          rowHeader="Days"
          unit="cases"
          rows={daysBucketRows(summary)}
          series={[{ label: 'Cases', tone: 'neutral' }]}
          note={days.cases === 0 ? 'No first contact is recorded yet for these cases.' : `${days.cases} ${days.cases === 1 ? 'case has' : 'cases have'} a first contact. Median ${daysText(days.median)}, mean ${daysText(days.mean)}.`}
          testId="chart-days"
        />
        <div className="chart-grid__wide">
          <ColumnChart
            title="Median days to first contact, by referral month"
            rowHeader="Month"
            unit="days"
            totals={false}
            rows={medianByMonthRows(summary)}
            series={[{ label: 'Median days', tone: 'muted' }]}
            note="Months with no first contact yet have no column."
            testId="chart-days-by-month"
          />
        </div>
        <div className="chart-grid__wide">
          <BarChart
            title="Was video conferencing effective?"
            rowHeader="For"
            unit="answers"
            rows={videoRows(summary)}
            series={ANSWER_SERIES}
            note={`From the post-meeting form of ${videoEffective.meetings} ${videoEffective.meetings === 1 ? 'meeting' : 'meetings'}.`}
            testId="chart-video"
          />
        </div>
      </section>
    </>
  );
}

function Stat({ label, value }: { label: string; value: number | string }): ReactElement {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
