// The new-meeting form as data: the kind, when, who is invited (each with or without a PIN), and
// how long the links last; and the request it becomes. Pure, for unit tests.
import type { NewMeetingBody } from '../endpoints.ts';
import { localDateTimeToIso } from '../format.ts';
import type { MeetingKind, PartyView, Side } from '../schemas.ts';

export interface MeetingForm {
  kind: MeetingKind;
  /** A `datetime-local` value, or empty for "not scheduled". */
  scheduledAt: string;
  /** Party ids to invite. */
  invited: string[];
  /** Whether each invited person's link gets a PIN. */
  withPin: boolean;
  expiresInHours: number;
}

export const LINK_LIFETIMES: readonly { hours: number; label: string }[] = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 336, label: '14 days' },
  { hours: 720, label: '30 days' },
];

/**
 * A first meeting on a case with nothing yet: the people on the side that asked for RJ. Once a
 * meeting exists, a conference with everyone is the likelier next step.
 */
export function defaultMeetingForm(parties: readonly PartyView[], opts: { firstMeeting: boolean; initiatedBy: Side }): MeetingForm {
  if (opts.firstMeeting) {
    const sides = new Set(parties.map((p) => p.side));
    const side = sides.has(opts.initiatedBy) ? opts.initiatedBy : (parties[0]?.side ?? opts.initiatedBy);
    return { kind: 'one_to_one', scheduledAt: '', invited: parties.filter((p) => p.side === side).map((p) => p.id), withPin: true, expiresInHours: 168 };
  }
  return { kind: 'conference', scheduledAt: '', invited: parties.map((p) => p.id), withPin: true, expiresInHours: 168 };
}

/** What is wrong with the form, or null. */
export function meetingFormProblem(form: MeetingForm, parties: readonly PartyView[]): string | null {
  if (form.scheduledAt && !localDateTimeToIso(form.scheduledAt)) return 'Enter a full date and time, or leave it empty.';
  const sides = new Set(parties.filter((p) => form.invited.includes(p.id)).map((p) => p.side));
  if (form.kind === 'one_to_one' && sides.size > 1) return 'A first meeting is with one side only. Invite people from one side, or choose a conference.';
  return null;
}

export function meetingRequest(form: MeetingForm, parties: readonly PartyView[]): NewMeetingBody {
  const scheduledAt = localDateTimeToIso(form.scheduledAt);
  const body: NewMeetingBody = {
    kind: form.kind,
    // In the order the case lists them: harmed side first, as the page shows them.
    invite: parties.filter((p) => form.invited.includes(p.id)).map((p) => ({ partyId: p.id, withPin: form.withPin, expiresInHours: form.expiresInHours })),
  };
  if (scheduledAt) body.scheduledAt = scheduledAt;
  return body;
}

/** Toggles one party in or out of the invitation list. */
export function toggleInvited(form: MeetingForm, partyId: string, on: boolean): MeetingForm {
  const invited = form.invited.filter((id) => id !== partyId);
  return { ...form, invited: on ? [...invited, partyId] : invited };
}
