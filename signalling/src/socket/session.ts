// A socket's session: who it is, what it may reach, and the meeting it joined.
import type { MediaTypes as types, MeetingMedia, Sfu } from '@common-ground/sfu-server';
import type { TurnConfig } from '../auth/turn.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { AppSocket, LiveMeeting } from '../meetings/liveMeeting.ts';
import type { MeetingRecordings } from '../meetings/recordings.ts';
import type { MeetingRegistry } from '../meetings/registry.ts';
import { ProtocolError, type RtpCapabilities } from '../protocol/index.ts';
import type { SocketIdentity } from './auth.ts';

export interface Session {
  readonly socket: AppSocket;
  readonly identity: SocketIdentity;
  readonly registry: MeetingRegistry;
  readonly sfu: Sfu;
  /** TURN relay settings, if configured. */
  readonly turn: TurnConfig | undefined;
  /** Records participants' messages; absent where the server does not record. */
  readonly recordings?: MeetingRecordings | undefined;
  /** The other nodes, offered to clients as fallbacks. */
  readonly cluster: Cluster;
  /** Set once `meeting.join` succeeded on this socket. */
  joined?: { meeting: LiveMeeting; rtpCapabilities: RtpCapabilities } | undefined;
}

export function joinedMeeting(session: Session): LiveMeeting {
  if (!session.joined) throw new ProtocolError('PERMISSION_DENIED', 'join the meeting first');
  return session.joined.meeting;
}

/** The meeting's media with this participant in it (re-added after a media reset). */
export async function joinedMedia(session: Session): Promise<MeetingMedia> {
  if (!session.joined) throw new ProtocolError('PERMISSION_DENIED', 'join the meeting first');
  const { participantId, meetingId } = session.identity;
  const media = await session.sfu.meeting(meetingId);
  if (!media.hasPeer(participantId)) {
    media.addPeer(participantId);
    media.setRtpCapabilities(participantId, session.joined.rtpCapabilities as types.RtpCapabilities);
  }
  return media;
}
