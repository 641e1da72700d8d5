// One meeting of the case: what and when, whether it is in progress right now (live counts), the
// facilitator's own way in, the invited people and their links, and the short post-meeting form.
import { type ReactElement } from 'react';
import type { CaseAbilities } from '../abilities.ts';
import { ErrorNotice } from '../components/Notices.tsx';
import { joinAsFacilitator } from '../endpoints.ts';
import { formatInstant } from '../format.ts';
import { MEETING_KIND, MEETING_STATUS } from '../labels.ts';
import type { CaseDetail, CreatedInvitation, MeetingView } from '../schemas.ts';
import { useAction } from '../useResource.ts';
import { CreatedLinks } from './CreatedLinks.tsx';
import { FeedbackForm } from './FeedbackForm.tsx';
import { MeetingPeople } from './MeetingPeople.tsx';
import { liveLabel, type LivePresence } from './useLivePresence.ts';

interface Props {
  kase: CaseDetail;
  meeting: MeetingView;
  can: CaseAbilities;
  /** Live counts while the meeting is in progress (from the /staff socket); undefined when not known to be live. */
  live?: LivePresence | undefined;
  /** Links created a moment ago for this meeting, shown once. */
  fresh: readonly CreatedInvitation[] | null;
  onFresh: (links: readonly CreatedInvitation[]) => void;
  onChanged: () => void;
}

export function MeetingCard({ kase, meeting, can, live, fresh, onFresh, onChanged }: Props): ReactElement {
  const join = useAction(() => joinAsFacilitator(kase.id, meeting.id));
  const facilitators = meeting.participants.filter((p) => p.role === 'facilitator');
  // A live meeting can always be entered; a scheduled one only while the case is not closed.
  const open = meeting.status === 'live' || (meeting.status === 'scheduled' && kase.status !== 'closed');

  const enter = async (): Promise<void> => {
    const result = await join.run();
    // The join page takes it from here: device check, then the console. Back returns to the case.
    if (result.ok) window.location.assign(result.value.joinPath);
  };

  return (
    <li className={`meeting-card meeting-card--${meeting.status}`} data-testid="meeting-card" data-meeting-id={meeting.id} data-status={meeting.status}>
      <div className="meeting-card__header">
        <div>
          <h3 className="meeting-card__title">{meeting.title}</h3>
          <p className="staff-muted">
            {meeting.kind ? MEETING_KIND[meeting.kind] : 'Meeting'} · <span data-testid="meeting-status">{MEETING_STATUS[meeting.status]}</span>
            {meeting.scheduledAt && (
              <>
                {' · '}
                <time dateTime={meeting.scheduledAt}>{formatInstant(meeting.scheduledAt)}</time>
              </>
            )}
          </p>
          {facilitators.length > 0 && <p className="staff-muted">Facilitators: {facilitators.map((f) => f.displayName).join(', ')}</p>}
          <LiveBadge presence={live} />
        </div>
        {can.facilitate && open && (
          <button type="button" className="button button--primary" onClick={() => void enter()} disabled={join.pending} data-testid="join-meeting">
            {join.pending ? 'Opening…' : 'Join as facilitator'}
          </button>
        )}
      </div>
      {join.error !== null && <ErrorNotice error={join.error} />}
      {fresh && fresh.length > 0 && <CreatedLinks meeting={meeting} links={fresh} parties={kase.parties} onDone={() => onFresh([])} />}
      <MeetingPeople kase={kase} meeting={meeting} can={can} onFresh={onFresh} onChanged={onChanged} />
      {(can.facilitate || meeting.feedback) && <FeedbackForm kase={kase} meeting={meeting} canEdit={can.facilitate} onChanged={onChanged} />}
    </li>
  );
}

/** "● Live · 3 connected · 1 waiting" while people are connected; nothing otherwise. */
function LiveBadge({ presence }: { presence: LivePresence | undefined }): ReactElement | null {
  const label = liveLabel(presence);
  if (label === null) return null;
  return (
    <p className="live-badge" role="status" data-testid="meeting-live">
      <span className="live-badge__dot" aria-hidden="true">
        ●
      </span>{' '}
      {label}
    </p>
  );
}
