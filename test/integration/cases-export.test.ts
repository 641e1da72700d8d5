// Side separation on PGlite and PostgreSQL: each side's identifying details live in that side's
// own table, and a subject access export for one person holds nothing about anyone else on the
// case, whoever asks for it (the facilitator, or the person with their join token).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases.ts';
import { createStaff, signIn, startApi, type ApiHarness, type HttpClient, type StaffFixture } from './support/api-harness.ts';
import { createCaseFixture, personStrings, type CaseFixture } from './support/case-fixtures.ts';

const SLOW = 180_000;

describe.each(BACKENDS)('side-separated records on %s', (backend) => {
  let h: ApiHarness;
  let fac: StaffFixture;
  let staff: HttpClient;
  let c: CaseFixture;
  let other: CaseFixture;
  const people = personStrings('sep');

  /** Every string that identifies one person, including their ids. */
  function traces(who: 'harmed' | 'responsible' | 'supporter', fixture: CaseFixture = c): string[] {
    const p = (fixture === c ? people : personStrings('oth'))[who];
    const ids = fixture[who];
    return [p.name, p.pseudonym, p.contactNotes, ...(p.accessibilityNeeds ? [p.accessibilityNeeds] : []), ids.partyId, ids.participantId, ids.invitationId];
  }

  beforeAll(async () => {
    h = await startApi(backend);
    fac = await createStaff(h, 'facilitator');
    staff = await signIn(h, fac);
    c = await createCaseFixture(h, fac, 'sep', { withPin: true });
    other = await createCaseFixture(h, fac, 'oth');
    // Activity on both sides, so each has audit rows of its own.
    await h.api.services.invitations.redeem(c.harmed.code, c.harmed.pin ?? undefined);
    await h.api.services.invitations.redeem(c.responsible.code, String((Number(c.responsible.pin) + 1) % 1_000_000).padStart(6, '0')).then(
      () => {
        throw new Error('a wrong PIN was accepted');
      },
      (err: unknown) => expect((err as { code?: string }).code).toBe('PIN_INCORRECT'),
    );
    await h.api.services.invitations.redeem(c.responsible.code, c.responsible.pin ?? undefined);
    await h.db.prisma.auditEvent.create({ data: { meetingId: c.meetingId, actorId: c.responsible.participantId, action: 'participant.joined', subjectId: c.responsible.participantId } });
    await staff.patch(`/api/cases/${c.caseId}/parties/${c.responsible.partyId}`, { contactNotes: people.responsible.contactNotes });
  }, SLOW);

  afterAll(async () => {
    await h?.close();
  });

  it("each person's details are stored only in their own side's table", async () => {
    const harmedRows = await h.db.prisma.harmedPartyDetails.findMany({ where: { partyId: { in: [c.harmed.partyId, c.responsible.partyId, c.supporter.partyId] } } });
    const responsibleRows = await h.db.prisma.responsiblePartyDetails.findMany({ where: { partyId: { in: [c.harmed.partyId, c.responsible.partyId, c.supporter.partyId] } } });
    expect(harmedRows.map((r) => r.partyId).sort()).toEqual([c.harmed.partyId, c.supporter.partyId].sort());
    expect(responsibleRows.map((r) => r.partyId)).toEqual([c.responsible.partyId]);
    const party = await h.db.prisma.caseParty.findUniqueOrThrow({ where: { id: c.harmed.partyId } });
    expect(JSON.stringify(party)).not.toContain(people.harmed.name);
  });

  it("the facilitator's export of the harmed party holds their data and nothing of the responsible party or the supporter", async () => {
    const res = await staff.get(`/api/cases/${c.caseId}/parties/${c.harmed.partyId}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    expect(res.body.person).toMatchObject({ partyId: c.harmed.partyId, side: 'harmed', ...people.harmed });
    expect(res.body.meetings).toHaveLength(1);
    expect(res.body.meetings[0]).toMatchObject({ meetingId: c.meetingId, participantId: c.harmed.participantId, displayName: people.harmed.pseudonym });
    expect(res.body.activity.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['party.added', 'invitation.created', 'invitation.redeemed']));
    for (const t of [...traces('responsible'), ...traces('supporter'), ...traces('harmed', other)]) expect(res.text).not.toContain(t);
    for (const t of traces('harmed').filter((t) => t !== c.harmed.invitationId)) expect(res.text).toContain(t);
  });

  it("the export of the responsible party holds nothing of the harmed side, not even their PIN failures' neighbours", async () => {
    const res = await staff.get(`/api/cases/${c.caseId}/parties/${c.responsible.partyId}/export`);
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ side: 'responsible', ...people.responsible });
    const actions = res.body.activity.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.pin_failed', 'invitation.redeemed', 'participant.joined', 'party.updated']));
    for (const t of [...traces('harmed'), ...traces('supporter')]) expect(res.text).not.toContain(t);
    expect(res.text).not.toContain('Elm Road');
  });

  it('a party exporting their own data with their join token gets the same separation', async () => {
    const party = h.client();
    const fresh = await staff.post(`/api/cases/${c.caseId}/meetings`, { kind: 'one_to_one', invite: [{ partyId: c.responsible.partyId }] });
    expect(fresh.status).toBe(201);
    party.bearer = (await h.client().post(`/api/invitations/${fresh.body.invitations[0].code}/redeem`, {})).body.joinToken;
    const res = await party.get('/api/me/export');
    expect(res.status).toBe(200);
    expect(res.body.person.partyId).toBe(c.responsible.partyId);
    expect(res.body.meetings.map((m: { meetingId: string }) => m.meetingId).sort()).toEqual([c.meetingId, fresh.body.meeting.id].sort());
    for (const t of [...traces('harmed'), ...traces('supporter')]) expect(res.text).not.toContain(t);
    const audited = await h.db.prisma.auditEvent.findMany({ where: { caseId: c.caseId, action: 'party.exported', actorKind: 'participant' } });
    expect(audited).toHaveLength(1);
  });

  it('exports are audited with the side, never the content', async () => {
    const rows = await h.db.prisma.auditEvent.findMany({ where: { caseId: c.caseId, action: 'party.exported', actorKind: 'staff' } });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows.map((r) => r.detail))).not.toMatch(/Harriet|Rory/);
  });

  it('a party cannot move to the other side (side decides where their details live)', async () => {
    const res = await staff.patch(`/api/cases/${c.caseId}/parties/${c.harmed.partyId}`, { side: 'responsible' });
    expect(res.status).toBe(400);
  });

  it('a first (one-to-one) meeting cannot bring both sides together', async () => {
    const res = await staff.post(`/api/cases/${c.caseId}/meetings`, { kind: 'one_to_one', invite: [{ partyId: c.harmed.partyId }, { partyId: c.responsible.partyId }] });
    expect(res.status).toBe(400);
    const meeting = await staff.post(`/api/cases/${c.caseId}/meetings`, { kind: 'one_to_one', invite: [{ partyId: c.harmed.partyId }] });
    const add = await staff.post(`/api/cases/${c.caseId}/meetings/${meeting.body.meeting.id}/participants`, { partyId: c.responsible.partyId });
    expect(add.status).toBe(400);
  });

  it("the pseudonym, never the real name, is a party's name in the meeting", async () => {
    const rows = await h.db.prisma.participant.findMany({ where: { meetingId: c.meetingId, role: { not: 'facilitator' } } });
    expect(rows.map((r) => r.displayName).sort()).toEqual([people.harmed.pseudonym, people.responsible.pseudonym, people.supporter.pseudonym].sort());
  });
});
