// Facts about a meeting's invitees the case page shows: the state of someone's current link, and
// who from the case may still be invited. Pure, for unit tests.
import type { InvitationStatus, InvitationView, MeetingParticipant, MeetingView, PartyView } from '../schemas.ts';

export interface LinkSummary {
  /** The latest link (the API lists them oldest first), or null when none was made. */
  readonly current: InvitationView | null;
  readonly status: InvitationStatus | null;
}

export function linkSummary(p: MeetingParticipant): LinkSummary {
  const current = p.invitations[p.invitations.length - 1] ?? null;
  return { current, status: current?.status ?? null };
}

/**
 * Case parties not (or no longer) in the meeting. A first meeting (one to one) stays with one
 * side: once someone is invited, only people on their side are offered.
 */
export function invitableParties(parties: readonly PartyView[], meeting: MeetingView): PartyView[] {
  const present = meeting.participants.filter((p) => !p.removed && p.casePartyId);
  const inMeeting = new Set(present.map((p) => p.casePartyId));
  const sides = new Set(present.map((p) => p.side).filter(Boolean));
  return parties.filter((party) => {
    if (inMeeting.has(party.id)) return false;
    if (meeting.kind === 'one_to_one' && sides.size > 0 && !sides.has(party.side)) return false;
    return true;
  });
}
