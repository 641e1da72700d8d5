// People invited to this meeting who are not here (never joined, or left).
import type { ReactElement } from 'react';
import type { Board } from '@common-ground/signalling/protocol';
import { roleBadge } from './cardLabels.ts';
import type { PolicySubject } from './PolicyDialog.tsx';

export function AbsentList({ absent, onEditPolicy }: { absent: Board['absent']; onEditPolicy: (person: PolicySubject) => void }): ReactElement {
  return (
    <section className="console-absent" aria-labelledby="console-absent-title">
      <h2 id="console-absent-title" className="console-absent__title">
        Invited, not here
      </h2>
      <ul className="console-absent__list" data-testid="absent-list">
        {absent.map((person) => (
          <li key={person.participantId} className="console-absent__person" data-testid="absent-person" data-participant-id={person.participantId}>
            <span className="console-absent__name">{person.displayName}</span>
            <span className="console-badge">{roleBadge(person)}</span>
            {person.role !== 'facilitator' && (
              <button type="button" className="console-link" data-testid="absent-policy" onClick={() => onEditPolicy(person)}>
                Privacy…
              </button>
            )}
          </li>
        ))}
      </ul>
      {absent.length === 0 && <p className="console-absent__empty">Everyone invited is here.</p>}
    </section>
  );
}
