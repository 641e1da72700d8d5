// A new meeting on the case: its kind, when, who is invited, PINs and link lifetime. One submit
// creates the meeting and every invited person's link.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { RadioGroup, SelectField, TextField } from '../components/Fields.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import { createMeeting } from '../endpoints.ts';
import { defaultMeetingForm, LINK_LIFETIMES, meetingFormProblem, meetingRequest, toggleInvited, type MeetingForm } from '../forms/meetingForm.ts';
import { MEETING_KIND, MEETING_KIND_HINT, PARTY_ROLE, SIDE_GROUP } from '../labels.ts';
import { MeetingKind, Side, type CaseDetail, type CreatedMeeting } from '../schemas.ts';
import { useAction } from '../useResource.ts';

const KIND_OPTIONS = MeetingKind.options.map((k) => ({ value: k, label: MEETING_KIND[k], hint: MEETING_KIND_HINT[k] }));
const LIFETIME_OPTIONS = LINK_LIFETIMES.map((l) => ({ value: String(l.hours), label: l.label }));

interface Props {
  kase: CaseDetail;
  onCancel: () => void;
  onCreated: (created: CreatedMeeting) => void;
}

export function NewMeetingForm({ kase, onCancel, onCreated }: Props): ReactElement {
  const [form, setForm] = useState<MeetingForm>(() => defaultMeetingForm(kase.parties, { firstMeeting: kase.meetings.length === 0, initiatedBy: kase.initiatedBy }));
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(() => createMeeting(kase.id, meetingRequest(form, kase.parties)));
  const first = useRef<HTMLFormElement>(null);
  useEffect(() => first.current?.querySelector<HTMLInputElement>('input')?.focus(), []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const found = meetingFormProblem(form, kase.parties);
    setProblem(found);
    if (found) return;
    const result = await action.run();
    if (result.ok) onCreated(result.value);
  };

  return (
    <form ref={first} className="sub-form" onSubmit={(e) => void submit(e)} aria-label="New meeting" data-testid="new-meeting-form" noValidate>
      <RadioGroup legend="Kind of meeting" value={form.kind} options={KIND_OPTIONS} onChange={(kind) => setForm({ ...form, kind })} testId="meeting-kind" />
      <TextField label="When" optional type="datetime-local" value={form.scheduledAt} onChange={(scheduledAt) => setForm({ ...form, scheduledAt })} hint="Links work before and after this time too." testId="meeting-when" />
      <fieldset className="choice" data-testid="meeting-invite">
        <legend className="field__label">Who is invited</legend>
        {kase.parties.length === 0 && <p className="staff-muted">Nobody on the case yet. Add people first, or invite them to the meeting later.</p>}
        <div className="invite-sides">
          {Side.options.map((side) => {
            const people = kase.parties.filter((p) => p.side === side);
            if (people.length === 0) return null;
            return (
              <div key={side} className={`invite-side side--${side}`}>
                <p className="invite-side__title">{SIDE_GROUP[side]}</p>
                {people.map((p) => (
                  <label key={p.id} className="choice__option">
                    <input type="checkbox" checked={form.invited.includes(p.id)} onChange={(e) => setForm(toggleInvited(form, p.id, e.target.checked))} data-testid="invite-party" data-party={p.pseudonym} />
                    <span>
                      {p.pseudonym}
                      <span className="choice__hint">
                        {PARTY_ROLE[p.role]}
                        {p.details ? ` · ${p.details.name}` : ''}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            );
          })}
        </div>
      </fieldset>
      <div className="form-grid">
        <label className="choice__option">
          <input type="checkbox" checked={form.withPin} onChange={(e) => setForm({ ...form, withPin: e.target.checked })} data-testid="meeting-with-pin" />
          <span>
            Protect each link with a PIN
            <span className="choice__hint">A 6-digit PIN you give separately, e.g. on the phone.</span>
          </span>
        </label>
        <SelectField legend="Links work for" value={String(form.expiresInHours)} options={LIFETIME_OPTIONS} onChange={(v) => setForm({ ...form, expiresInHours: Number(v) })} />
      </div>
      {problem && (
        <p className="staff-error" role="alert">
          {problem}
        </p>
      )}
      {action.error !== null && <ErrorNotice error={action.error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={action.pending} data-testid="meeting-submit">
          {action.pending ? 'Creating…' : form.invited.length > 0 ? 'Create meeting and links' : 'Create meeting'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
