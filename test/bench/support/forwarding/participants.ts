// Side (b)'s people: every participant of every bench meeting connects with socket.io-client and
// its real join token, asks for the router's capabilities and joins (the real protocol, as a
// browser's client does); the facilitator then admits each party from their waiting room into
// the main room, and at the end of a step ends the meeting.
import { connect, connected, request, type TestSocket } from '../../../integration/support/socket-client.ts';
import type { BenchMeeting, BenchParticipant } from './app-node.ts';

/** Meetings joined at once; each joins all its participants concurrently. */
const MEETINGS_AT_ONCE = 4;

export class Participants {
  readonly #url: string;
  /** Every socket opened, to close at the end. */
  readonly #sockets: TestSocket[] = [];
  /** The facilitator's socket per meeting. */
  readonly #facilitators = new Map<string, TestSocket>();

  constructor(url: string) {
    this.#url = url;
  }

  get connectedCount(): number {
    return this.#sockets.filter((s) => s.connected).length;
  }

  /** Joins everyone in `meetings` and has each facilitator admit everyone else. */
  async joinAll(meetings: BenchMeeting[]): Promise<void> {
    for (let i = 0; i < meetings.length; i += MEETINGS_AT_ONCE) {
      await Promise.all(meetings.slice(i, i + MEETINGS_AT_ONCE).map((m) => this.#joinMeeting(m)));
    }
  }

  /** The facilitators end their meetings (the server closes everyone's media and connections). */
  async endAll(meetings: BenchMeeting[]): Promise<void> {
    for (const meeting of meetings) {
      const socket = this.#facilitators.get(meeting.meetingId);
      if (!socket) continue;
      const ended = await request(socket, 'meeting.end', {});
      if (!ended.ok) throw new Error(`meeting.end refused: ${ended.error.code} ${ended.error.message}`);
      this.#facilitators.delete(meeting.meetingId);
    }
    for (const socket of this.#sockets.splice(0)) socket.disconnect();
  }

  closeAll(): void {
    for (const socket of this.#sockets.splice(0)) socket.disconnect();
  }

  async #joinMeeting(meeting: BenchMeeting): Promise<void> {
    const others = [meeting.publisher, ...meeting.viewers.filter((v) => v.participantId !== meeting.facilitator.participantId)];
    const [facilitator] = await Promise.all([this.#join(meeting.facilitator, 'Facilitator'), ...others.map((p, i) => this.#join(p, `Person ${i + 1}`))]);
    this.#facilitators.set(meeting.meetingId, facilitator);
    for (const p of others) {
      const admitted = await request(facilitator, 'participant.admit', { participantId: p.participantId });
      if (!admitted.ok) throw new Error(`participant.admit refused: ${admitted.error.code} ${admitted.error.message}`);
    }
  }

  async #join(p: BenchParticipant, displayName: string): Promise<TestSocket> {
    const socket = connect(this.#url, { token: p.token });
    this.#sockets.push(socket);
    await connected(socket);
    const caps = await request(socket, 'meeting.rtpCapabilities', {});
    if (!caps.ok) throw new Error(`${displayName} could not start: ${caps.error.code} ${caps.error.message}`);
    const joined = await request(socket, 'meeting.join', { displayName, rtpCapabilities: caps.data.rtpCapabilities });
    if (!joined.ok) throw new Error(`${displayName} could not join: ${joined.error.code} ${joined.error.message}`);
    return socket;
  }
}
