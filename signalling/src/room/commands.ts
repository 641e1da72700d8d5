// Commands entering the room machine, and the effects it asks the outside world to carry out.
// Both are plain data, so the machine stays pure and every change is testable without media.
import type { ConsentText, MaskingPolicy, MediaKind, MessageAudience, NotificationName, NotificationOf, ProducerMasking, RecordingOutcome, Role, Side } from '../protocol/index.ts';

export type LeaveReason = 'left' | 'grace-expired' | 'removed';

/** Commands a facilitator issues; `actorId` is checked to be a present facilitator. */
export type FacilitatorCommand =
  | { type: 'admit'; actorId: string; participantId: string }
  | { type: 'move'; actorId: string; participantId: string; roomId: string }
  | { type: 'gather'; actorId: string }
  | { type: 'createRoom'; actorId: string; name: string }
  | { type: 'closeRoom'; actorId: string; roomId: string }
  | { type: 'listen'; actorId: string; roomId: string | null }
  | { type: 'mute'; actorId: string; participantId: string; kind: MediaKind; hard: boolean }
  | { type: 'allowUnmute'; actorId: string; participantId: string; kind: MediaKind }
  | { type: 'askUnmute'; actorId: string; participantId: string; kind: MediaKind }
  | { type: 'muteAll'; actorId: string; roomId: string; hard: boolean }
  | { type: 'lock'; actorId: string; locked: boolean }
  | { type: 'remove'; actorId: string; participantId: string }
  | { type: 'setPolicy'; actorId: string; participantId: string; policy: MaskingPolicy }
  | { type: 'end'; actorId: string };

export type RoomCommand =
  | FacilitatorCommand
  | { type: 'join'; participantId: string; displayName: string; role: Role; side: Side | null }
  | { type: 'leave'; participantId: string; reason: LeaveReason }
  /** Their connection dropped; they keep their place for the grace window. */
  | { type: 'connectionLost'; participantId: string }
  | { type: 'timeout'; participantId: string; on: boolean }
  | { type: 'chat'; participantId: string; roomId: string | null; text: string; at: string }
  | { type: 'producerAdded'; participantId: string; producerId: string; kind: MediaKind; masking: ProducerMasking }
  | { type: 'producerRemoved'; participantId: string; producerId: string }
  | { type: 'producerPaused'; participantId: string; producerId: string; paused: boolean }
  | { type: 'mediaLost'; reason: string }
  /** Staff revoked this person's access outside the meeting (link withdrawn, facilitator unassigned). */
  | { type: 'accessRevoked'; participantId: string }
  | RecordingCommand;

/** Recording someone's message (recording.ts). The async work between them happens in meetings/recordings.ts. */
export type RecordingCommand =
  /** A facilitator asks to record; `consented` says whether the person's consent is on record (else they are asked, with `text`). */
  | { type: 'recordingRequested'; actorId: string; participantId: string; audience: MessageAudience; consented: boolean; text: ConsentText }
  /** The person agreed (their consent is stored); the recorder may start. */
  | { type: 'recordingConsented'; participantId: string }
  | { type: 'recordingDeclined'; participantId: string }
  /** Media is being saved into message `messageId`. */
  | { type: 'recordingStarted'; participantId: string; messageId: string; at: string }
  /** A facilitator stops it (or withdraws the request). */
  | { type: 'recordingStop'; actorId: string; participantId: string }
  /** The recorder is done with it: saved, failed or cancelled. */
  | { type: 'recordingEnded'; participantId: string; outcome: RecordingOutcome; reason: string | null; messageId: string | null };

/** Why a running recording must stop. The first seven come from the room; the last two from the recorder. */
export type RecordingStopReason =
  | 'stopped' | 'left' | 'moved' | 'removed' | 'disconnected' | 'meeting-ended' | 'no-facilitator'
  /** The person's producers (or the meeting's media) went away. */
  | 'media-ended'
  /** The longest recording allowed was reached. */
  | 'time-limit';

/** Who a notification goes to. Views (`meeting.view`) are not sent as effects: see views.ts. */
export type Audience =
  | { to: 'participant'; participantId: string }
  | { to: 'participants'; participantIds: readonly string[] }
  | { to: 'facilitators' }
  | { to: 'all' };

export type Notify = {
  [K in NotificationName]: { type: 'notify'; audience: Audience; event: K; payload: NotificationOf<K> };
}[NotificationName];

export type RoomEffect =
  | Notify
  | { type: 'closePeerMedia'; participantId: string }
  /** Pause or resume a producer on the SFU (facilitator mute, or a hard mute applied on creation). */
  | { type: 'setProducerPaused'; participantId: string; producerId: string; paused: boolean }
  /** Close a producer on the SFU (it no longer complies with its owner's policy). */
  | { type: 'closeProducer'; participantId: string; producerId: string }
  /** Drop the participant's connection (after telling them why). */
  | { type: 'disconnect'; participantId: string }
  /** Stop and save the participant's recording (the room no longer allows it, or a facilitator asked). */
  | { type: 'stopRecording'; participantId: string; reason: RecordingStopReason; actorId: string | null }
  | { type: 'persist'; change: { kind: 'removed'; participantId: string } | { kind: 'ended' } | { kind: 'policy'; participantId: string; policy: MaskingPolicy } }
  | { type: 'audit'; action: string; actorId: string | null; subjectId: string | null; detail?: Record<string, unknown> };

export interface Transition<S> {
  state: S;
  effects: RoomEffect[];
}
