// The connection lifecycle as a table-driven state machine, and the snapshot the UI renders.
//
//   idle ─connect→ connecting ─connected→ ready ─join→ joining ─joined→ joined
//                      ▲  └────lost (before join)───┘      │ lost        │ lost
//                      │                              reconnecting ◄─────┘
//                      │                                   └─joined→ joined
//   any live phase ─leave→ left (typed reason) │ any live phase ─fail→ failed (typed reason)
//   any live phase ─ended→ left (the server's session.ended reason; never reconnects)
import { NO_RECORDING_STATE, type RecordingClientState } from '../recording/recordingModel.ts';
import type {
  ChatMessage,
  MediaKind,
  ParticipantView,
  Role,
  SessionEndReason,
} from '@common-ground/signalling/protocol';
import type { ClientNotice } from './liveFeed.ts';
import type { MeetingInfo, RemotePeer } from './peers.ts';
import type { ClientErrorCode } from './request.ts';

/** Why we are no longer in the meeting, when it was not an error. */
export type LeftReason =
  | 'left' // the user pressed Leave
  | 'closed-by-server' // the server dropped our connection without saying why
  | SessionEndReason; // session.ended: 'removed' | 'meeting-ended' | 'replaced'

/** Why the session cannot go on. */
export type FailReason =
  | 'invalid-link' // the token was rejected (UNAUTHENTICATED)
  | 'meeting-ended' // MEETING_ENDED
  | 'permission-denied' // PERMISSION_DENIED on joining
  | 'meeting-locked' // MEETING_LOCKED: a facilitator locked the meeting before we got in
  | 'removed' // REMOVED at the handshake or on joining: this link may not come back
  | 'unsupported-browser' // mediasoup-client has no handler for this browser
  | 'connection-lost' // gave up reconnecting
  | 'internal'; // anything else; details in `message` and the console

export type ConnectionState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'connecting' }
  | { readonly phase: 'ready' }
  | { readonly phase: 'joining' }
  | { readonly phase: 'joined' }
  | { readonly phase: 'reconnecting' }
  | { readonly phase: 'left'; readonly reason: LeftReason }
  | { readonly phase: 'failed'; readonly reason: FailReason; readonly message: string };

export type Phase = ConnectionState['phase'];

export type ConnectionEvent =
  | { readonly type: 'connect' } // we opened the socket
  | { readonly type: 'connected' } // socket up and Device loaded
  | { readonly type: 'join' } // meeting.join sent
  | { readonly type: 'joined' } // join answered and media set up
  | { readonly type: 'lost' } // the socket dropped; socket.io is retrying
  | { readonly type: 'leave'; readonly reason: LeftReason }
  | { readonly type: 'ended'; readonly reason: SessionEndReason } // the server's session.ended
  | { readonly type: 'fail'; readonly reason: FailReason; readonly message: string };

type EventType = ConnectionEvent['type'];

/** Protocol codes that end the session when joining fails with them, and how. */
const FAIL_REASONS: Partial<Record<ClientErrorCode, FailReason>> = {
  UNAUTHENTICATED: 'invalid-link',
  MEETING_ENDED: 'meeting-ended',
  PERMISSION_DENIED: 'permission-denied',
  MEETING_LOCKED: 'meeting-locked',
  REMOVED: 'removed',
};

/** The fail reason for an error code from the handshake or from joining; anything else is 'internal'. */
export function failReasonFor(code: string): FailReason {
  return FAIL_REASONS[code as ClientErrorCode] ?? 'internal';
}

/** The only phase each event can lead to (so `leave` always carries a LeftReason into `left`). */
interface EventTargets {
  connect: 'connecting';
  connected: 'ready';
  join: 'joining';
  joined: 'joined';
  lost: 'connecting' | 'reconnecting';
  leave: 'left';
  ended: 'left';
  fail: 'failed';
}

type TransitionTable = { readonly [P in Phase]: { readonly [E in EventType]?: EventTargets[E] } };

const live = { leave: 'left', ended: 'left', fail: 'failed' } as const;

/** Every allowed transition. Anything not listed is ignored (and logged) by `transition`. */
export const TRANSITIONS: TransitionTable = {
  idle: { connect: 'connecting', fail: 'failed' },
  connecting: { connected: 'ready', lost: 'connecting', ...live },
  ready: { join: 'joining', lost: 'connecting', ...live },
  joining: { joined: 'joined', lost: 'reconnecting', ...live },
  joined: { lost: 'reconnecting', ...live },
  reconnecting: { joined: 'joined', lost: 'reconnecting', ...live },
  left: {},
  failed: {},
};

/** The next state, or null when the table does not allow `event` in the current phase. */
export function transition(state: ConnectionState, event: ConnectionEvent): ConnectionState | null {
  const target = TRANSITIONS[state.phase][event.type];
  if (target === undefined) return null;
  if (event.type === 'leave' || event.type === 'ended') return { phase: 'left', reason: event.reason };
  if (event.type === 'fail') return { phase: 'failed', reason: event.reason, message: event.message };
  return { phase: target } as ConnectionState;
}

/** Phases in which the session is over and the socket is closed. */
export function isTerminal(state: ConnectionState): boolean {
  return state.phase === 'left' || state.phase === 'failed';
}

/** Terminal reasons shown as a calm "this session is over" page rather than as an error. */
export type EndedReason = SessionEndReason | 'meeting-locked';

const ENDED_REASONS: ReadonlySet<string> = new Set<EndedReason>(['removed', 'meeting-ended', 'replaced', 'meeting-locked']);

/** True for the terminal reasons shown on the ended page (not a plain leave, not an error). */
export function isEndedReason(reason: LeftReason | FailReason): reason is EndedReason {
  return ENDED_REASONS.has(reason);
}

/** Phases in which the meeting view is shown. */
export function isInMeeting(state: ConnectionState): boolean {
  return state.phase === 'joined' || state.phase === 'reconnecting';
}

/** What the local user is sending. */
export interface LocalProducerState {
  readonly producerId: string;
  readonly paused: boolean;
}

/** mediasoup transport connection state as the UI needs it. */
export type TransportHealth = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface SelfInfo {
  readonly participantId: string;
  readonly displayName: string;
  readonly role: Role;
}

/** The immutable snapshot RoomClient exposes to `useSyncExternalStore`. */
export interface RoomSnapshot {
  readonly connection: ConnectionState;
  readonly meeting: MeetingInfo | null;
  readonly self: SelfInfo | null;
  /** The latest view the server sent (join answer, then meeting.view); null before joining. */
  readonly view: ParticipantView | null;
  /** The people whose media we may receive (from view.peers), with what we receive attached. */
  readonly peers: readonly RemotePeer[];
  /** Chat messages we received, oldest first. */
  readonly chat: readonly ChatMessage[];
  /** Facilitators: the latest notices (at most MAX_NOTICES), oldest first. */
  readonly notices: readonly ClientNotice[];
  /** A facilitator asked us to unmute this kind; we have not answered yet. */
  readonly unmuteRequest: { readonly kind: MediaKind; readonly by: string } | null;
  /** Why our microphone or camera was just turned off by a facilitator, in plain words, or null. */
  readonly muteMessage: string | null;
  /** Our producers, by kind; null when not sending that kind. */
  readonly producers: { readonly audio: LocalProducerState | null; readonly video: LocalProducerState | null };
  /** Health of the media transports (null before they exist). */
  readonly transports: { readonly send: TransportHealth | null; readonly recv: TransportHealth | null };
  /** The latest non-fatal media problem, in plain words, or null. */
  readonly mediaError: string | null;
  /** A request to record our message, and how the latest recording ended (recording/recordingModel.ts). */
  readonly recording: RecordingClientState;
}

export const INITIAL_SNAPSHOT: RoomSnapshot = {
  connection: { phase: 'idle' },
  meeting: null,
  self: null,
  view: null,
  peers: [],
  chat: [],
  notices: [],
  unmuteRequest: null,
  muteMessage: null,
  producers: { audio: null, video: null },
  transports: { send: null, recv: null },
  mediaError: null,
  recording: NO_RECORDING_STATE,
};
