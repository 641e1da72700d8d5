// Risk is dynamic: the current level, a dated history (newest first), and a re-assessment that
// adds to the history rather than overwriting it.
import { useState, type FormEvent, type ReactElement } from 'react';
import type { CaseAbilities } from '../abilities.ts';
import { RiskBadge } from '../components/Badges.tsx';
import { RadioGroup, TextArea } from '../components/Fields.tsx';
import { DoneNotice, ErrorNotice } from '../components/Notices.tsx';
import { assessRisk } from '../endpoints.ts';
import { formatInstant } from '../format.ts';
import { RISK } from '../labels.ts';
import { RiskLevel, type CaseDetail } from '../schemas.ts';
import { useAction } from '../useResource.ts';

const OPTIONS = RiskLevel.options.map((r) => ({ value: r, label: RISK[r] }));

export function RiskPanel({ kase, can, onChanged }: { kase: CaseDetail; can: CaseAbilities; onChanged: () => void }): ReactElement {
  const [open, setOpen] = useState(false);
  const [level, setLevel] = useState<RiskLevel>(kase.riskLevel);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(() => assessRisk(kase.id, level, note));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!(await action.run()).ok) return;
    setOpen(false);
    setNote('');
    setDone(`Risk recorded as ${RISK[level].toLowerCase()}.`);
    onChanged();
  };

  return (
    <section className="staff-card" aria-labelledby="risk-heading" data-testid="risk-panel">
      <h2 id="risk-heading">Risk</h2>
      <p>
        Now: <RiskBadge level={kase.riskLevel} />
      </p>
      <div aria-live="polite">{done && <DoneNotice>{done}</DoneNotice>}</div>
      {can.update && kase.status !== 'closed' && !open && (
        <button type="button" className="button button--secondary" onClick={() => setOpen(true)} data-testid="reassess-risk">
          Re-assess risk…
        </button>
      )}
      {open && (
        <form className="sub-form" onSubmit={(e) => void submit(e)} aria-label="Re-assess risk">
          <RadioGroup legend="Risk level" value={level} options={OPTIONS} onChange={setLevel} testId="risk-level" />
          <TextArea label="Note" optional value={note} onChange={setNote} hint="What changed. No names or contact details." />
          {action.error !== null && <ErrorNotice error={action.error} />}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={action.pending} data-testid="risk-submit">
              Save assessment
            </button>
            <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <h3 className="staff-subheading">History</h3>
      <ol className="history" data-testid="risk-history">
        {kase.riskHistory.map((r) => (
          <li key={r.id}>
            <RiskBadge level={r.level} /> <time dateTime={r.assessedAt}>{formatInstant(r.assessedAt)}</time>
            {r.assessedBy && <span className="staff-muted"> · {r.assessedBy}</span>}
            {r.note && <p className="history__note">{r.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
