// Signal bars for this device's connection to the meeting: three bars when good, two when fair,
// one when poor, with the level in words beside them and in the accessible label.
import type { ReactElement } from 'react';
import { barsFor, describeQuality, type QualityVerdict } from '../media/connectionQuality.ts';
import { useStore, type Store } from '../hooks.ts';
import './quality.css';

const LEVEL_TEXT = { good: 'Good', fair: 'Fair', poor: 'Poor' } as const;

export function ConnectionQuality({ monitor }: { monitor: Store<QualityVerdict | null> }): ReactElement {
  const verdict = useStore(monitor);
  const label = describeQuality(verdict);
  const bars = verdict ? barsFor(verdict.level) : 0;
  return (
    <span
      className={`quality quality--${verdict?.level ?? 'unknown'}`}
      role="img"
      aria-label={label}
      title={label}
      data-testid="connection-quality"
      data-level={verdict?.level ?? 'unknown'}
    >
      <svg className="quality__bars" viewBox="0 0 16 14" width="16" height="14" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <rect key={i} x={i * 6} y={10 - i * 5} width="4" height={4 + i * 5} rx="1" className={i < bars ? 'quality__bar--on' : 'quality__bar--off'} />
        ))}
      </svg>
      <span className="quality__text" aria-hidden="true">
        {verdict ? LEVEL_TEXT[verdict.level] : '…'}
      </span>
    </span>
  );
}
