// Cases with parties, a meeting and join links, made through the services (not the API), so the
// tests of the API start from known state.
import type { ApiHarness, StaffFixture } from './api-harness.ts';

export interface CaseFixture {
  caseId: string;
  reference: string;
  harmed: { partyId: string; participantId: string; invitationId: string; code: string; pin: string | null };
  responsible: { partyId: string; participantId: string; invitationId: string; code: string; pin: string | null };
  supporter: { partyId: string; participantId: string; invitationId: string; code: string; pin: string | null };
  meetingId: string;
}

/** Distinct strings per person, to look for in exports. */
export function personStrings(tag: string) {
  return {
    harmed: { name: `Harriet ${tag} Harmed`, pseudonym: `Blue ${tag}`, contactNotes: `Call 07700 9${tag} after 6pm, 12 Elm Road`, accessibilityNeeds: `Needs captions ${tag}` },
    responsible: { name: `Rory ${tag} Responsible`, pseudonym: `Green ${tag}`, contactNotes: `HMP Example wing ${tag}, OMU contact`, accessibilityNeeds: `Dyslexia ${tag}` },
    supporter: { name: `Sam ${tag} Supporter`, pseudonym: `Friend ${tag}`, contactNotes: `Sister of harmed ${tag}`, accessibilityNeeds: null },
  };
}

export async function createCaseFixture(h: ApiHarness, facilitator: StaffFixture, tag: string, opts: { withPin?: boolean } = {}): Promise<CaseFixture> {
  const s = h.api.services;
  const actor = { staffId: facilitator.id, role: 'facilitator' as const };
  const people = personStrings(tag);
  const caseId = await s.cases.create(actor, {
    crimeType: 'Burglary',
    referralSource: 'Police',
    initiatedBy: 'harmed',
    riskLevel: 'low',
    referredOn: '2026-02-03',
    parties: [
      { side: 'harmed', role: 'party', ...people.harmed },
      { side: 'responsible', role: 'party', ...people.responsible },
      { side: 'harmed', role: 'supporter', ...people.supporter },
    ],
  });
  const parties = await s.parties.list(caseId, false);
  const [harmedParty, responsibleParty, supporterParty] = parties;
  if (!harmedParty || !responsibleParty || !supporterParty) throw new Error('parties missing');
  const withPin = opts.withPin ?? false;
  const { meeting, invitations } = await s.meetings.create(
    caseId,
    {
      kind: 'conference',
      scheduledAt: '2026-12-01T10:00:00.000Z',
      invite: [harmedParty, responsibleParty, supporterParty].map((p) => ({ partyId: p.id, withPin, expiresInHours: 24 })),
    },
    actor,
  );
  const person = (partyId: string) => {
    const participant = meeting.participants.find((p) => p.casePartyId === partyId);
    const inv = invitations.find((i) => i.invitation.participantId === participant?.participantId);
    if (!participant || !inv) throw new Error('invitee missing');
    return { partyId, participantId: participant.participantId, invitationId: inv.invitation.id, code: inv.code, pin: inv.pin };
  };
  const summary = await s.cases.summary(caseId);
  return {
    caseId,
    reference: summary.reference,
    harmed: person(harmedParty.id),
    responsible: person(responsibleParty.id),
    supporter: person(supporterParty.id),
    meetingId: meeting.id,
  };
}
