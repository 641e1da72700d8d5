// One live meeting on this node: its room state, the sockets of present participants, and the
// effect runner. Every state change goes through transition(); effects are carried out here.
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/index.ts';
import { initialRoomState, transition, type Audience, type RoomCommand, type RoomEffect, type RoomState } from '../room/index.ts';
import type { MeetingStore } from './store.ts';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What the meeting needs from the media layer. */
export interface MeetingMediaPort {
  closePeer(meetingId: string, participantId: string): void;
}

export class LiveMeeting {
  readonly meetingId: string;
  /** Current room state; replaced, never mutated. */
  #state: RoomState;
  /** Socket of each present participant. */
  readonly #sockets = new Map<string, AppSocket>();
  /** Writes audit rows and participant timestamps. */
  readonly #store: MeetingStore;
  /** Closes a participant's media. */
  readonly #media: MeetingMediaPort;
  /** Logger bound to this meeting. */
  readonly #logger: Logger;
  /** Database writes still in flight, awaited on shutdown so none is lost. */
  readonly #pending = new Set<Promise<unknown>>();

  constructor(meetingId: string, title: string, store: MeetingStore, media: MeetingMediaPort, logger: Logger) {
    this.meetingId = meetingId;
    this.#state = initialRoomState(meetingId, title);
    this.#store = store;
    this.#media = media;
    this.#logger = logger.child({ meetingId });
  }

  get state(): RoomState {
    return this.#state;
  }

  get presentCount(): number {
    return Object.keys(this.#state.participants).length;
  }

  /** Joins `socket` as the participant, replacing an older socket of the same participant. */
  join(socket: AppSocket, command: Extract<RoomCommand, { type: 'join' }>): void {
    const previous = this.#sockets.get(command.participantId);
    if (previous && previous.id !== socket.id) {
      this.apply({ type: 'leave', participantId: command.participantId, reason: 'disconnected' });
      previous.disconnect(true);
    }
    this.apply(command);
    this.#sockets.set(command.participantId, socket);
    this.#background('mark participant joined', this.#store.markJoined(command.participantId, command.displayName));
  }

  /** Leaves, if `socket` is still the participant's current socket. */
  leave(socket: AppSocket, participantId: string, reason: 'left' | 'disconnected'): void {
    if (this.#sockets.get(participantId)?.id !== socket.id) return;
    this.#sockets.delete(participantId);
    this.apply({ type: 'leave', participantId, reason });
    this.#background('mark participant left', this.#store.markLeft(participantId));
  }

  /** Runs one command through the machine and carries out its effects. */
  apply(command: RoomCommand): void {
    const { state, effects } = transition(this.#state, command);
    this.#state = state;
    for (const effect of effects) this.#run(effect);
  }

  /** Sends a notification straight to one participant (used for media-layer events). */
  notify(participantId: string, effect: Extract<RoomEffect, { type: 'notify' }>): void {
    this.#run({ ...effect, audience: { to: 'participant', participantId } });
  }

  #run(effect: RoomEffect): void {
    switch (effect.type) {
      case 'notify':
        for (const socket of this.#recipients(effect.audience)) {
          (socket.emit as (event: string, payload: unknown) => boolean)(effect.event, effect.payload);
        }
        return;
      case 'closePeerMedia':
        this.#media.closePeer(this.meetingId, effect.participantId);
        return;
      case 'audit':
        this.#background(`audit ${effect.action}`, this.#store.audit({ meetingId: this.meetingId, actorId: effect.actorId, action: effect.action, subjectId: effect.subjectId, detail: effect.detail }));
        return;
    }
  }

  #recipients(audience: Audience): AppSocket[] {
    if (audience.to === 'participant') {
      const socket = this.#sockets.get(audience.participantId);
      return socket ? [socket] : [];
    }
    const all = [...this.#sockets.entries()];
    if (audience.to === 'all') return all.map(([, s]) => s);
    return all.filter(([id]) => id !== audience.participantId).map(([, s]) => s);
  }

  /** Database writes run after the state change; a failure is logged with context, not lost. */
  #background(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((err: unknown) => this.#logger.error({ err }, `${what} failed`));
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  /** Resolves once every database write started so far has finished. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
