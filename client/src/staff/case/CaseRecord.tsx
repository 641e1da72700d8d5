// The referral record: what, from whom, when, first contact, and the case's status. Recording the
// first contact and closing (with an outcome) or reopening are here.
import { useState, type FormEvent, type ReactElement } from 'react';
import type { CaseAbilities } from '../abilities.ts';
import { DoneNotice, ErrorNotice } from '../components/Notices.tsx';
import { changeCase } from '../endpoints.ts';
import { formatDay, formatInstant, localDay } from '../format.ts';
import { INITIATED_BY, OUTCOME, STATUS } from '../labels.ts';
import type { CaseDetail } from '../schemas.ts';
import { useAction } from '../useResource.ts';
import { CloseCaseForm } from './CloseCaseForm.tsx';

interface Props {
  kase: CaseDetail;
  can: CaseAbilities;
  onChanged: () => void;
}

export function CaseRecord({ kase, can, onChanged }: Props): ReactElement {
  const [closing, setClosing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const reopen = useAction(() => changeCase(kase.id, { status: 'active' }));

  return (
    <section className="staff-card" aria-labelledby="record-heading" data-testid="case-record">
      <h2 id="record-heading">Referral</h2>
      <dl className="facts">
        <dt>Crime type</dt>
        <dd>{kase.crimeType}</dd>
        <dt>Referred by</dt>
        <dd>{kase.referralSource}</dd>
        <dt>Referral date</dt>
        <dd>{formatDay(kase.referredOn)}</dd>
        <dt>Asked for RJ</dt>
        <dd>{INITIATED_BY[kase.initiatedBy]}</dd>
        <dt>First contact</dt>
        <dd>{kase.firstContactOn ? formatDay(kase.firstContactOn) : can.update && kase.status !== 'closed' ? <FirstContactForm kase={kase} onChanged={onChanged} /> : 'Not yet'}</dd>
        <dt>Facilitators</dt>
        <dd>{kase.facilitators.map((f) => f.displayName).join(', ') || 'None assigned'}</dd>
        <dt>Status</dt>
        <dd data-testid="case-status">
          {STATUS[kase.status]}
          {kase.outcome && `: ${OUTCOME[kase.outcome]}`}
          {kase.notProgressedReason && ` (${kase.notProgressedReason})`}
          {kase.closedAt && <span className="staff-muted"> · {formatInstant(kase.closedAt)}</span>}
        </dd>
      </dl>

      <div aria-live="polite">{done && <DoneNotice>{done}</DoneNotice>}</div>
      {can.update && kase.status !== 'closed' && !closing && (
        <button type="button" className="button button--secondary" onClick={() => setClosing(true)} data-testid="close-case">
          Close case…
        </button>
      )}
      {closing && (
        <CloseCaseForm
          kase={kase}
          onCancel={() => setClosing(false)}
          onClosed={() => {
            setClosing(false);
            setDone('The case is closed.');
            onChanged();
          }}
        />
      )}
      {can.update && kase.status === 'closed' && (
        <>
          <button
            type="button"
            className="button button--secondary"
            disabled={reopen.pending}
            onClick={() =>
              void reopen.run().then((r) => {
                if (!r.ok) return;
                setDone('The case is open again. Its outcome was cleared.');
                onChanged();
              })
            }
          >
            Reopen case
          </button>
          {reopen.error !== null && <ErrorNotice error={reopen.error} />}
        </>
      )}
    </section>
  );
}

function FirstContactForm({ kase, onChanged }: { kase: CaseDetail; onChanged: () => void }): ReactElement {
  const [day, setDay] = useState(localDay());
  const action = useAction((firstContactOn: string) => changeCase(kase.id, { firstContactOn }));
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if ((await action.run(day)).ok) onChanged();
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Record first contact">
      <span className="staff-muted">Not yet.</span>
      <input className="field__control" type="date" aria-label="Date of first contact" value={day} onChange={(e) => setDay(e.target.value)} data-testid="first-contact-date" />
      <button type="submit" className="button button--secondary" disabled={action.pending || !day} data-testid="first-contact-submit">
        Record
      </button>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </form>
  );
}
