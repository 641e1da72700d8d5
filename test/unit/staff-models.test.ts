// The staff pages' pure models: case list filters, what a role may do on a case, the case
// timeline, a meeting's invitees, the report's chart rows, and where sign-in returns to.
import { describe, expect, it } from 'vitest';
import { abilitiesOf, caseAbilities, homePath } from '../../client/src/staff/abilities.ts';
import { invitableParties, linkSummary } from '../../client/src/staff/case/meetingPeopleModel.ts';
import { auditTimeline, recordTimeline } from '../../client/src/staff/case/timelineModel.ts';
import { filterCases, filtersFromSearch, filtersToSearch, NO_FILTERS } from '../../client/src/staff/caseFilters.ts';
import { formatMonth } from '../../client/src/staff/format.ts';
import { loginPath, safeNext } from '../../client/src/staff/navigation.ts';
import { daysText, initiatorRows, keyedRows, medianByMonthRows, outcomeRows, referralsByMonthRows, shortMonth, videoRows } from '../../client/src/staff/reports/reportCharts.ts';
import type { CaseDetail, CaseSummary, InvitationView, MeetingParticipant, MeetingView, ReportSummary } from '../../client/src/staff/schemas.ts';

const T = '2026-02-03T10:00:00.000Z';

function summary(over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: 'c1',
    reference: 'CG-2026-AAAAA',
    crimeType: 'Burglary',
    referralSource: 'Police',
    initiatedBy: 'harmed',
    riskLevel: 'low',
    status: 'open',
    outcome: null,
    notProgressedReason: null,
    referredOn: '2026-02-01',
    firstContactOn: null,
    closedAt: null,
    createdAt: T,
    facilitators: [{ id: 'fran', displayName: 'Fran Lee' }],
    ...over,
  };
}

function invitation(over: Partial<InvitationView> = {}): InvitationView {
  return { id: 'i1', participantId: 'p-sam', status: 'valid', hasPin: true, pinAttempts: 0, createdAt: T, expiresAt: T, usedAt: null, revokedAt: null, lockedAt: null, ...over };
}

function participant(over: Partial<MeetingParticipant> = {}): MeetingParticipant {
  return { participantId: 'p-sam', role: 'party', side: 'harmed', displayName: 'Sam', casePartyId: 'sam', staffId: null, joinedAt: null, removed: false, invitations: [], ...over };
}

function meeting(over: Partial<MeetingView> = {}): MeetingView {
  return { id: 'm1', title: 'First meeting', kind: 'one_to_one', status: 'scheduled', scheduledAt: null, createdAt: T, startedAt: null, endedAt: null, participants: [], feedback: null, ...over };
}

function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    ...summary(),
    riskHistory: [{ id: 'r1', level: 'low', note: null, assessedAt: T, assessedBy: 'Fran Lee' }],
    parties: [
      { id: 'sam', side: 'harmed', role: 'party', pseudonym: 'Sam', createdAt: T },
      { id: 'kim', side: 'harmed', role: 'supporter', pseudonym: 'Kim', createdAt: T },
      { id: 'alex', side: 'responsible', role: 'party', pseudonym: 'Alex', createdAt: T },
    ],
    meetings: [],
    ...over,
  };
}

describe('case list filters', () => {
  const cases = [
    summary({ id: 'a', reference: 'CG-1', crimeType: 'Burglary', riskLevel: 'high' }),
    summary({ id: 'b', reference: 'CG-2', crimeType: 'Criminal damage', referralSource: 'Youth offending team', initiatedBy: 'responsible' }),
    summary({ id: 'c', reference: 'X-3', status: 'closed', facilitators: [{ id: 'g', displayName: 'Gita Rao' }] }),
  ];

  it('searches reference, crime type, source and facilitator names, every word, ignoring case', () => {
    expect(filterCases(cases, { ...NO_FILTERS, q: 'cg' }).map((c) => c.id)).toEqual(['a', 'b']);
    expect(filterCases(cases, { ...NO_FILTERS, q: 'youth DAMAGE' }).map((c) => c.id)).toEqual(['b']);
    expect(filterCases(cases, { ...NO_FILTERS, q: 'gita' }).map((c) => c.id)).toEqual(['c']);
  });

  it('filters by status, risk and initiator', () => {
    expect(filterCases(cases, { ...NO_FILTERS, risk: 'high' }).map((c) => c.id)).toEqual(['a']);
    expect(filterCases(cases, { ...NO_FILTERS, initiatedBy: 'responsible' }).map((c) => c.id)).toEqual(['b']);
    expect(filterCases(cases, { ...NO_FILTERS, status: 'closed' }).map((c) => c.id)).toEqual(['c']);
  });

  it('round-trips through the address, dropping values it does not know', () => {
    const filters = { q: 'burglary', status: 'active' as const, risk: 'medium' as const, initiatedBy: 'harmed' as const, mine: true };
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(filtersToSearch(NO_FILTERS)).toBe('');
    expect(filtersFromSearch('?status=deleted&risk=extreme&mine=yes')).toEqual(NO_FILTERS);
  });
});

describe('abilities', () => {
  it('follows the role table of api.md', () => {
    expect(abilitiesOf('facilitator')).toEqual({ cases: true, reports: false, manageStaff: false });
    expect(abilitiesOf('coordinator')).toEqual({ cases: true, reports: true, manageStaff: false });
    expect(abilitiesOf('administrator')).toEqual({ cases: false, reports: false, manageStaff: true });
    expect(homePath('administrator')).toBe('/staff/admin');
    expect(homePath('facilitator')).toBe('/staff');
  });

  it('lets only the case’s own facilitators facilitate, and coordinators coordinate', () => {
    const kase = summary();
    expect(caseAbilities({ id: 'fran', role: 'facilitator' }, kase)).toEqual({ facilitate: true, update: true, coordinate: false });
    expect(caseAbilities({ id: 'other', role: 'facilitator' }, kase)).toEqual({ facilitate: false, update: false, coordinate: false });
    expect(caseAbilities({ id: 'cora', role: 'coordinator' }, kase)).toEqual({ facilitate: false, update: true, coordinate: true });
    expect(caseAbilities({ id: 'fran', role: 'administrator' }, kase)).toEqual({ facilitate: false, update: false, coordinate: false });
  });
});

describe('the case timeline', () => {
  it('is rebuilt from the record for facilitators, newest first, with pseudonyms only', () => {
    const kase = detail({
      createdAt: '2026-02-03T09:00:00.000Z',
      firstContactOn: '2026-02-04',
      closedAt: '2026-02-10T12:00:00.000Z',
      outcome: 'letter',
      meetings: [
        meeting({
          createdAt: '2026-02-05T09:00:00.000Z',
          startedAt: '2026-02-06T09:00:00.000Z',
          participants: [
            participant({ role: 'facilitator', displayName: 'Fran Lee', casePartyId: null, invitations: [invitation({ id: 'ignored' })] }),
            participant({ invitations: [invitation({ createdAt: '2026-02-05T09:00:01.000Z', usedAt: '2026-02-06T08:59:00.000Z' })] }),
          ],
        }),
      ],
    });
    const entries = recordTimeline(kase);
    expect(entries.map((e) => e.text)).toEqual([
      'Case closed: Letter or statement',
      'Meeting started',
      'Join link opened',
      'Join link created, with a PIN',
      'Meeting created',
      'First contact',
      'Risk assessed: Low',
      'Person added',
      'Person added',
      'Person added',
      'Case created',
    ]);
    expect(entries.find((e) => e.text === 'Join link opened')?.about).toBe('Sam · First meeting');
    expect(JSON.stringify(entries)).not.toMatch(/ignored/);
  });

  it('reads audit events with staff names and the case’s pseudonyms, never raw ids', () => {
    const kase = detail({ meetings: [meeting({ participants: [participant()] })] });
    const entries = auditTimeline(
      [
        { id: '9', at: T, action: 'participant.admitted', actorKind: null, actorId: 'p-sam', actorName: null, meetingId: 'm1', subjectId: 'p-sam', detail: {} },
        { id: '8', at: T, action: 'invitation.created', actorKind: 'staff', actorId: 'fran', actorName: 'Fran Lee', meetingId: 'm1', subjectId: 'i-unknown', detail: {} },
        { id: '7', at: T, action: 'something.new', actorKind: 'system', actorId: null, actorName: null, meetingId: null, subjectId: null, detail: {} },
      ],
      kase,
    );
    expect(entries).toEqual([
      { key: 'audit-9', at: T, text: 'Someone was admitted from a waiting room', who: 'Sam', about: 'Sam · First meeting' },
      { key: 'audit-8', at: T, text: 'Join link created', who: 'Fran Lee', about: 'First meeting' },
      { key: 'audit-7', at: T, text: 'something new', who: 'System', about: null },
    ]);
  });
});

describe('meeting invitees', () => {
  it('the current link is the last one', () => {
    expect(linkSummary(participant())).toEqual({ current: null, status: null });
    const p = participant({ invitations: [invitation({ id: 'old', status: 'revoked' }), invitation({ id: 'new', status: 'used' })] });
    expect(linkSummary(p)).toMatchObject({ status: 'used', current: { id: 'new' } });
  });

  it('offers people not in the meeting, on the same side only for a first meeting, and removed people again', () => {
    const kase = detail();
    const first = meeting({ participants: [participant()] });
    expect(invitableParties(kase.parties, first).map((p) => p.id)).toEqual(['kim']);
    expect(invitableParties(kase.parties, { ...first, kind: 'conference' }).map((p) => p.id)).toEqual(['kim', 'alex']);
    expect(invitableParties(kase.parties, meeting()).map((p) => p.id)).toEqual(['sam', 'kim', 'alex']);
    expect(invitableParties(kase.parties, meeting({ participants: [participant({ removed: true })] })).map((p) => p.id)).toEqual(['sam', 'kim', 'alex']);
  });
});

describe('report chart rows', () => {
  const report: ReportSummary = {
    range: { from: '2026-01', to: '2026-02' },
    totals: { referrals: 3, open: 1, active: 1, closed: 1 },
    referralsByMonth: [
      { month: '2026-01', total: 1, harmedInitiated: 1, responsibleInitiated: 0 },
      { month: '2026-02', total: 2, harmedInitiated: 0, responsibleInitiated: 2 },
    ],
    referralsByInitiator: [{ key: 'responsible', count: 2 }],
    referralsBySource: [{ key: 'Police', count: 2 }, { key: '', count: 1 }],
    referralsByCrimeType: [{ key: 'Burglary', count: 3 }],
    outcomes: [{ key: 'letter', count: 1 }],
    notProgressedReasons: [],
    daysToFirstContact: { cases: 1, median: 4, mean: 4.25, buckets: [{ label: '3–7 days', min: 3, max: 7, count: 1 }], byMonth: [{ month: '2026-01', cases: 1, median: 4 }, { month: '2026-02', cases: 0, median: null }] },
    videoEffective: { meetings: 1, harmed: [{ key: 'yes', count: 1 }], responsible: [{ key: 'unsure', count: 1 }] },
  };

  it('stacks harmed- and responsible-initiated referrals per month', () => {
    expect(referralsByMonthRows(report)).toEqual([
      { label: formatMonth('2026-01'), short: '01/26', values: [1, 0] },
      { label: formatMonth('2026-02'), short: '02/26', values: [0, 2] },
    ]);
    expect(shortMonth('2026-11')).toBe('11/26');
  });

  it('always shows both initiators and all five outcomes, zeros included', () => {
    expect(initiatorRows(report).map((r) => r.values[0])).toEqual([0, 2]);
    expect(outcomeRows(report).map((r) => [r.label, r.values[0]])).toEqual([
      ['Conference', 0],
      ['Shuttle', 0],
      ['Letter or statement', 1],
      ['Restorative conversation', 0],
      ['Not progressed', 0],
    ]);
    expect(keyedRows(report.referralsBySource).map((r) => r.label)).toEqual(['Police', 'Not recorded']);
  });

  it('keeps months without a first contact as "no data", and splits video answers yes / no / not sure', () => {
    expect(medianByMonthRows(report).map((r) => r.values)).toEqual([[4], [null]]);
    expect(videoRows(report).map((r) => r.values)).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(daysText(4.25)).toBe('4.3 days');
    expect(daysText(1)).toBe('1 day');
    expect(daysText(null)).toBe('—');
  });
});

describe('returning after sign-in', () => {
  it('only ever returns to a staff page of this site', () => {
    expect(safeNext('/staff/cases/abc?x=1')).toBe('/staff/cases/abc?x=1');
    expect(safeNext('https://evil.example/staff')).toBeNull();
    expect(safeNext('//evil.example/staff')).toBeNull();
    expect(safeNext('/join#token=x')).toBeNull();
    expect(safeNext('/staff/login?next=/staff')).toBeNull();
    expect(loginPath('/staff/reports')).toBe('/staff/login?next=%2Fstaff%2Freports');
    expect(loginPath('/i/abc')).toBe('/staff/login');
  });
});
