// Recording participants' messages in live meetings: the async side of room/recording.ts. For one
// person at a time it asks the message service for their consent and a message in 'recording',
// taps their producers at the SFU toward an ffmpeg job (RtpRecording), starts ffmpeg and waits until
// it listens before the media flows (video first, see RecordingTap.start), and on stop hands the finished WebM to the message service; if ffmpeg
// dies, the message fails with a plain reason and the person and facilitators are told. Every
// state change goes back into the room machine as a command.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { MediaError, RtpRecording, type PortRange } from '@common-ground/recorder';
import { SfuError, type RecordingTap, type Sfu } from '@common-ground/sfu-server';
import { ServiceError } from '../cases/errors.ts';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db-errors.ts';
import type { Logger } from '../logger.ts';
import { consentText } from '../messages/consentTexts.ts';
import type { LiveRecordingPort } from '../messages/liveRecordings.ts';
import { ErrorCode, ProtocolError, type MessageAudience, type RecordingOutcome } from '../protocol/index.ts';
import { recordingSubject, type RecordingStopReason } from '../room/index.ts';
import type { LiveMeeting } from './liveMeeting.ts';

export interface MeetingRecordingsOptions {
  sfu: Sfu;
  /** Consent, the message record and the finished file (messages/liveRecordings.ts). */
  port: LiveRecordingPort;
  /** Scratch directory for files being recorded; each is handed to port.finish() or deleted. */
  tmpDir: string;
  logger: Logger;
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
  /** Local UDP ports for the recorders' ffmpeg (default 30000-32767, see DEFAULT_RECORDER_PORTS). */
  portRange?: PortRange | undefined;
  /** Extra wait between ffmpeg listening on its ports and the media resuming (default none). */
  warmupMs?: number | undefined;
  /** Longest recording; it is stopped and saved then (default 30 minutes). */
  maxDurationMs?: number | undefined;
}

/** How a recording ended, for the facilitator who stopped it. */
export interface RecordingResult {
  outcome: RecordingOutcome;
  messageId: string | null;
}

interface Job {
  readonly meeting: LiveMeeting;
  readonly participantId: string;
  phase: 'starting' | 'recording' | 'finishing';
  messageId: string | null;
  recording: RtpRecording | null;
  tap: RecordingTap | null;
  /** A stop that arrived while starting; honoured at the next step. */
  cancelled: { reason: RecordingStopReason; actorId: string | null } | null;
  /** ffmpeg died while starting; honoured at the next step. */
  failure: MediaError | null;
  timer: NodeJS.Timeout | null;
  /** Resolves once the job is over and forgotten. */
  readonly settled: Promise<RecordingResult>;
  settle(result: RecordingResult): void;
}

/** Thrown inside a starting job when it was called off. */
class Cancelled extends Error {}

const CANCELLED_REASON = 'The recording was called off before anything was saved.';
const START_FAILED_REASON = 'The recording could not be started because of a problem on our side. Nothing was saved.';

export class MeetingRecordings {
  /** The SFU whose meetings are tapped. */
  readonly #sfu: Sfu;
  /** The message service's side of recording. */
  readonly #port: LiveRecordingPort;
  /** Settings as given. */
  readonly #opts: MeetingRecordingsOptions;
  /** Structured logger. */
  readonly #logger: Logger;
  /** Jobs from start until fully saved or failed, by meetingId/participantId. */
  readonly #jobs = new Map<string, Job>();

  constructor(opts: MeetingRecordingsOptions) {
    this.#sfu = opts.sfu;
    this.#port = opts.port;
    this.#opts = opts;
    this.#logger = opts.logger.child({ component: 'recordings' });
  }

  /** Recordings being started, running or saved right now (for benchmarks and shutdown). */
  get active(): number {
    return this.#jobs.size;
  }

  /** ffmpeg's pid and the tap of a running recording (benchmarks, tests). */
  running(meetingId: string, participantId: string): { pid: number | undefined; tap: RecordingTap } | undefined {
    const job = this.#jobs.get(keyOf(meetingId, participantId));
    return job?.phase === 'recording' && job.tap && job.recording ? { pid: job.recording.pid, tap: job.tap } : undefined;
  }

  /**
   * recording.start. Resolves once media is being saved. Without consent on record the person is
   * asked and this rejects with CONSENT_REQUIRED; the recording then starts when they agree.
   */
  async start(meeting: LiveMeeting, actorId: string, participantId: string, audience: MessageAudience): Promise<{ messageId: string }> {
    const subject = recordingSubject(meeting.state, actorId, participantId);
    if (this.#jobs.has(keyOf(meeting.meetingId, participantId))) {
      throw new ProtocolError('CONFLICT', `the last recording of ${subject.displayName} is still being saved; try again in a moment`);
    }
    const consent = await this.#call(() => this.#port.consentFor(participantId));
    await meeting.apply({ type: 'recordingRequested', actorId, participantId, audience, consented: consent !== null, text: consentText('message_recording') });
    if (!consent) {
      throw new ProtocolError('CONSENT_REQUIRED', `${subject.displayName} has not agreed to be recorded yet. They have been asked, and recording starts when they agree.`);
    }
    return this.#run(meeting, participantId);
  }

  /** recording.consent from the person asked: their consent is stored, then the recording starts. */
  async consent(meeting: LiveMeeting, participantId: string, textVersion: string): Promise<void> {
    if (meeting.state.recordings[participantId]?.status !== 'asked') throw new ProtocolError('CONFLICT', 'nobody is asking to record you right now');
    const current = consentText('message_recording');
    if (textVersion !== current.version) throw new ProtocolError('BAD_REQUEST', 'the wording has changed since you read it; please read it again');
    await this.#call(() => this.#port.giveConsent(participantId, textVersion));
    await meeting.apply({ type: 'recordingConsented', participantId });
    // The person's answer does not wait for the recorder: everyone sees it start (or is told it failed).
    this.#run(meeting, participantId).catch((err: unknown) => {
      this.#logger.info({ meetingId: meeting.meetingId, participantId, err }, 'recording after consent did not start');
    });
  }

  async decline(meeting: LiveMeeting, participantId: string): Promise<void> {
    await meeting.apply({ type: 'recordingDeclined', participantId });
  }

  /** recording.stop: answers once the message is saved (or has failed). */
  async stopRequested(meeting: LiveMeeting, actorId: string, participantId: string): Promise<RecordingResult> {
    await meeting.apply({ type: 'recordingStop', actorId, participantId });
    const job = this.#jobs.get(keyOf(meeting.meetingId, participantId));
    return job ? job.settled : { outcome: 'cancelled', messageId: null };
  }

  /** The room's stop effect (LiveMeeting's MeetingMediaPort.stopRecording). */
  stop(meetingId: string, participantId: string, reason: RecordingStopReason, actorId: string | null): void {
    const job = this.#jobs.get(keyOf(meetingId, participantId));
    if (!job) return;
    if (job.phase === 'starting') job.cancelled ??= { reason, actorId };
    else if (job.phase === 'recording') void this.#finish(job, reason, actorId);
  }

  /** Stops and saves every running recording (server shutdown, before the SFU closes). */
  async close(): Promise<void> {
    for (const job of this.#jobs.values()) this.stop(job.meeting.meetingId, job.participantId, 'meeting-ended', null);
    await Promise.all([...this.#jobs.values()].map((job) => job.settled));
  }

  async #run(meeting: LiveMeeting, participantId: string): Promise<{ messageId: string }> {
    const entry = meeting.state.recordings[participantId];
    if (entry?.status !== 'starting') throw new ProtocolError('CONFLICT', 'this recording was called off before it started');
    if (this.#jobs.has(keyOf(meeting.meetingId, participantId))) {
      await meeting.apply({ type: 'recordingEnded', participantId, outcome: 'cancelled', reason: null, messageId: null });
      throw new ProtocolError('CONFLICT', 'the last recording of this person is still being saved; try again in a moment');
    }
    const job = this.#newJob(meeting, participantId);
    const log = this.#logger.child({ meetingId: meeting.meetingId, participantId });
    try {
      const { messageId } = await this.#call(() =>
        this.#port.begin({ participantId, audience: entry.audience, startedBy: { kind: 'participant', id: entry.requestedBy } }),
      );
      job.messageId = messageId;
      this.#checkCancelled(job);
      const media = this.#sfu.existingMeeting(meeting.meetingId);
      const kinds = media?.recordableKinds(participantId) ?? [];
      if (!media || kinds.length === 0) throw new ProtocolError('CONFLICT', 'this person is not sending any sound or picture to record');
      await mkdir(this.#opts.tmpDir, { recursive: true, mode: 0o700 });
      const recording = await RtpRecording.create({
        kinds,
        outputPath: path.join(this.#opts.tmpDir, `${messageId}.webm`),
        ffmpegPath: this.#opts.ffmpegPath,
        ffprobePath: this.#opts.ffprobePath,
        portRange: this.#opts.portRange,
        logger: log,
      });
      job.recording = recording;
      recording.on('failed', (failure) => void this.#failed(job, failure));
      const tap = await media.tapForRecording(participantId, recording.targets);
      job.tap = tap;
      await recording.start(tap.streams);
      tap.on('close', ({ reason }) => {
        if (reason !== 'closed') this.stop(meeting.meetingId, participantId, 'media-ended', null);
      });
      // ffmpeg listens on every port by now (start() waited for it); the media may flow.
      if (this.#opts.warmupMs) await delay(this.#opts.warmupMs);
      this.#checkCancelled(job);
      await tap.start();
      this.#checkCancelled(job);
      await meeting.apply({ type: 'recordingStarted', participantId, messageId, at: new Date().toISOString() });
      job.phase = 'recording';
      job.timer = setTimeout(() => this.stop(meeting.meetingId, participantId, 'time-limit', null), this.#opts.maxDurationMs ?? 30 * 60_000);
      job.timer.unref();
      log.info({ messageId, kinds: tap.streams.map((s) => s.kind), ffmpegPid: recording.pid }, 'recording a message');
      return { messageId };
    } catch (err) {
      if (err instanceof Cancelled) {
        await this.#abandon(job, 'cancelled', CANCELLED_REASON);
        throw new ProtocolError('CONFLICT', 'the recording was called off before it started');
      }
      log.warn({ err, messageId: job.messageId }, 'recording could not start');
      const refusal = toProtocolError(err, log);
      // A refusal of the message service or the room is plain language; anything else is ours.
      const plain = refusal instanceof ProtocolError && refusal.code !== 'RECORDING_FAILED' ? sentence(refusal.message) : START_FAILED_REASON;
      await this.#abandon(job, 'failed', plain);
      throw refusal;
    }
  }

  /** Stops ffmpeg first (the media still flowing), then the tap, and hands the file over. */
  async #finish(job: Job, reason: RecordingStopReason, actorId: string | null): Promise<void> {
    job.phase = 'finishing';
    if (job.timer) clearTimeout(job.timer);
    const { recording, tap, messageId } = job;
    if (!recording || !tap || !messageId) return;
    const log = this.#logger.child({ meetingId: job.meeting.meetingId, participantId: job.participantId, messageId });
    try {
      const file = await recording.stop();
      tap.close();
      await this.#port.finish(messageId, file.path, actorId ? { kind: 'participant', id: actorId } : { kind: 'system' });
      log.info({ reason, durationSeconds: file.media.durationSeconds }, 'recording saved for review');
      this.#end(job, 'saved', null);
    } catch (err) {
      tap.close();
      log.error({ err, reason }, 'recording could not be saved');
      const plain = err instanceof MediaError ? err.message : 'The recording could not be saved because of a problem on our side.';
      await this.#failMessage(job, plain);
      this.#end(job, 'failed', plain);
    }
  }

  /** ffmpeg died mid-recording: nothing partial is kept; the person and facilitators are told. */
  async #failed(job: Job, failure: MediaError): Promise<void> {
    if (job.phase === 'starting') job.failure = failure;
    if (job.phase !== 'recording') return;
    job.phase = 'finishing';
    if (job.timer) clearTimeout(job.timer);
    job.tap?.close();
    this.#logger.error({ meetingId: job.meeting.meetingId, participantId: job.participantId, messageId: job.messageId, detail: failure.detail }, 'recorder died during a recording');
    await this.#failMessage(job, failure.message);
    this.#end(job, 'failed', failure.message);
  }

  async #abandon(job: Job, outcome: 'failed' | 'cancelled', reason: string): Promise<void> {
    job.tap?.close();
    await job.recording?.kill();
    await this.#failMessage(job, reason);
    this.#end(job, outcome, outcome === 'failed' ? reason : null);
  }

  async #failMessage(job: Job, reason: string): Promise<void> {
    if (!job.messageId) return;
    try {
      await this.#port.fail(job.messageId, reason);
    } catch (err) {
      this.#logger.error({ err, messageId: job.messageId }, 'could not mark the recorded message failed');
    }
  }

  /** Tells the room (which tells the person and facilitators) and forgets the job. */
  #end(job: Job, outcome: RecordingOutcome, reason: string | null): void {
    const key = keyOf(job.meeting.meetingId, job.participantId);
    if (this.#jobs.get(key) === job) this.#jobs.delete(key);
    job.meeting
      .apply({ type: 'recordingEnded', participantId: job.participantId, outcome, reason, messageId: job.messageId })
      .catch((err: unknown) => this.#logger.error({ err, meetingId: job.meeting.meetingId }, 'recordingEnded effects failed'));
    job.settle({ outcome, messageId: job.messageId });
  }

  #newJob(meeting: LiveMeeting, participantId: string): Job {
    let settle: (result: RecordingResult) => void = () => undefined;
    const settled = new Promise<RecordingResult>((resolve) => {
      settle = resolve;
    });
    const job: Job = { meeting, participantId, phase: 'starting', messageId: null, recording: null, tap: null, cancelled: null, failure: null, timer: null, settled, settle };
    this.#jobs.set(keyOf(meeting.meetingId, participantId), job);
    return job;
  }

  #checkCancelled(job: Job): void {
    if (job.failure) throw job.failure;
    if (job.cancelled) throw new Cancelled(job.cancelled.reason);
  }

  /** Calls the message service, turning its errors into protocol errors. */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toProtocolError(err, this.#logger);
    }
  }
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

function keyOf(meetingId: string, participantId: string): string {
  return `${meetingId}/${participantId}`;
}

/** Protocol and SFU errors pass through; the message service's keep their code when the protocol has it. */
function toProtocolError(err: unknown, logger: Logger): unknown {
  if (err instanceof ProtocolError || err instanceof SfuError) return err;
  if (isDatabaseUnavailable(err)) return new ProtocolError('DATABASE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
  if (err instanceof ServiceError) {
    const code = ErrorCode.safeParse(err.code);
    if (code.success && code.data !== 'INTERNAL') return new ProtocolError(code.data, err.message);
  }
  if (err instanceof MediaError) return new ProtocolError('RECORDING_FAILED', err.message);
  logger.error({ err }, 'recording failed unexpectedly');
  return new ProtocolError('RECORDING_FAILED', START_FAILED_REASON);
}
