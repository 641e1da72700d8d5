// The people invited to a meeting and the state of each one's link, with "new link" (which
// withdraws their unused one), "withdraw link", and inviting someone else from the case.
import { useState, type FormEvent, type ReactElement } from 'react';
import { ConfirmDialog, type ConfirmRequest } from '../../console/ConfirmDialog.tsx';
import '../../console/console.css';
import type { CaseAbilities } from '../abilities.ts';
import { SelectField } from '../components/Fields.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import { addInvitee, newInvitation, revokeInvitation } from '../endpoints.ts';
import { LINK_LIFETIMES } from '../forms/meetingForm.ts';
import { formatInstant } from '../format.ts';
import { INVITATION_STATUS, PARTY_ROLE, SIDE_GROUP } from '../labels.ts';
import type { CaseDetail, CreatedInvitation, MeetingParticipant, MeetingView } from '../schemas.ts';
import { useAction } from '../useResource.ts';
import { invitableParties, linkSummary } from './meetingPeopleModel.ts';

interface Props {
  kase: CaseDetail;
  meeting: MeetingView;
  can: CaseAbilities;
  onFresh: (links: readonly CreatedInvitation[]) => void;
  onChanged: () => void;
}

export function MeetingPeople({ kase, meeting, can, onFresh, onChanged }: Props): ReactElement {
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const people = meeting.participants.filter((p) => p.role !== 'facilitator');
  // A closed case hands out no new links: reopen it first.
  const editable = can.facilitate && meeting.status !== 'ended' && kase.status !== 'closed';
  const revoke = useAction((invitationId: string) => revokeInvitation(kase.id, invitationId));

  const askRevoke = (p: MeetingParticipant, invitationId: string, used: boolean): void =>
    setConfirm({
      title: `Withdraw ${p.displayName}’s link?`,
      message: used
        ? `${p.displayName} has already used this link. Withdrawing it also takes them out of this meeting: they cannot join again until you invite them again. Someone in the meeting now stays connected until you remove them in the meeting.`
        : 'The link will stop working. You can create a new one at any time.',
      confirmLabel: 'Withdraw link',
      onConfirm: () => void revoke.run(invitationId).then((r) => r.ok && onChanged()),
    });

  return (
    <div className="meeting-people">
      <h4 className="staff-subheading">Invited</h4>
      {people.length === 0 && <p className="staff-muted">Nobody is invited yet.</p>}
      <ul className="meeting-people__list">
        {people.map((p) => {
          const summary = linkSummary(p);
          const current = summary.current;
          return (
            <li key={p.participantId} className="invitee" data-testid="invitee" data-party={p.displayName} data-link-status={summary.status ?? 'none'}>
              <div className="invitee__who">
                <strong>{p.displayName}</strong>
                <span className="staff-muted">
                  {' '}
                  · {p.side ? SIDE_GROUP[p.side] : ''} · {PARTY_ROLE[p.role === 'facilitator' ? 'party' : p.role]}
                </span>
              </div>
              <p className="invitee__link">
                {p.removed ? 'Removed from this meeting' : summary.status ? INVITATION_STATUS[summary.status] : 'No link yet'}
                {summary.current?.hasPin && !p.removed && ' · with PIN'}
                {summary.status === 'valid' && summary.current && <span className="staff-muted"> · until {formatInstant(summary.current.expiresAt)}</span>}
                {p.joinedAt && <span className="staff-muted"> · joined {formatInstant(p.joinedAt)}</span>}
              </p>
              {editable && !p.removed && (
                <div className="invitee__actions">
                  <NewLinkButton kase={kase} meeting={meeting} participant={p} onFresh={onFresh} onChanged={onChanged} />
                  {current && (summary.status === 'valid' || summary.status === 'used') && (
                    <button type="button" className="staff-link-button" onClick={() => askRevoke(p, current.id, summary.status === 'used')} data-testid="revoke-link">
                      Withdraw link
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {revoke.error !== null && <ErrorNotice error={revoke.error} />}
      {editable && <InviteSomeone kase={kase} meeting={meeting} onFresh={onFresh} onChanged={onChanged} />}
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}

function NewLinkButton({ kase, meeting, participant, onFresh, onChanged }: { kase: CaseDetail; meeting: MeetingView; participant: MeetingParticipant; onFresh: Props['onFresh']; onChanged: () => void }): ReactElement {
  const [open, setOpen] = useState(false);
  const [withPin, setWithPin] = useState(true);
  const [hours, setHours] = useState('168');
  const action = useAction(() => newInvitation(kase.id, meeting.id, { participantId: participant.participantId, withPin, expiresInHours: Number(hours) }));

  if (!open) {
    return (
      <button type="button" className="staff-link-button" onClick={() => setOpen(true)} data-testid="new-link">
        New link…
      </button>
    );
  }
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const result = await action.run();
    if (!result.ok) return;
    setOpen(false);
    onFresh([result.value]);
    onChanged();
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`New link for ${participant.displayName}`}>
      <label className="choice__option">
        <input type="checkbox" checked={withPin} onChange={(e) => setWithPin(e.target.checked)} />
        <span>With a PIN</span>
      </label>
      <SelectField legend="Works for" value={hours} options={LINK_LIFETIMES.map((l) => ({ value: String(l.hours), label: l.label }))} onChange={setHours} />
      <button type="submit" className="button button--secondary" disabled={action.pending} data-testid="new-link-submit">
        Create link
      </button>
      <button type="button" className="staff-link-button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}

function InviteSomeone({ kase, meeting, onFresh, onChanged }: { kase: CaseDetail; meeting: MeetingView; onFresh: Props['onFresh']; onChanged: () => void }): ReactElement | null {
  const candidates = invitableParties(kase.parties, meeting);
  const [partyId, setPartyId] = useState('');
  const [withPin, setWithPin] = useState(true);
  const action = useAction(async (id: string) => {
    const { meeting: updated } = await addInvitee(kase.id, meeting.id, id);
    const participant = updated.participants.find((p) => p.casePartyId === id && !p.removed);
    if (!participant) throw new Error('the invited person is not in the meeting');
    return newInvitation(kase.id, meeting.id, { participantId: participant.participantId, withPin, expiresInHours: 168 });
  });
  if (candidates.length === 0) return null;
  const chosen = candidates.some((c) => c.id === partyId) ? partyId : (candidates[0]?.id ?? '');

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const result = await action.run(chosen);
    if (!result.ok) return;
    onFresh([result.value]);
    onChanged();
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Invite someone else">
      <SelectField legend="Invite someone else" value={chosen} options={candidates.map((c) => ({ value: c.id, label: `${c.pseudonym} (${SIDE_GROUP[c.side].toLowerCase()})` }))} onChange={setPartyId} />
      <label className="choice__option">
        <input type="checkbox" checked={withPin} onChange={(e) => setWithPin(e.target.checked)} />
        <span>With a PIN</span>
      </label>
      <button type="submit" className="button button--secondary" disabled={action.pending}>
        Invite and create link
      </button>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
