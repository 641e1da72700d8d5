// One live meeting on this node: its room state, the sockets of connected participants, reconnect
// grace timers and the effect runner. Every state change goes through transition(); after each one
// the SFU is made to match placement and every participant whose view changed gets it.
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger.ts';
import type { ClientToServerEvents, ParticipantView, ServerToClientEvents, SessionEndReason } from '../protocol/index.ts';
import {
  canConsumeProducer,
  initialRoomState,
  transition,
  viewFor,
  type Audience,
  type RecordingStopReason,
  type RoomCommand,
  type RoomEffect,
  restorePlacement,
  type RoomState,
  type RosterEntry,
} from '../room/index.ts';
import { SnapshotWriter } from './snapshotWriter.ts';
import { PendingWrites, retryingStore } from './pendingWrites.ts';
import type { MeetingStore } from './store.ts';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What the meeting needs from the media layer. */
export interface MeetingMediaPort {
  closePeer(meetingId: string, participantId: string): void;
  setProducerPaused(meetingId: string, participantId: string, producerId: string, paused: boolean): Promise<void>;
  /** Closes a producer that no longer complies with its owner's masking policy. */
  closeProducer(meetingId: string, participantId: string, producerId: string): void;
  /** Closes consumers the policy no longer allows; returns them. */
  enforce(meetingId: string, policy: (consumerId: string, ownerId: string, producerId: string) => boolean): { participantId: string; consumerId: string }[];
  /** Stops and saves the participant's recording (meetings/recordings.ts); absent where nothing records. */
  stopRecording?(meetingId: string, participantId: string, reason: RecordingStopReason, actorId: string | null): void;
}

export interface LiveMeetingOptions {
  meetingId: string;
  title: string;
  roster: readonly RosterEntry[];
  removed: readonly string[];
  store: MeetingStore;
  media: MeetingMediaPort;
  logger: Logger;
  /** How long a dropped participant keeps their place. */
  graceMs: number;
  /** Called after every state change (the registry publishes presence and unloads ended or empty meetings). */
  onChange?: (meeting: LiveMeeting) => void;
  /** The placement snapshot stored by the node that hosted the meeting last (room/snapshot.ts). */
  snapshot?: unknown;
  /** How often the snapshot is rewritten while people are connected (default 30 s). */
  snapshotRefreshMs?: number;
}

const DEFAULT_SNAPSHOT_REFRESH_MS = 30_000;

export class LiveMeeting {
  readonly meetingId: string;
  /** Current room state; replaced, never mutated. */
  #state: RoomState;
  /** Socket of each connected participant. */
  readonly #sockets = new Map<string, AppSocket>();
  /** The last view sent to each participant, serialised, so unchanged views are not resent. */
  readonly #sentViews = new Map<string, string>();
  /** Reconnect grace timers of dropped participants. */
  readonly #graceTimers = new Map<string, NodeJS.Timeout>();
  /** Writes audit rows and participant timestamps. */
  readonly #store: MeetingStore;
  /** Closes and pauses media, and enforces placement on the SFU. */
  readonly #media: MeetingMediaPort;
  /** Logger bound to this meeting. */
  readonly #logger: Logger;
  /** Grace window in milliseconds. */
  readonly #graceMs: number;
  /** Database writes still in flight, awaited on shutdown so none is lost. */
  readonly #pending = new Set<Promise<unknown>>();
  /** Whether the meeting was marked live in the database since it was loaded. */
  #markedLive = false;
  /** See LiveMeetingOptions.onChange. */
  readonly #onChange: ((meeting: LiveMeeting) => void) | undefined;
  /** Queues and retries the store's writes while the database is unavailable. */
  readonly #writes: PendingWrites;
  /** Saves placement after each change, so a restarted node puts people back in their rooms. */
  readonly #snapshots: SnapshotWriter;

  constructor(options: LiveMeetingOptions) {
    this.meetingId = options.meetingId;
    // In order, and retried while the database is briefly unavailable (pendingWrites.ts).
    this.#writes = new PendingWrites({ logger: options.logger.child({ meetingId: options.meetingId }) });
    this.#store = retryingStore(options.store, this.#writes);
    this.#media = options.media;
    this.#logger = options.logger.child({ meetingId: options.meetingId });
    this.#graceMs = options.graceMs;
    this.#onChange = options.onChange;
    const refreshMs = options.snapshotRefreshMs ?? DEFAULT_SNAPSHOT_REFRESH_MS;
    this.#snapshots = new SnapshotWriter({ meetingId: options.meetingId, store: options.store, logger: this.#logger, refreshMs });
    const fresh = { ...initialRoomState(options.meetingId, options.title, options.roster), removed: [...options.removed] };
    // People placed when the last node stopped get their rooms back if they return within the grace window.
    const restored = restorePlacement(fresh, options.snapshot, { now: new Date(), maxAgeMs: this.#graceMs + 2 * refreshMs });
    this.#state = restored.state;
    if (restored.ignored) this.#logger.warn({ reason: restored.ignored }, 'room snapshot partly ignored');
    if (restored.participantIds.length > 0) this.#logger.info({ participants: restored.participantIds.length }, 'placement restored from the room snapshot');
    for (const participantId of restored.participantIds) this.#startGrace(participantId);
  }

  get state(): RoomState {
    return this.#state;
  }

  get presentCount(): number {
    return this.#sockets.size;
  }

  /** Joins `socket` as the participant (a second socket replaces the first) and returns their view. */
  join(socket: AppSocket, command: Extract<RoomCommand, { type: 'join' }>): ParticipantView {
    const pid = command.participantId;
    const previous = this.#sockets.get(pid);
    this.#applyLogged(command);
    if (previous && previous.id !== socket.id) this.#endSession(previous, pid, 'replaced');
    this.#clearGrace(pid);
    this.#sockets.set(pid, socket);
    const view = viewFor(this.#state, pid);
    if (!view) throw new Error('join did not place the participant');
    this.#sentViews.set(pid, JSON.stringify(view));
    this.#background('mark participant joined', this.#store.markJoined(pid, view.self.displayName, new Date()));
    if (!this.#markedLive) {
      // Once per loaded meeting, not once per join (a join storm made it one write per person).
      this.#markedLive = true;
      this.#background('mark meeting live', this.#store.markLive(this.meetingId));
    }
    return view;
  }

  /** The participant chose to leave. Ignored unless `socket` is their current socket. */
  leave(socket: AppSocket, participantId: string): void {
    if (!this.#release(socket, participantId)) return;
    this.#applyLogged({ type: 'leave', participantId, reason: 'left' });
    this.#background('mark participant left', this.#store.markLeft(participantId, new Date()));
  }

  /** The socket dropped: keep their place for the grace window. */
  dropped(socket: AppSocket, participantId: string): void {
    if (!this.#release(socket, participantId)) return;
    this.#applyLogged({ type: 'connectionLost', participantId });
    if (!(participantId in this.#state.participants)) return;
    this.#startGrace(participantId);
  }

  #startGrace(participantId: string): void {
    this.#clearGrace(participantId);
    const timer = setTimeout(() => this.#graceExpired(participantId), this.#graceMs);
    timer.unref();
    this.#graceTimers.set(participantId, timer);
  }

  /**
   * Runs one command through the machine, pushes changed views, carries out the effects, then
   * makes the SFU match placement. Resolves when media effects (pauses) have finished.
   */
  apply(command: RoomCommand): Promise<void> {
    const { state, effects } = transition(this.#state, command);
    this.#state = state;
    // Views first, so a notification (e.g. "please unmute") never arrives before the state it implies.
    this.#publishViews();
    const media: Promise<void>[] = [];
    for (const effect of effects) {
      const work = this.#run(effect);
      if (work) media.push(work);
    }
    this.#enforcePlacement();
    this.#snapshots.update(this.#state);
    this.#onChange?.(this);
    return Promise.all(media).then(() => undefined);
  }

  /** apply() for callers that cannot wait: a failed media effect is logged, never unhandled. */
  #applyLogged(command: RoomCommand): void {
    this.apply(command).catch((err: unknown) => this.#logger.error({ err, command: command.type }, 'media effect failed'));
  }

  /** Sends a notification straight to one participant (used for media-layer events). */
  notify(participantId: string, effect: Extract<RoomEffect, { type: 'notify' }>): void {
    this.#run({ ...effect, audience: { to: 'participant', participantId } });
  }

  /**
   * Another node now hosts this meeting: drop every connection at the transport level (no
   * "session ended"), so each client reconnects and is sent to the new home. Nothing is audited
   * as a leave: the people did not leave.
   */
  handOver(): void {
    this.dispose();
    for (const socket of this.#sockets.values()) socket.conn.close();
    this.#sockets.clear();
    this.#sentViews.clear();
  }

  /** Stops grace timers and snapshot writes (server shutdown, unload); the stored snapshot stays. */
  dispose(): void {
    this.#snapshots.stop();
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
  }

  /**
   * Resolves once every database write started so far has finished. With `timeoutMs` (shutdown),
   * writes still waiting for an unavailable database after that long are given up, and logged.
   */
  async drain(timeoutMs?: number): Promise<void> {
    await this.#writes.drain(timeoutMs);
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    await this.#snapshots.drain();
  }

  #run(effect: RoomEffect): Promise<void> | undefined {
    switch (effect.type) {
      case 'notify':
        for (const socket of this.#recipients(effect.audience)) {
          (socket.emit as (event: string, payload: unknown) => boolean)(effect.event, effect.payload);
        }
        return undefined;
      case 'closePeerMedia':
        this.#media.closePeer(this.meetingId, effect.participantId);
        return undefined;
      case 'closeProducer':
        this.#media.closeProducer(this.meetingId, effect.participantId, effect.producerId);
        return undefined;
      case 'setProducerPaused':
        return this.#media.setProducerPaused(this.meetingId, effect.participantId, effect.producerId, effect.paused);
      case 'disconnect': {
        const socket = this.#sockets.get(effect.participantId);
        this.#clearGrace(effect.participantId);
        if (!socket) return undefined;
        this.#release(socket, effect.participantId);
        // After the current request's ack (the facilitator ending the meeting gets theirs first).
        setImmediate(() => socket.disconnect(true));
        return undefined;
      }
      case 'stopRecording':
        this.#media.stopRecording?.(this.meetingId, effect.participantId, effect.reason, effect.actorId);
        return undefined;
      case 'persist':
        this.#persist(effect.change);
        return undefined;
      case 'audit':
        this.#background(`audit ${effect.action}`, this.#store.audit({ meetingId: this.meetingId, actorId: effect.actorId, action: effect.action, subjectId: effect.subjectId, detail: effect.detail, at: new Date() }));
        return undefined;
    }
  }

  #persist(change: Extract<RoomEffect, { type: 'persist' }>['change']): void {
    switch (change.kind) {
      case 'removed':
        return this.#background('mark participant removed', this.#store.markRemoved(change.participantId, new Date()));
      case 'ended':
        return this.#background('mark meeting ended', this.#store.markEnded(this.meetingId, new Date()));
      case 'policy':
        return this.#background('save masking policy', this.#store.savePolicy(change.participantId, change.policy));
    }
  }

  /** Closes, at the SFU, every consumer placement or a visibility policy no longer allows, and tells its owner. */
  #enforcePlacement(): void {
    const state = this.#state;
    const closed = this.#media.enforce(this.meetingId, (consumer, owner, producer) => canConsumeProducer(state, consumer, owner, producer));
    for (const { participantId, consumerId } of closed) {
      this.notify(participantId, { type: 'notify', audience: { to: 'all' }, event: 'consumer.closed', payload: { consumerId } });
    }
  }

  #publishViews(): void {
    for (const [pid, socket] of this.#sockets) {
      const view = viewFor(this.#state, pid);
      if (!view) continue;
      const serialised = JSON.stringify(view);
      if (this.#sentViews.get(pid) === serialised) continue;
      this.#sentViews.set(pid, serialised);
      socket.emit('meeting.view', view);
    }
  }

  #recipients(audience: Audience): AppSocket[] {
    const sockets = (ids: Iterable<string>): AppSocket[] => [...ids].flatMap((id) => this.#sockets.get(id) ?? []);
    switch (audience.to) {
      case 'participant':
        return sockets([audience.participantId]);
      case 'participants':
        return sockets(audience.participantIds);
      case 'facilitators':
        return sockets(Object.values(this.#state.participants).filter((p) => p.role === 'facilitator').map((p) => p.participantId));
      case 'all':
        return [...this.#sockets.values()];
    }
  }

  /** Forgets `socket` if it is the participant's current one; false if it was not. */
  #release(socket: AppSocket, participantId: string): boolean {
    if (this.#sockets.get(participantId)?.id !== socket.id) return false;
    this.#sockets.delete(participantId);
    this.#sentViews.delete(participantId);
    return true;
  }

  #endSession(socket: AppSocket, participantId: string, reason: SessionEndReason): void {
    this.#release(socket, participantId);
    socket.emit('session.ended', { reason });
    setImmediate(() => socket.disconnect(true));
  }

  #graceExpired(participantId: string): void {
    this.#graceTimers.delete(participantId);
    if (this.#state.participants[participantId]?.connected !== false) return;
    this.#logger.info({ participantId }, 'reconnect grace expired');
    this.#applyLogged({ type: 'leave', participantId, reason: 'grace-expired' });
    this.#background('mark participant left', this.#store.markLeft(participantId, new Date()));
  }

  #clearGrace(participantId: string): void {
    const timer = this.#graceTimers.get(participantId);
    if (timer) clearTimeout(timer);
    this.#graceTimers.delete(participantId);
  }

  /** Database writes run after the state change; a failure is logged with context, not lost. */
  #background(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((err: unknown) => this.#logger.error({ err }, `${what} failed`));
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }
}
