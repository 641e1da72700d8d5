// Creating meetings from an e2e test. The app server lives in the vitest main process (see
// global-setup.ts), so tests reach its `createMeeting` through the test-only control server.
import type { CreatedMeeting, InvitedParticipant, RunningServer } from '@common-ground/signalling';
import { inject } from 'vitest';

export type { CreatedMeeting, InvitedParticipant } from '@common-ground/signalling';
export type CreateMeetingInput = Parameters<RunningServer['createMeeting']>[0];

export async function createMeeting(input: CreateMeetingInput): Promise<CreatedMeeting> {
  const res = await fetch(`${inject('controlUrl')}/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!res.ok) throw new Error(`creating a meeting failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedMeeting;
}

/** The invitation of the participant with this display name. */
export function participant(meeting: CreatedMeeting, displayName: string): InvitedParticipant {
  const found = meeting.participants.find((p) => p.displayName === displayName);
  if (!found) throw new Error(`meeting ${meeting.meetingId} has no participant named ${displayName}`);
  return found;
}
