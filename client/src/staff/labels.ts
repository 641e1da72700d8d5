// How the API's values are named to staff. One table each, so every page says the same thing.
import type { Answer, CaseOutcome, CaseStatus, InvitationStatus, MeetingKind, PartyRole, RiskLevel, Side, StaffRole } from './schemas.ts';

export const SIDE: Record<Side, string> = { harmed: 'Harmed', responsible: 'Responsible' };
export const SIDE_LONG: Record<Side, string> = { harmed: 'Person harmed', responsible: 'Person responsible' };
export const SIDE_GROUP: Record<Side, string> = { harmed: 'Harmed side', responsible: 'Responsible side' };
export const INITIATED_BY: Record<Side, string> = { harmed: 'The person harmed', responsible: 'The person responsible' };

export const STAFF_ROLE: Record<StaffRole, string> = { facilitator: 'Facilitator', coordinator: 'Coordinator', administrator: 'Administrator' };

export const RISK: Record<RiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const STATUS: Record<CaseStatus, string> = { open: 'Open', active: 'Active', closed: 'Closed' };

export const OUTCOME: Record<CaseOutcome, string> = {
  conference: 'Conference',
  shuttle: 'Shuttle',
  letter: 'Letter or statement',
  conversation: 'Restorative conversation',
  not_progressed: 'Not progressed',
};

export const MEETING_KIND: Record<MeetingKind, string> = { one_to_one: 'First meeting', conference: 'Conference', live_shuttle: 'Live shuttle' };
export const MEETING_KIND_HINT: Record<MeetingKind, string> = {
  one_to_one: 'The facilitator and people from one side only.',
  conference: 'Both sides, each waiting apart until you bring them together.',
  live_shuttle: 'Both sides in separate rooms; you move between them.',
};
export const MEETING_STATUS: Record<'scheduled' | 'live' | 'ended', string> = { scheduled: 'Scheduled', live: 'Live now', ended: 'Ended' };

export const PARTY_ROLE: Record<PartyRole, string> = { party: 'Party', supporter: 'Supporter', observer: 'Observer' };
export const PARTY_ROLE_HINT: Record<PartyRole, string> = {
  party: 'The person harmed or responsible',
  supporter: 'Family member, friend, advocate',
  observer: 'E.g. prison staff; present but not speaking',
};

export const ANSWER: Record<Answer, string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

export const INVITATION_STATUS: Record<InvitationStatus, string> = {
  valid: 'Link not used yet',
  expired: 'Link expired',
  used: 'Link used',
  revoked: 'Link withdrawn',
  locked: 'Locked: too many wrong PINs',
};

/** Common values offered as suggestions; any other text is fine. */
export const CRIME_TYPES = ['Assault', 'Burglary', 'Criminal damage', 'Harassment', 'Hate crime', 'Robbery', 'Theft', 'Vehicle crime', 'Domestic abuse', 'Other'];
export const REFERRAL_SOURCES = ['Police', 'Probation', 'Prison', 'Youth offending team', 'Victim services', 'Court', 'Self-referral', 'Other'];

/** Audit actions in words; unknown ones are shown as they are. */
export const AUDIT_ACTION: Record<string, string> = {
  'case.created': 'Case created',
  'case.updated': 'Case updated',
  'case.risk_assessed': 'Risk assessed',
  'case.assigned': 'Facilitators assigned',
  'party.added': 'Person added',
  'party.updated': 'Person’s details changed',
  'party.exported': 'Person’s data exported',
  'meeting.created': 'Meeting created',
  'meeting.updated': 'Meeting changed',
  'meeting.invitee_added': 'Person invited to a meeting',
  'meeting.join_token_issued': 'Facilitator opened a meeting',
  'meeting.feedback_saved': 'Post-meeting feedback saved',
  'invitation.created': 'Join link created',
  'invitation.revoked': 'Join link withdrawn',
  'invitation.redeemed': 'Join link opened',
  'invitation.pin_failed': 'Wrong PIN entered',
  'invitation.locked': 'Join link locked',
  'participant.joined': 'Someone joined the meeting',
  'participant.reconnected': 'Someone reconnected',
  'participant.left': 'Someone left the meeting',
  'participant.timeout': 'Someone took a break',
  'participant.timeoutEnded': 'Someone came back from a break',
  'participant.admitted': 'Someone was admitted from a waiting room',
  'participant.moved': 'Someone was moved to another room',
  'participant.muted': 'Someone was muted',
  'participant.hardMuted': 'Someone was muted (locked)',
  'participant.unmuteAllowed': 'Someone was allowed to unmute',
  'participant.askedToUnmute': 'Someone was asked to unmute',
  'participant.removed': 'Someone was removed from the meeting',
  'room.created': 'A room was opened',
  'room.closed': 'A room was closed',
  'room.mutedAll': 'Everyone in a room was muted',
  'room.hardMutedAll': 'Everyone in a room was muted (locked)',
  'meeting.gathered': 'Everyone was brought together',
  'meeting.locked': 'The meeting was locked',
  'meeting.unlocked': 'The meeting was unlocked',
  'meeting.ended': 'The meeting was ended',
  'report.exported': 'A report was exported',
};

export function auditActionText(action: string): string {
  return AUDIT_ACTION[action] ?? action.replace(/[._]/g, ' ');
}
