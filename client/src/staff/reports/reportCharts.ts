// The report summary (GET /api/reports/summary) turned into chart rows: months in words, keys as
// labels, the five outcomes always present, yes / no / unsure per side. Pure, for unit tests.
import type { ChartRow } from '../charts/chartScale.ts';
import { formatMonth } from '../format.ts';
import { ANSWER, INITIATED_BY, OUTCOME } from '../labels.ts';
import { Answer, CaseOutcome, Side, type Count, type ReportSummary } from '../schemas.ts';

/** `2026-02` → "02/26": short enough for twelve columns on a phone. */
export function shortMonth(month: string): string {
  const match = /^\d{2}(\d{2})-(\d{2})$/.exec(month);
  return match ? `${match[2]}/${match[1]}` : month;
}

function countOf(counts: readonly Count[], key: string): number {
  return counts.find((c) => c.key === key)?.count ?? 0;
}

/** Harmed- and responsible-initiated referrals, per month. */
export function referralsByMonthRows(summary: ReportSummary): ChartRow[] {
  return summary.referralsByMonth.map((m) => ({ label: formatMonth(m.month), short: shortMonth(m.month), values: [m.harmedInitiated, m.responsibleInitiated] }));
}

/** Who asked for RJ: both sides, always. */
export function initiatorRows(summary: ReportSummary): ChartRow[] {
  return Side.options.map((side) => ({ label: INITIATED_BY[side], values: [countOf(summary.referralsByInitiator, side)] }));
}

/** Free-text keys (sources, crime types, reasons) as they are, most first as the server sorts them. */
export function keyedRows(counts: readonly Count[]): ChartRow[] {
  return counts.map((c) => ({ label: c.key || 'Not recorded', values: [c.count] }));
}

/** All five outcomes, in a fixed order, zeros included: "none yet" is information too. */
export function outcomeRows(summary: ReportSummary): ChartRow[] {
  return CaseOutcome.options.map((o) => ({ label: OUTCOME[o], values: [countOf(summary.outcomes, o)] }));
}

export function daysBucketRows(summary: ReportSummary): ChartRow[] {
  return summary.daysToFirstContact.buckets.map((b) => ({ label: b.label, short: b.label.replace(/ days?$/, ''), values: [b.count] }));
}

/** Median days to first contact, per referral month; months without a first contact have no data. */
export function medianByMonthRows(summary: ReportSummary): ChartRow[] {
  return summary.daysToFirstContact.byMonth.map((m) => ({ label: formatMonth(m.month), short: shortMonth(m.month), values: [m.median] }));
}

/** Was video effective: one stacked bar per side, split yes / no / not sure. */
export function videoRows(summary: ReportSummary): ChartRow[] {
  const split = (counts: readonly Count[]) => Answer.options.map((a) => countOf(counts, a));
  return [
    { label: 'For the person harmed', values: split(summary.videoEffective.harmed) },
    { label: 'For the person responsible', values: split(summary.videoEffective.responsible) },
  ];
}

export const ANSWER_SERIES = Answer.options.map((a) => ({ label: ANSWER[a], tone: a }));

/** "12 days" / "1 day" / "—". */
export function daysText(days: number | null): string {
  if (days === null) return '—';
  const rounded = Math.round(days * 10) / 10;
  return rounded === 1 ? '1 day' : `${rounded} days`;
}
