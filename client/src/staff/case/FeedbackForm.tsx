// After the meeting: was video conferencing effective for the person harmed, and for the person
// responsible? Two answers, saved again to change them; they feed the reporting page.
import { useState, type FormEvent, type ReactElement } from 'react';
import { RadioGroup } from '../components/Fields.tsx';
import { DoneNotice, ErrorNotice } from '../components/Notices.tsx';
import { saveFeedback } from '../endpoints.ts';
import { formatInstant } from '../format.ts';
import { ANSWER } from '../labels.ts';
import { Answer, type CaseDetail, type MeetingView } from '../schemas.ts';
import { useAction } from '../useResource.ts';

const OPTIONS = Answer.options.map((a) => ({ value: a, label: ANSWER[a] }));

export function FeedbackForm({ kase, meeting, canEdit, onChanged }: { kase: CaseDetail; meeting: MeetingView; canEdit: boolean; onChanged: () => void }): ReactElement {
  const saved = meeting.feedback;
  const [editing, setEditing] = useState(false);
  const [harmed, setHarmed] = useState<Answer | ''>(saved?.effectiveForHarmed ?? '');
  const [responsible, setResponsible] = useState<Answer | ''>(saved?.effectiveForResponsible ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const action = useAction(() => saveFeedback(kase.id, meeting.id, { effectiveForHarmed: harmed || 'unsure', effectiveForResponsible: responsible || 'unsure' }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!harmed || !responsible) return setProblem('Answer both questions. “Not sure” is a fine answer.');
    setProblem(null);
    if (!(await action.run()).ok) return;
    setEditing(false);
    setDone(true);
    onChanged();
  };

  return (
    <div className="feedback" data-testid="feedback">
      <h4 className="staff-subheading">After the meeting</h4>
      <div aria-live="polite">{done && <DoneNotice>Feedback saved.</DoneNotice>}</div>
      {saved && !editing && (
        <p data-testid="feedback-saved">
          Video effective for the person harmed: <strong>{ANSWER[saved.effectiveForHarmed]}</strong>; for the person responsible:{' '}
          <strong>{ANSWER[saved.effectiveForResponsible]}</strong>. <span className="staff-muted">Saved {formatInstant(saved.submittedAt)}.</span>
        </p>
      )}
      {canEdit && !editing && (
        <button type="button" className="staff-link-button" onClick={() => setEditing(true)} data-testid="feedback-open">
          {saved ? 'Change feedback' : 'Record feedback'}
        </button>
      )}
      {editing && (
        <form className="sub-form" onSubmit={(e) => void submit(e)} aria-label={`Feedback on ${meeting.title}`}>
          <div className="form-grid">
            <RadioGroup legend="Was video effective for the person harmed?" value={harmed} options={OPTIONS} onChange={setHarmed} testId="feedback-harmed" />
            <RadioGroup legend="Was video effective for the person responsible?" value={responsible} options={OPTIONS} onChange={setResponsible} testId="feedback-responsible" />
          </div>
          {problem && (
            <p className="staff-error" role="alert">
              {problem}
            </p>
          )}
          {action.error !== null && <ErrorNotice error={action.error} />}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={action.pending} data-testid="feedback-submit">
              Save feedback
            </button>
            <button type="button" className="button button--secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
