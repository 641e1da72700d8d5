// New join links, and their PINs, shown once: the server keeps neither the code nor the PIN.
// Each link has a Copy button and a visible read-only field; the PIN is to be given separately.
import { useEffect, useRef, type ReactElement } from 'react';
import { CopyField } from '../components/CopyField.tsx';
import { formatInstant } from '../format.ts';
import { SIDE_GROUP } from '../labels.ts';
import type { CreatedInvitation, MeetingView, PartyView } from '../schemas.ts';

interface Props {
  meeting: MeetingView;
  links: readonly CreatedInvitation[];
  parties: readonly PartyView[];
  onDone: () => void;
}

export function CreatedLinks({ meeting, links, parties, onDone }: Props): ReactElement {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const anyPin = links.some((l) => l.pin);

  return (
    <section className="created-links" aria-labelledby={`links-${meeting.id}`} data-testid="created-links">
      <h3 id={`links-${meeting.id}`} ref={heading} tabIndex={-1} className="created-links__title">
        {links.length === 1 ? 'New link to send' : `${links.length} links to send`}
      </h3>
      <p className="notice notice--warning">
        These are shown only now. Copy each link into your message to the person{anyPin ? ', and give the PIN separately, for example on the phone' : ''}. Nothing is emailed by
        Common Ground.
      </p>
      <ul className="created-links__list">
        {links.map((link) => {
          const who = meeting.participants.find((p) => p.participantId === link.invitation.participantId);
          const party = parties.find((p) => p.id === who?.casePartyId);
          const pseudonym = who?.displayName ?? 'Invited person';
          return (
            <li key={link.invitation.id} className="created-link" data-testid="created-link" data-party={pseudonym}>
              <p className="created-link__who">
                <strong>{pseudonym}</strong>
                {who?.side && <span className="staff-muted"> · {SIDE_GROUP[who.side]}</span>}
                {party?.details && <span className="staff-muted"> · {party.details.name}</span>}
              </p>
              <CopyField label={`Link for ${pseudonym}`} value={link.url} testId="invite-link" attributes={{ 'data-party': pseudonym, 'data-side': who?.side ?? '' }} />
              {link.pin ? (
                <CopyField label={`PIN for ${pseudonym}`} value={link.pin} testId="invite-pin" spaced attributes={{ 'data-party': pseudonym }} />
              ) : (
                <p className="staff-muted">No PIN: anyone holding this link can use it once.</p>
              )}
              <p className="staff-muted">Works once, until {formatInstant(link.invitation.expiresAt)}.</p>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button--primary" onClick={onDone} data-testid="links-done">
        I have copied {links.length === 1 ? 'it' : 'them'}
      </button>
    </section>
  );
}
