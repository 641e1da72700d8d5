// Live presence for staff, across nodes: the /staff namespace where a staff member watches a case
// (`case.watch`), and `publish`, which the node hosting a meeting calls whenever the meeting's
// presence changes. Presences go to the socket.io room `case:<caseId>`; with the Redis adapter
// that room spans every node, so a watcher sees a meeting wherever it is hosted.
//
// A new watcher gets this node's remembered presences in the ack, and every other node is asked
// (`presence.replay`, a server-side emit) to re-send its own to the room. Counts only cross this
// channel, never names.
//
// Sockets sign in with the staff session cookie (staffLiveAuth.ts). The session is re-checked on
// every request and, for every socket on this node, every `recheckMs`: an ended session closes the
// socket, and a case the staff member may no longer read is unwatched (`case.unwatched`).
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import { ServiceError } from '../cases/errors.ts';
import type { ApiServices } from '../http/api/services.ts';
import type { Logger } from '../logger.ts';
import type { Ack } from '../protocol/index.ts';
import { currentStaff, requireCaseRead, sessionExpired, staffHandshake, toStaffErrorBody, type StaffSocketData } from './staffLiveAuth.ts';
import { PresenceMemory } from './staffLivePresence.ts';
import {
  CaseWatch,
  LivePresence as LivePresenceSchema,
  MAX_WATCHED_CASES,
  STAFF_NAMESPACE,
  caseRoom,
  type CaseWatchResult,
  type LivePresence,
  type StaffClientEvents,
  type StaffInterServerEvents,
  type StaffServerEvents,
} from './staffLiveProtocol.ts';

export type { LivePresence } from './staffLiveProtocol.ts';

export interface StaffLive {
  /** Called by the node hosting the meeting whenever its presence changes (join, leave, move, end). */
  publish(meetingId: string, presence: LivePresence): void;
  /**
   * The meeting is no longer hosted on this node without having ended (handed over to another
   * node, or unloaded): forget what was remembered of it, emitting nothing, so this node stops
   * replaying it. Not needed after an ended presence, which is forgotten anyway.
   */
  forget(meetingId: string): void;
  close(): void;
}

export interface StaffLiveDeps {
  services: Pick<ApiServices, 'prisma' | 'sessions' | 'accounts' | 'cases'>;
  logger: Logger;
  /** How often connected staff sockets are re-checked (session, case access); default 60 s. */
  recheckMs?: number | undefined;
}

type StaffNamespace = Namespace<StaffClientEvents, StaffServerEvents, StaffInterServerEvents, StaffSocketData>;
type StaffSocket = Socket<StaffClientEvents, StaffServerEvents, StaffInterServerEvents, StaffSocketData>;

const DEFAULT_RECHECK_MS = 60_000;

export function attachStaffLive(io: Server, deps: StaffLiveDeps): StaffLive {
  const logger = deps.logger.child({ component: 'staff-live' });
  const nsp = io.of(STAFF_NAMESPACE) as unknown as StaffNamespace;
  const memory = new PresenceMemory();
  const cases = new MeetingCases(deps.services.prisma);
  let closed = false;

  nsp.use(staffHandshake(deps.services, logger));
  nsp.on('connection', (socket) => onConnection(socket));
  const onReplay = (caseId: unknown): void => {
    const parsed = CaseWatch.shape.caseId.safeParse(caseId);
    if (!parsed.success || closed) return;
    for (const entry of memory.forCase(parsed.data)) nsp.to(caseRoom(parsed.data)).emit('meeting.presence', entry);
  };
  nsp.on('presence.replay', onReplay);

  const sweeper = setInterval(() => void sweep(), deps.recheckMs ?? DEFAULT_RECHECK_MS);
  sweeper.unref();
  let sweeping = false;

  function onConnection(socket: StaffSocket): void {
    const log = logger.child({ staffId: socket.data.staff.staffId, socketId: socket.id });
    if (closed) {
      socket.disconnect(true);
      return;
    }
    log.info('staff socket connected');
    socket.on('case.watch', (payload, ack) => {
      void respond(socket, log, 'case.watch', ack, async () => watch(socket, payload));
    });
    socket.on('case.unwatch', (payload, ack) => {
      void respond(socket, log, 'case.unwatch', ack, async () => {
        const { caseId } = parse(CaseWatch, payload, 'case.unwatch');
        socket.data.watching.delete(caseId);
        await socket.leave(caseRoom(caseId));
        return {};
      });
    });
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === 'case.watch' || event === 'case.unwatch') return;
      log.warn({ event: String(event).slice(0, 64) }, 'unknown staff event');
      replyOf(args)?.({ ok: false, error: { code: 'BAD_REQUEST', message: 'unknown event' } });
    });
    socket.on('disconnect', (reason) => log.info({ reason }, 'staff socket disconnected'));
  }

  async function watch(socket: StaffSocket, payload: unknown): Promise<CaseWatchResult> {
    const { caseId } = parse(CaseWatch, payload, 'case.watch');
    // Every request re-checks the session, like every HTTP request does.
    const staff = await currentStaff(deps.services, socket.data.claims);
    socket.data.staff = staff;
    await requireCaseRead(deps.services, staff, caseId);
    if (!socket.data.watching.has(caseId) && socket.data.watching.size >= MAX_WATCHED_CASES) {
      throw new BadRequest(`watch at most ${MAX_WATCHED_CASES} cases at once`);
    }
    if (socket.disconnected) return { meetings: [] };
    socket.data.watching.add(caseId);
    await socket.join(caseRoom(caseId));
    // Joined first, so nothing another node replays can be missed.
    nsp.serverSideEmit('presence.replay', caseId);
    return { meetings: memory.forCase(caseId) };
  }

  /** Re-checks every socket on this node: a session that ended closes it, a case no longer readable is unwatched. */
  async function sweep(): Promise<void> {
    if (sweeping || closed) return;
    sweeping = true;
    try {
      for (const socket of [...nsp.sockets.values()]) await recheck(socket);
    } finally {
      sweeping = false;
    }
  }

  async function recheck(socket: StaffSocket): Promise<void> {
    const log = logger.child({ staffId: socket.data.staff.staffId, socketId: socket.id });
    let ended: string | null = sessionExpired(socket.data.claims) ? 'the session expired' : null;
    try {
      if (!ended) socket.data.staff = await currentStaff(deps.services, socket.data.claims);
    } catch (err) {
      // A service error is the answer HTTP would give (signed out, disabled, password reset); anything else is retried.
      if (!(err instanceof ServiceError)) {
        log.warn({ err }, 'could not re-check a staff session; trying again later');
        return;
      }
      ended = err.message;
    }
    if (ended) {
      log.info({ reason: ended }, 'staff session over; closing the staff socket');
      socket.disconnect(true);
      return;
    }
    for (const caseId of [...socket.data.watching]) {
      try {
        await requireCaseRead(deps.services, socket.data.staff, caseId);
      } catch (err) {
        if (!(err instanceof ServiceError)) {
          log.warn({ err, caseId }, 'could not re-check case access; trying again later');
          continue;
        }
        socket.data.watching.delete(caseId);
        await socket.leave(caseRoom(caseId));
        socket.emit('case.unwatched', { caseId, reason: 'access_revoked' });
        log.info({ caseId }, 'staff member may no longer see the case; watch ended');
      }
    }
  }

  return {
    publish(meetingId, presence) {
      if (closed) return;
      const checked = LivePresenceSchema.safeParse(presence);
      if (!checked.success) {
        logger.error({ meetingId, presence }, 'invalid presence not published');
        return;
      }
      if (memory.hasEnded(meetingId)) return;
      // Lookups of one meeting chain on one promise, so its presences go out in order.
      const lookup = cases.caseOf(meetingId);
      lookup.then(
        (caseId) => {
          // Dropped when the meeting was forgotten (or ended) since this was published.
          if (closed || caseId === null || !cases.isCurrent(meetingId, lookup)) return;
          if (checked.data.ended) cases.forget(meetingId);
          if (memory.record(meetingId, caseId, checked.data) !== 'emit') return;
          nsp.to(caseRoom(caseId)).emit('meeting.presence', { meetingId, presence: checked.data });
        },
        (err: unknown) => logger.error({ err, meetingId }, 'could not find the case of a meeting; presence not published'),
      );
    },
    forget(meetingId) {
      memory.forget(meetingId);
      cases.forget(meetingId);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      nsp.off('presence.replay', onReplay);
      nsp.disconnectSockets(true);
      memory.clear();
      cases.clear();
    },
  };
}

/** Which case each meeting belongs to (null: a meeting without a case), looked up once. */
class MeetingCases {
  /** Lookups by meeting id, settled or in flight. */
  readonly #byMeeting = new Map<string, Promise<string | null>>();
  readonly #prisma: StaffLiveDeps['services']['prisma'];

  constructor(prisma: StaffLiveDeps['services']['prisma']) {
    this.#prisma = prisma;
  }

  caseOf(meetingId: string): Promise<string | null> {
    const known = this.#byMeeting.get(meetingId);
    if (known) return known;
    const lookup = this.#prisma.meeting
      .findUnique({ where: { id: meetingId }, select: { caseId: true } })
      .then((m) => m?.caseId ?? null);
    this.#byMeeting.set(meetingId, lookup);
    // A failed lookup is not cached: the next publish tries again.
    lookup.catch(() => this.#byMeeting.delete(meetingId));
    return lookup;
  }

  /** Whether `lookup` is still the meeting's current one (not forgotten since). */
  isCurrent(meetingId: string, lookup: Promise<string | null>): boolean {
    return this.#byMeeting.get(meetingId) === lookup;
  }

  forget(meetingId: string): void {
    this.#byMeeting.delete(meetingId);
  }

  clear(): void {
    this.#byMeeting.clear();
  }
}

/** A malformed request (answered BAD_REQUEST). */
class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

function parse<T>(schema: z.ZodType<T>, payload: unknown, event: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new BadRequest(`invalid ${event} payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

type Reply<T> = (res: Ack<T>) => void;

function replyOf(args: unknown[]): Reply<unknown> | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Reply<unknown>) : undefined;
}

/** Runs one request and always acks: malformed input BAD_REQUEST, failures their typed code. */
async function respond<T>(socket: StaffSocket, log: Logger, event: string, ack: unknown, run: () => Promise<T>): Promise<void> {
  if (typeof ack !== 'function') {
    log.warn({ event }, 'staff request without an ack callback ignored');
    return;
  }
  const reply = ack as Reply<T>;
  try {
    const data = await run();
    if (socket.connected) reply({ ok: true, data });
  } catch (err) {
    const error = err instanceof BadRequest ? { code: 'BAD_REQUEST' as const, message: err.message } : toStaffErrorBody(err, log, { event });
    reply({ ok: false, error });
  }
}
