// Recording a participant's message: facilitators start and stop it; the person asked agrees or
// declines. Permissions and state are the room machine's (room/recording.ts); the media and the
// message record are meetings/recordings.ts's.
import type { MeetingRecordings } from '../meetings/recordings.ts';
import { ProtocolError } from '../protocol/index.ts';
import { recordingSubject } from '../room/index.ts';
import type { RequestHandlers } from './bind.ts';
import { joinedMeeting, type Session } from './session.ts';

type RecordingRequests = 'recording.start' | 'recording.stop' | 'recording.consent' | 'recording.decline';

function recorder(session: Session): MeetingRecordings {
  if (!session.recordings) throw new ProtocolError('RECORDING_FAILED', 'recording messages is not available on this server');
  return session.recordings;
}

export const recordingHandlers: Pick<RequestHandlers<Session>, RecordingRequests> = {
  async 'recording.start'(session, { participantId, audience }) {
    const meeting = joinedMeeting(session);
    const actorId = session.identity.participantId;
    // Refused before anything else is touched (a party asking gets PERMISSION_DENIED).
    recordingSubject(meeting.state, actorId, participantId);
    return recorder(session).start(meeting, actorId, participantId, audience);
  },

  async 'recording.stop'(session, { participantId }) {
    return recorder(session).stopRequested(joinedMeeting(session), session.identity.participantId, participantId);
  },

  async 'recording.consent'(session, { textVersion }) {
    await recorder(session).consent(joinedMeeting(session), session.identity.participantId, textVersion);
    return {};
  },

  async 'recording.decline'(session) {
    await recorder(session).decline(joinedMeeting(session), session.identity.participantId);
    return {};
  },
};
