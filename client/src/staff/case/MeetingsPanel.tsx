// The case's meetings, newest first, and the new-meeting form. Links made here are shown once,
// on the meeting they belong to. Meetings in progress show live counts (one /staff connection
// for the whole panel).
import { useState, type ReactElement } from 'react';
import type { CaseAbilities } from '../abilities.ts';
import type { CaseDetail, CreatedInvitation, MeetingView } from '../schemas.ts';
import { MeetingCard } from './MeetingCard.tsx';
import { NewMeetingForm } from './NewMeetingForm.tsx';
import { useLivePresence } from './useLivePresence.ts';

interface Props {
  kase: CaseDetail;
  can: CaseAbilities;
  onChanged: () => void;
  /** Open the new-meeting form at once (straight from the new-case form). */
  startOpen: boolean;
}

/** Links just created, for one meeting: the meeting as the create answer gave it, until the case reloads. */
export interface FreshLinks {
  readonly meeting: MeetingView;
  readonly links: readonly CreatedInvitation[];
}

export function MeetingsPanel({ kase, can, onChanged, startOpen }: Props): ReactElement {
  const [creating, setCreating] = useState(startOpen && kase.status !== 'closed');
  const [fresh, setFresh] = useState<FreshLinks | null>(null);
  const canCreate = can.facilitate && kase.status !== 'closed';
  const live = useLivePresence(kase.id);

  const meetings = [...kase.meetings];
  if (fresh && !meetings.some((m) => m.id === fresh.meeting.id)) meetings.push(fresh.meeting);
  meetings.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <section className="staff-card" aria-labelledby="meetings-heading" data-testid="meetings-panel">
      <div className="staff-card__header">
        <h2 id="meetings-heading">Meetings</h2>
        {canCreate && !creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid="new-meeting">
            New meeting…
          </button>
        )}
      </div>
      {creating && (
        <NewMeetingForm
          kase={kase}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setFresh({ meeting: created.meeting, links: created.invitations });
            onChanged();
          }}
        />
      )}
      {meetings.length === 0 && !creating && (
        <p className="staff-muted">{can.facilitate ? 'No meetings yet. Create one to send the links.' : 'No meetings yet.'}</p>
      )}
      <ul className="meetings">
        {meetings.map((m) => (
          <MeetingCard
            key={m.id}
            kase={kase}
            meeting={m}
            can={can}
            live={live.get(m.id)}
            fresh={fresh?.meeting.id === m.id ? fresh.links : null}
            onFresh={(links) => setFresh(links.length > 0 ? { meeting: m, links } : null)}
            onChanged={onChanged}
          />
        ))}
      </ul>
    </section>
  );
}
