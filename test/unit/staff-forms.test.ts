// The staff forms as data: what the create-case and new-meeting forms send, what they refuse
// before sending, and where the server's field errors land.
import { describe, expect, it } from 'vitest';
import { caseRequest, emptyCaseForm, emptyParty, formErrorsFromServer, isBlankParty, validateCaseForm, type CaseForm } from '../../client/src/staff/forms/caseForm.ts';
import { defaultMeetingForm, meetingFormProblem, meetingRequest, toggleInvited } from '../../client/src/staff/forms/meetingForm.ts';
import { passwordProblem } from '../../client/src/staff/forms/passwordRules.ts';
import type { PartyView } from '../../client/src/staff/schemas.ts';

function filled(): CaseForm {
  const form = emptyCaseForm('2026-02-03');
  form.crimeType = '  Burglary ';
  form.referralSource = 'Police';
  form.initiatedBy = 'harmed';
  form.riskLevel = 'low';
  form.parties[0] = { ...form.parties[0]!, name: ' Hannah Real ', pseudonym: ' Sam ' };
  form.parties[1] = { ...form.parties[1]!, name: 'Robin Real', pseudonym: 'Alex', contactNotes: 'Mornings only' };
  return form;
}

describe('the create-case form', () => {
  it('starts with today as the referral date and one empty row per side', () => {
    const form = emptyCaseForm('2026-02-03');
    expect(form.referredOn).toBe('2026-02-03');
    expect(form.parties.map((p) => p.side)).toEqual(['harmed', 'responsible']);
    expect(form.parties.every(isBlankParty)).toBe(true);
    expect(new Set(form.parties.map((p) => p.key)).size).toBe(2);
  });

  it('maps to POST /api/cases: trimmed text, blank optional fields left out, parties inline', () => {
    const { body, partyIndexes } = caseRequest(filled(), { assignFacilitators: false });
    expect(body).toEqual({
      crimeType: 'Burglary',
      referralSource: 'Police',
      initiatedBy: 'harmed',
      riskLevel: 'low',
      referredOn: '2026-02-03',
      parties: [
        { side: 'harmed', role: 'party', name: 'Hannah Real', pseudonym: 'Sam' },
        { side: 'responsible', role: 'party', name: 'Robin Real', pseudonym: 'Alex', contactNotes: 'Mornings only' },
      ],
    });
    expect(partyIndexes).toEqual([0, 1]);
  });

  it('sends the reference, risk note, first contact and (for coordinators) facilitators when given', () => {
    const form = { ...filled(), reference: ' CG-1 ', riskNote: 'calm', firstContactOn: '2026-02-05', facilitatorIds: ['f1'] };
    expect(caseRequest(form, { assignFacilitators: true }).body).toMatchObject({ reference: 'CG-1', riskNote: 'calm', firstContactOn: '2026-02-05', facilitatorIds: ['f1'] });
    expect(caseRequest(form, { assignFacilitators: false }).body).not.toHaveProperty('facilitatorIds');
  });

  it('skips rows nobody filled in, and keeps the row numbers for server errors', () => {
    const form = filled();
    form.parties = [emptyParty('harmed'), form.parties[0]!, emptyParty('responsible'), form.parties[1]!];
    const { body, partyIndexes } = caseRequest(form, { assignFacilitators: false });
    expect(body.parties?.map((p) => p.pseudonym)).toEqual(['Sam', 'Alex']);
    expect(partyIndexes).toEqual([1, 3]);
    expect(formErrorsFromServer({ 'parties.1.pseudonym': 'Too long.', referredOn: 'Invalid date.' }, partyIndexes)).toEqual({
      'parties.3.pseudonym': 'Too long.',
      referredOn: 'Invalid date.',
    });
  });

  it('leaves out parties altogether when every row is empty', () => {
    const form = filled();
    form.parties = [emptyParty('harmed')];
    expect(caseRequest(form, { assignFacilitators: false }).body).not.toHaveProperty('parties');
  });

  it('names every missing required field by its API path', () => {
    const form = emptyCaseForm('');
    form.parties[0] = { ...form.parties[0]!, pseudonym: 'Sam' };
    expect(Object.keys(validateCaseForm(form)).sort()).toEqual(['crimeType', 'initiatedBy', 'parties.0.name', 'referralSource', 'referredOn', 'riskLevel']);
    expect(validateCaseForm(filled())).toEqual({});
  });

  it('refuses a first contact before the referral, and a reference the server would refuse', () => {
    expect(validateCaseForm({ ...filled(), firstContactOn: '2026-02-01' })).toHaveProperty('firstContactOn');
    expect(validateCaseForm({ ...filled(), reference: '#1' })).toHaveProperty('reference');
    expect(validateCaseForm({ ...filled(), reference: 'CG 2026/7_a-b' })).toEqual({});
  });

  it('refuses to build a request from a form that was not validated', () => {
    expect(() => caseRequest(emptyCaseForm('2026-01-01'), { assignFacilitators: false })).toThrow();
  });
});

function party(id: string, side: 'harmed' | 'responsible', pseudonym = id): PartyView {
  return { id, side, role: 'party', pseudonym, createdAt: '2026-01-01T00:00:00.000Z' };
}

describe('the new-meeting form', () => {
  const parties = [party('h1', 'harmed'), party('h2', 'harmed'), party('r1', 'responsible')];

  it('suggests a first meeting with the side that asked for RJ, each link with a PIN, for 7 days', () => {
    expect(defaultMeetingForm(parties, { firstMeeting: true, initiatedBy: 'responsible' })).toEqual({
      kind: 'one_to_one',
      scheduledAt: '',
      invited: ['r1'],
      withPin: true,
      expiresInHours: 168,
    });
  });

  it('suggests a conference with everyone once a meeting exists', () => {
    expect(defaultMeetingForm(parties, { firstMeeting: false, initiatedBy: 'harmed' })).toMatchObject({ kind: 'conference', invited: ['h1', 'h2', 'r1'] });
  });

  it('keeps a first meeting to one side', () => {
    const form = { ...defaultMeetingForm(parties, { firstMeeting: true, initiatedBy: 'harmed' }), invited: ['h1', 'r1'] };
    expect(meetingFormProblem(form, parties)).toMatch(/one side/);
    expect(meetingFormProblem({ ...form, kind: 'conference' }, parties)).toBeNull();
  });

  it('maps to POST …/meetings: invitees in the case’s order, the time as an ISO instant', () => {
    let form = defaultMeetingForm(parties, { firstMeeting: false, initiatedBy: 'harmed' });
    form = toggleInvited(form, 'h2', false);
    form = toggleInvited(toggleInvited(form, 'r1', false), 'r1', true);
    form = { ...form, withPin: false, expiresInHours: 24, scheduledAt: '2026-12-01T10:00' };
    const body = meetingRequest(form, parties);
    expect(body.kind).toBe('conference');
    expect(body.invite).toEqual([
      { partyId: 'h1', withPin: false, expiresInHours: 24 },
      { partyId: 'r1', withPin: false, expiresInHours: 24 },
    ]);
    expect(body.scheduledAt).toBe(new Date('2026-12-01T10:00').toISOString());
    expect(meetingRequest({ ...form, scheduledAt: '' }, parties)).not.toHaveProperty('scheduledAt');
  });
});

describe('the new password', () => {
  it('needs 12 characters, a change, and the same twice', () => {
    expect(passwordProblem('old', 'short', 'short')).toMatch(/12 characters/);
    expect(passwordProblem('the same long one', 'the same long one', 'the same long one')).toMatch(/different/);
    expect(passwordProblem('old', 'a long passphrase', 'a long passphrasf')).toMatch(/not the same/);
    expect(passwordProblem('old', 'a long passphrase', 'a long passphrase')).toBeNull();
  });
});
