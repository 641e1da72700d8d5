// A microphone level bar. The level is exposed as data-level (0..1) and as an ARIA meter.
import type { ReactElement } from 'react';
import { useMicLevel } from '../hooks.ts';

const SEGMENTS = 12;

export function MicMeter({ track, muted }: { track: MediaStreamTrack | null; muted: boolean }): ReactElement {
  const level = useMicLevel(track);
  const lit = Math.round(level * SEGMENTS);
  return (
    <div
      className={`mic-meter${muted ? ' mic-meter--muted' : ''}`}
      data-testid="mic-meter"
      data-level={level.toFixed(2)}
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={1}
      aria-valuenow={level}
    >
      {Array.from({ length: SEGMENTS }, (_, i) => (
        <span key={i} className={`mic-meter__segment${i < lit ? ' mic-meter__segment--lit' : ''}`} />
      ))}
    </div>
  );
}
