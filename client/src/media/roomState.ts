// The connection lifecycle as a table-driven state machine, and the snapshot the UI renders.
//
//   idle ─connect→ connecting ─connected→ ready ─join→ joining ─joined→ joined
//                      ▲  └────lost (before join)───┘      │ lost        │ lost
//                      │                              reconnecting ◄─────┘
//                      │                                   └─joined→ joined
//   any live phase ─leave→ left (typed reason) │ any live phase ─fail→ failed (typed reason)
import type { MeetingInfo, RemotePeer } from './peers.ts';
import type { Role } from '@common-ground/signalling/protocol';

/** Why we are no longer in the meeting, when it was not an error. */
export type LeftReason =
  | 'left' // the user pressed Leave
  | 'closed-by-server'; // the server closed our connection (meeting ended, or removed by a facilitator)

/** Why the session cannot go on. */
export type FailReason =
  | 'invalid-link' // the token was rejected (UNAUTHENTICATED)
  | 'meeting-ended' // MEETING_ENDED
  | 'permission-denied' // PERMISSION_DENIED on joining
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
  | { readonly type: 'fail'; readonly reason: FailReason; readonly message: string };

type EventType = ConnectionEvent['type'];

/** The only phase each event can lead to (so `leave` always carries a LeftReason into `left`). */
interface EventTargets {
  connect: 'connecting';
  connected: 'ready';
  join: 'joining';
  joined: 'joined';
  lost: 'connecting' | 'reconnecting';
  leave: 'left';
  fail: 'failed';
}

type TransitionTable = { readonly [P in Phase]: { readonly [E in EventType]?: EventTargets[E] } };

const live = { leave: 'left', fail: 'failed' } as const;

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
  if (event.type === 'leave') return { phase: 'left', reason: event.reason };
  if (event.type === 'fail') return { phase: 'failed', reason: event.reason, message: event.message };
  return { phase: target } as ConnectionState;
}

/** Phases in which the session is over and the socket is closed. */
export function isTerminal(state: ConnectionState): boolean {
  return state.phase === 'left' || state.phase === 'failed';
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
  /** Everyone else in the meeting, in join order. */
  readonly peers: readonly RemotePeer[];
  /** Our producers, by kind; null when not sending that kind. */
  readonly producers: { readonly audio: LocalProducerState | null; readonly video: LocalProducerState | null };
  /** Health of the media transports (null before they exist). */
  readonly transports: { readonly send: TransportHealth | null; readonly recv: TransportHealth | null };
  /** The latest non-fatal media problem, in plain words, or null. */
  readonly mediaError: string | null;
}

export const INITIAL_SNAPSHOT: RoomSnapshot = {
  connection: { phase: 'idle' },
  meeting: null,
  self: null,
  peers: [],
  producers: { audio: null, video: null },
  transports: { send: null, recv: null },
  mediaError: null,
};
