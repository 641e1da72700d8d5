// The meeting's facilitators as a party sees them: names and whether they are here, nothing more.
import { useId, type ReactElement } from 'react';
import type { HostInfo } from '@common-ground/signalling/protocol';
import { Avatar } from './Avatar.tsx';
import { HOST_STATUS_TEXT } from './roomText.ts';

export function HostList({ hosts }: { hosts: readonly HostInfo[] }): ReactElement {
  const titleId = useId();
  return (
    <section className="hosts" aria-labelledby={titleId}>
      <h3 id={titleId} className="hosts__title">
        {hosts.length > 1 ? 'Your facilitators' : 'Your facilitator'}
      </h3>
      <ul className="hosts__list" data-testid="host-list">
        {hosts.map((host) => (
          <li key={host.participantId} className={`hosts__item hosts__item--${host.status}`}>
            <Avatar name={host.displayName} size="small" />
            <span className="hosts__name" data-testid="host" data-status={host.status}>
              {host.displayName}
            </span>
            <span className="hosts__status">{HOST_STATUS_TEXT[host.status]}</span>
          </li>
        ))}
        {hosts.length === 0 && <li className="hosts__item">Your facilitator will be with you soon.</li>}
      </ul>
    </section>
  );
}
