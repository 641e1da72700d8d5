// Restorative justice service reporting: referrals by month, initiator, source and crime type;
// outcomes; days from referral to first contact; and whether video conferencing was effective
// for each side (from the post-meeting form). Every figure is for cases referred in the range.
import type { PrismaClient } from '@common-ground/prisma';
import { daysBetween, dateToDay, optionalDay } from '../cases/dates.ts';
import { type Cell, toCsv } from './csv.ts';

export interface Count {
  key: string;
  count: number;
}

export interface MonthRow {
  month: string;
  total: number;
  harmedInitiated: number;
  responsibleInitiated: number;
}

export interface ReportSummary {
  range: { from: string; to: string };
  totals: { referrals: number; open: number; active: number; closed: number };
  referralsByMonth: MonthRow[];
  referralsByInitiator: Count[];
  referralsBySource: Count[];
  referralsByCrimeType: Count[];
  outcomes: Count[];
  notProgressedReasons: Count[];
  daysToFirstContact: {
    cases: number;
    median: number | null;
    mean: number | null;
    buckets: { label: string; min: number; max: number | null; count: number }[];
    byMonth: { month: string; cases: number; median: number | null }[];
  };
  videoEffective: { meetings: number; harmed: Count[]; responsible: Count[] };
}

const OUTCOMES = ['conference', 'shuttle', 'letter', 'conversation', 'not_progressed'];
const ANSWERS = ['yes', 'no', 'unsure'];
const BUCKETS = [
  { label: '0–2 days', min: 0, max: 2 },
  { label: '3–7 days', min: 3, max: 7 },
  { label: '8–14 days', min: 8, max: 14 },
  { label: '15–30 days', min: 15, max: 30 },
  { label: 'over 30 days', min: 31, max: null },
];

/** `YYYY-MM` months from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** The default range: the twelve months ending with the current one. */
export function defaultRange(now = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 7);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from: start.toISOString().slice(0, 7), to };
}

function counts(values: string[], keys?: readonly string[]): Count[] {
  const map = new Map<string, number>((keys ?? []).map((k) => [k, 0]));
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  const list = [...map].map(([key, count]) => ({ key, count }));
  return keys ? list : list.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export class Reports {
  // The database.
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  async #cases(range: { from: string; to: string }) {
    const months = monthsBetween(range.from, range.to);
    const last = months[months.length - 1] ?? range.to;
    const [ly, lm] = last.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(ly, lm, 1)); // first day after the range
    return this.#prisma.case.findMany({
      where: { referredOn: { gte: new Date(`${range.from}-01T00:00:00.000Z`), lt: end } },
      orderBy: [{ referredOn: 'asc' }, { reference: 'asc' }],
      select: {
        reference: true,
        crimeType: true,
        referralSource: true,
        initiatedBy: true,
        riskLevel: true,
        status: true,
        outcome: true,
        notProgressedReason: true,
        referredOn: true,
        firstContactOn: true,
        closedAt: true,
        meetings: { select: { id: true, kind: true, feedback: { select: { effectiveForHarmed: true, effectiveForResponsible: true } } } },
      },
    });
  }

  async summary(range: { from: string; to: string }): Promise<ReportSummary> {
    const cases = await this.#cases(range);
    const months = monthsBetween(range.from, range.to);
    const month = (d: Date) => dateToDay(d).slice(0, 7);
    const waits = cases.filter((c) => c.firstContactOn).map((c) => ({ month: month(c.referredOn), days: daysBetween(c.referredOn, c.firstContactOn as Date) }));
    const feedback = cases.flatMap((c) => c.meetings.map((m) => m.feedback).filter((f) => f !== null));
    const closed = cases.filter((c) => c.status === 'closed');
    return {
      range,
      totals: {
        referrals: cases.length,
        open: cases.filter((c) => c.status === 'open').length,
        active: cases.filter((c) => c.status === 'active').length,
        closed: closed.length,
      },
      referralsByMonth: months.map((m) => {
        const inMonth = cases.filter((c) => month(c.referredOn) === m);
        return {
          month: m,
          total: inMonth.length,
          harmedInitiated: inMonth.filter((c) => c.initiatedBy === 'harmed').length,
          responsibleInitiated: inMonth.filter((c) => c.initiatedBy === 'responsible').length,
        };
      }),
      referralsByInitiator: counts(cases.map((c) => c.initiatedBy), ['harmed', 'responsible']),
      referralsBySource: counts(cases.map((c) => c.referralSource)),
      referralsByCrimeType: counts(cases.map((c) => c.crimeType)),
      outcomes: counts(closed.map((c) => c.outcome).filter((o) => o !== null), OUTCOMES),
      notProgressedReasons: counts(closed.filter((c) => c.outcome === 'not_progressed').map((c) => c.notProgressedReason ?? 'not given')),
      daysToFirstContact: {
        cases: waits.length,
        median: median(waits.map((w) => w.days)),
        mean: waits.length ? Math.round((waits.reduce((s, w) => s + w.days, 0) / waits.length) * 10) / 10 : null,
        buckets: BUCKETS.map((b) => ({ ...b, count: waits.filter((w) => w.days >= b.min && (b.max === null || w.days <= b.max)).length })),
        byMonth: months.map((m) => {
          const inMonth = waits.filter((w) => w.month === m).map((w) => w.days);
          return { month: m, cases: inMonth.length, median: median(inMonth) };
        }),
      },
      videoEffective: {
        meetings: feedback.length,
        harmed: counts(feedback.map((f) => f.effectiveForHarmed), ANSWERS),
        responsible: counts(feedback.map((f) => f.effectiveForResponsible), ANSWERS),
      },
    };
  }

  /** One row per case referred in the range. */
  async casesCsv(range: { from: string; to: string }): Promise<string> {
    const cases = await this.#cases(range);
    const header = [
      'reference', 'referred_on', 'first_contact_on', 'days_to_first_contact', 'crime_type', 'referral_source', 'initiated_by',
      'risk_level', 'status', 'outcome', 'not_progressed_reason', 'closed_on', 'meetings',
      'video_effective_harmed_yes', 'video_effective_harmed_no', 'video_effective_harmed_unsure',
      'video_effective_responsible_yes', 'video_effective_responsible_no', 'video_effective_responsible_unsure',
    ];
    const rows = cases.map((c): Cell[] => {
      const fb = c.meetings.map((m) => m.feedback).filter((f) => f !== null);
      const n = (side: 'effectiveForHarmed' | 'effectiveForResponsible', answer: string) => fb.filter((f) => f[side] === answer).length;
      return [
        c.reference, dateToDay(c.referredOn), optionalDay(c.firstContactOn), c.firstContactOn ? daysBetween(c.referredOn, c.firstContactOn) : null,
        c.crimeType, c.referralSource, c.initiatedBy, c.riskLevel, c.status, c.outcome, c.notProgressedReason, c.closedAt ? dateToDay(c.closedAt) : null,
        c.meetings.length,
        n('effectiveForHarmed', 'yes'), n('effectiveForHarmed', 'no'), n('effectiveForHarmed', 'unsure'),
        n('effectiveForResponsible', 'yes'), n('effectiveForResponsible', 'no'), n('effectiveForResponsible', 'unsure'),
      ];
    });
    return toCsv(header, rows);
  }

  /** The summary as `section,key,value` rows, for a spreadsheet. */
  async summaryCsv(range: { from: string; to: string }): Promise<string> {
    const s = await this.summary(range);
    const rows: Cell[][] = [
      ['range', 'from', s.range.from],
      ['range', 'to', s.range.to],
      ...Object.entries(s.totals).map(([k, v]): Cell[] => ['totals', k, v]),
      ...s.referralsByMonth.flatMap((m): Cell[][] => [
        ['referrals_by_month', m.month, m.total],
        ['referrals_by_month_harmed_initiated', m.month, m.harmedInitiated],
        ['referrals_by_month_responsible_initiated', m.month, m.responsibleInitiated],
      ]),
      ...s.referralsByInitiator.map((c): Cell[] => ['referrals_by_initiator', c.key, c.count]),
      ...s.referralsBySource.map((c): Cell[] => ['referrals_by_source', c.key, c.count]),
      ...s.referralsByCrimeType.map((c): Cell[] => ['referrals_by_crime_type', c.key, c.count]),
      ...s.outcomes.map((c): Cell[] => ['outcomes', c.key, c.count]),
      ...s.notProgressedReasons.map((c): Cell[] => ['not_progressed_reasons', c.key, c.count]),
      ['days_to_first_contact', 'cases', s.daysToFirstContact.cases],
      ['days_to_first_contact', 'median', s.daysToFirstContact.median],
      ['days_to_first_contact', 'mean', s.daysToFirstContact.mean],
      ...s.daysToFirstContact.buckets.map((b): Cell[] => ['days_to_first_contact_bucket', b.label, b.count]),
      ...s.daysToFirstContact.byMonth.map((m): Cell[] => ['days_to_first_contact_median_by_month', m.month, m.median]),
      ['video_effective', 'meetings_with_feedback', s.videoEffective.meetings],
      ...s.videoEffective.harmed.map((c): Cell[] => ['video_effective_for_harmed', c.key, c.count]),
      ...s.videoEffective.responsible.map((c): Cell[] => ['video_effective_for_responsible', c.key, c.count]),
    ];
    return toCsv(['section', 'key', 'value'], rows);
  }
}
