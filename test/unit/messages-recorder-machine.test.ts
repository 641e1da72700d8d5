// The message recorder's state machine, as a table: every phase × event, and the formats it asks
// MediaRecorder for.
import { describe, expect, it } from 'vitest';
import { nextPhase, pickMimeType, previewing, RECORDER, type RecorderEvent, type RecorderPhase } from '../../client/src/messages/recorderMachine.ts';

const PHASES = Object.keys(RECORDER) as RecorderPhase[];
const EVENTS: RecorderEvent[] = ['tracks-ready', 'tracks-lost', 'start', 'stop', 'limit', 'take', 'empty', 'error', 'rerecord', 'keep', 'change', 'reset'];

/** Every transition the recorder makes; everything else is ignored. */
const EXPECTED: [RecorderPhase, RecorderEvent, RecorderPhase][] = [
  ['waiting', 'tracks-ready', 'ready'],
  ['ready', 'start', 'recording'],
  ['ready', 'tracks-lost', 'waiting'],
  ['ready', 'error', 'failed'],
  ['recording', 'stop', 'stopping'],
  ['recording', 'limit', 'stopping'],
  ['recording', 'tracks-lost', 'stopping'],
  ['recording', 'error', 'failed'],
  ['stopping', 'take', 'review'],
  ['stopping', 'empty', 'failed'],
  ['stopping', 'error', 'failed'],
  ['review', 'rerecord', 'waiting'],
  ['review', 'keep', 'kept'],
  ['kept', 'change', 'waiting'],
  ['failed', 'reset', 'waiting'],
];

describe('recorder state machine', () => {
  it.each(EXPECTED)('%s --%s--> %s', (from, event, to) => {
    expect(nextPhase(from, event)).toBe(to);
  });

  it('ignores every other event in every phase (nothing records, stops or sends by accident)', () => {
    const allowed = new Set(EXPECTED.map(([from, event]) => `${from}:${event}`));
    for (const phase of PHASES) {
      for (const event of EVENTS) {
        if (!allowed.has(`${phase}:${event}`)) expect(nextPhase(phase, event), `${phase} + ${event}`).toBeNull();
      }
    }
  });

  it('can only start recording from a live preview, and only keep a take after watching it back', () => {
    const startable = PHASES.filter((p) => nextPhase(p, 'start') !== null);
    const keepable = PHASES.filter((p) => nextPhase(p, 'keep') !== null);
    expect(startable).toEqual(['ready']);
    expect(keepable).toEqual(['review']);
  });

  it('every phase can get back to a new recording', () => {
    for (const phase of PHASES) {
      const seen = new Set<RecorderPhase>([phase]);
      const queue = [phase];
      while (queue.length > 0) {
        const p = queue.shift() as RecorderPhase;
        for (const e of EVENTS) {
          const n = nextPhase(p, e);
          if (n && !seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      expect(seen.has('recording'), `from ${phase}`).toBe(true);
    }
  });

  it('shows the live preview while waiting, ready, recording and after a failure, and the take otherwise', () => {
    expect(PHASES.filter(previewing)).toEqual(['waiting', 'ready', 'recording', 'failed']);
  });
});

describe('pickMimeType()', () => {
  const chromium = (t: string) => ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp8', 'video/webm', 'audio/webm;codecs=opus', 'audio/webm'].includes(t);
  const safari = (t: string) => ['video/mp4', 'audio/mp4'].includes(t);

  it('records VP8 + Opus video and Opus audio in WebM where the browser can', () => {
    expect(pickMimeType('video', true, chromium)).toBe('video/webm;codecs=vp8,opus');
    expect(pickMimeType('audio', true, chromium)).toBe('audio/webm;codecs=opus');
  });

  it('asks for a video-only format when there is no microphone', () => {
    expect(pickMimeType('video', false, chromium)).toBe('video/webm;codecs=vp8');
  });

  it('falls back to MP4 where WebM cannot be recorded, and to null where nothing can', () => {
    expect(pickMimeType('video', true, safari)).toBe('video/mp4');
    expect(pickMimeType('audio', true, safari)).toBe('audio/mp4');
    expect(pickMimeType('video', true, () => false)).toBeNull();
  });
});
