// Reporting on PGlite and PostgreSQL: referrals by month, initiator, source and crime type,
// outcomes, days to first contact, and video effectiveness per side; plus the CSV exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases.ts';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient } from './support/api-harness.ts';

const SLOW = 180_000;

interface Referral {
  crimeType: string;
  referralSource: string;
  initiatedBy: 'harmed' | 'responsible';
  referredOn: string;
  firstContactOn?: string;
  close?: { outcome: string; notProgressedReason?: string };
  feedback?: [string, string][];
}

// Three months of made-up referrals, plus one outside the range.
const REFERRALS: Referral[] = [
  { crimeType: 'Burglary', referralSource: 'Police', initiatedBy: 'harmed', referredOn: '2026-01-05', firstContactOn: '2026-01-07', close: { outcome: 'conference' }, feedback: [['yes', 'yes']] },
  { crimeType: 'Burglary', referralSource: 'Probation', initiatedBy: 'responsible', referredOn: '2026-01-20', firstContactOn: '2026-01-30', close: { outcome: 'shuttle' }, feedback: [['yes', 'unsure'], ['no', 'yes']] },
  { crimeType: 'Assault', referralSource: 'Police', initiatedBy: 'harmed', referredOn: '2026-02-11', firstContactOn: '2026-03-20', close: { outcome: 'not_progressed', notProgressedReason: 'harmed party withdrew' } },
  { crimeType: 'Criminal damage', referralSource: 'Self-referral', initiatedBy: 'harmed', referredOn: '2026-03-01', firstContactOn: '2026-03-02' },
  { crimeType: 'Assault', referralSource: 'Police', initiatedBy: 'responsible', referredOn: '2026-03-31' },
  { crimeType: '=HYPERLINK("http://x")', referralSource: 'Police', initiatedBy: 'harmed', referredOn: '2025-12-31' },
];

describe.each(BACKENDS)('reporting on %s', (backend) => {
  let h: ApiHarness;
  let coordinator: HttpClient;

  beforeAll(async () => {
    h = await startApi(backend);
    const fac = await createStaff(h, 'facilitator');
    coordinator = await signIn(h, await createStaff(h, 'coordinator'));
    const facilitator = await signIn(h, fac);
    for (const r of REFERRALS) {
      const created = await facilitator.post('/api/cases', {
        crimeType: r.crimeType,
        referralSource: r.referralSource,
        initiatedBy: r.initiatedBy,
        riskLevel: 'low',
        referredOn: r.referredOn,
        ...(r.firstContactOn ? { firstContactOn: r.firstContactOn } : {}),
        parties: [{ side: r.initiatedBy, role: 'party', name: 'Someone', pseudonym: 'Someone' }],
      });
      if (created.status !== 201) throw new Error(created.text);
      const caseId = created.body.case.id;
      for (const [harmed, responsible] of r.feedback ?? []) {
        const m = await facilitator.post(`/api/cases/${caseId}/meetings`, { kind: 'conference' });
        await facilitator.put(`/api/cases/${caseId}/meetings/${m.body.meeting.id}/feedback`, { effectiveForHarmed: harmed, effectiveForResponsible: responsible });
      }
      if (r.close) {
        const closed = await facilitator.patch(`/api/cases/${caseId}`, { status: 'closed', ...r.close });
        if (closed.status !== 200) throw new Error(closed.text);
      }
    }
  }, SLOW);

  afterAll(async () => {
    await h?.close();
  });

  it('summarises the referrals of the range', async () => {
    const res = await coordinator.get('/api/reports/summary?from=2026-01&to=2026-03');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.range).toEqual({ from: '2026-01', to: '2026-03' });
    expect(s.totals).toEqual({ referrals: 5, open: 2, active: 0, closed: 3 });
    expect(s.referralsByMonth).toEqual([
      { month: '2026-01', total: 2, harmedInitiated: 1, responsibleInitiated: 1 },
      { month: '2026-02', total: 1, harmedInitiated: 1, responsibleInitiated: 0 },
      { month: '2026-03', total: 2, harmedInitiated: 1, responsibleInitiated: 1 },
    ]);
    expect(s.referralsByInitiator).toEqual([{ key: 'harmed', count: 3 }, { key: 'responsible', count: 2 }]);
    expect(s.referralsBySource).toEqual([{ key: 'Police', count: 3 }, { key: 'Probation', count: 1 }, { key: 'Self-referral', count: 1 }]);
    expect(s.referralsByCrimeType).toEqual([{ key: 'Assault', count: 2 }, { key: 'Burglary', count: 2 }, { key: 'Criminal damage', count: 1 }]);
    expect(s.outcomes).toEqual([
      { key: 'conference', count: 1 },
      { key: 'shuttle', count: 1 },
      { key: 'letter', count: 0 },
      { key: 'conversation', count: 0 },
      { key: 'not_progressed', count: 1 },
    ]);
    expect(s.notProgressedReasons).toEqual([{ key: 'harmed party withdrew', count: 1 }]);
    // Waits of 2, 10, 37 and 1 days.
    expect(s.daysToFirstContact).toMatchObject({ cases: 4, median: 6, mean: 12.5 });
    expect(s.daysToFirstContact.buckets.map((b: { count: number }) => b.count)).toEqual([2, 0, 1, 0, 1]);
    expect(s.daysToFirstContact.byMonth).toEqual([
      { month: '2026-01', cases: 2, median: 6 },
      { month: '2026-02', cases: 1, median: 37 },
      { month: '2026-03', cases: 1, median: 1 },
    ]);
    expect(s.videoEffective).toEqual({
      meetings: 3,
      harmed: [{ key: 'yes', count: 2 }, { key: 'no', count: 1 }, { key: 'unsure', count: 0 }],
      responsible: [{ key: 'yes', count: 2 }, { key: 'no', count: 0 }, { key: 'unsure', count: 1 }],
    });
  });

  it('exports one CSV row per case, with formulas defused', async () => {
    const res = await coordinator.get('/api/reports/cases.csv?from=2025-12&to=2026-03');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="?cases-2025-12-to-2026-03\.csv"?/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['reference', 'referred_on', 'first_contact_on', 'days_to_first_contact']);
    expect(lines).toHaveLength(1 + 6);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    const shuttle = lines.find((l) => l.includes(',shuttle,'));
    expect(shuttle?.split(',').slice(-6)).toEqual(['1', '1', '0', '1', '0', '1']);
  });

  it('exports the summary as section,key,value rows; exports are audited', async () => {
    const res = await coordinator.get('/api/reports/summary.csv?from=2026-01&to=2026-03');
    expect(res.status).toBe(200);
    expect(res.text).toContain('section,key,value\r\n');
    expect(res.text).toContain('referrals_by_month,2026-01,2\r\n');
    expect(res.text).toContain('video_effective_for_harmed,yes,2\r\n');
    const audited = await h.db.prisma.auditEvent.count({ where: { action: 'report.exported' } });
    expect(audited).toBeGreaterThanOrEqual(2);
  });

  it('rejects a bad range with 400', async () => {
    expect((await coordinator.get('/api/reports/summary?from=2026-05&to=2026-01')).status).toBe(400);
    expect((await coordinator.get('/api/reports/summary?from=2026-13')).status).toBe(400);
    expect((await coordinator.get('/api/reports/summary?from=2000-01&to=2026-01')).status).toBe(400);
    expect((await coordinator.get('/api/reports/summary?month=2026-01')).status).toBe(400);
  });

  it('closing a case needs an outcome, and "not progressed" needs a reason', async () => {
    const facilitator = await signIn(h, await createStaff(h, 'facilitator'));
    const created = await facilitator.post('/api/cases', { crimeType: 'Theft', referralSource: 'Police', initiatedBy: 'harmed', riskLevel: 'medium', referredOn: '2026-04-01' });
    const id = created.body.case.id;
    expect((await facilitator.patch(`/api/cases/${id}`, { status: 'closed' })).status).toBe(400);
    expect((await facilitator.patch(`/api/cases/${id}`, { status: 'closed', outcome: 'not_progressed' })).status).toBe(400);
    expect((await facilitator.patch(`/api/cases/${id}`, { firstContactOn: '2026-03-01' })).status).toBe(400);
    const closed = await facilitator.patch(`/api/cases/${id}`, { status: 'closed', outcome: 'letter' });
    expect(closed.body.case).toMatchObject({ status: 'closed', outcome: 'letter' });
    expect(closed.body.case.closedAt).not.toBeNull();
    const reopened = await facilitator.patch(`/api/cases/${id}`, { status: 'active' });
    expect(reopened.body.case).toMatchObject({ status: 'active', outcome: null, closedAt: null });
  });
});
