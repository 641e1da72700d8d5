// Shown in a person's own time-out room: reassurance, and how to come back.
import { useId, type ReactElement } from 'react';
import './panels.css';

export function BreakPanel(): ReactElement {
  const titleId = useId();
  return (
    <section className="side-panel" aria-labelledby={titleId} data-testid="break-panel">
      <h2 id={titleId} className="side-panel__title">
        You are taking a break
      </h2>
      <p className="side-panel__text">
        Take the time you need. The others cannot see or hear you here; only a facilitator can join you or listen in.
      </p>
      <p className="side-panel__text">When you are ready, press “I'm back” to return.</p>
    </section>
  );
}
