// Closing a case: the outcome (conference, shuttle, letter, conversation, not progressed), and
// why when it did not progress. The server refuses a close without them, so the form asks first.
import { useState, type FormEvent, type ReactElement } from 'react';
import { RadioGroup, TextArea } from '../components/Fields.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import { changeCase } from '../endpoints.ts';
import { OUTCOME } from '../labels.ts';
import { CaseOutcome, type CaseDetail } from '../schemas.ts';
import { useAction } from '../useResource.ts';

const OPTIONS = CaseOutcome.options.map((o) => ({ value: o, label: OUTCOME[o] }));

export function CloseCaseForm({ kase, onCancel, onClosed }: { kase: CaseDetail; onCancel: () => void; onClosed: () => void }): ReactElement {
  const [outcome, setOutcome] = useState<CaseOutcome | ''>('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(() =>
    changeCase(kase.id, { status: 'closed', outcome: outcome || null, ...(outcome === 'not_progressed' ? { notProgressedReason: reason.trim() } : {}) }),
  );

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!outcome) return setProblem('Choose the outcome.');
    if (outcome === 'not_progressed' && !reason.trim()) return setProblem('Say why the case did not progress.');
    setProblem(null);
    if ((await action.run()).ok) onClosed();
  };

  return (
    <form className="sub-form" onSubmit={(e) => void submit(e)} aria-label="Close the case" data-testid="close-case-form">
      <RadioGroup legend="Outcome" value={outcome} options={OPTIONS} onChange={setOutcome} testId="close-outcome" />
      {outcome === 'not_progressed' && <TextArea label="Why it did not progress" value={reason} onChange={setReason} hint="E.g. the person harmed chose not to go on. No names." testId="close-reason" />}
      {problem && (
        <p className="staff-error" role="alert">
          {problem}
        </p>
      )}
      {action.error !== null && <ErrorNotice error={action.error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={action.pending} data-testid="close-submit">
          Close case
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
