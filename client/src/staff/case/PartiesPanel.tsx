// The people of the case, by side. Each side's names and notes are visible to the case's
// facilitators only (the API leaves `details` out for anyone else); the other side only ever
// sees the pseudonym.
import { useState, type FormEvent, type ReactElement } from 'react';
import type { CaseAbilities } from '../abilities.ts';
import { SelectField, TextArea, TextField } from '../components/Fields.tsx';
import { DoneNotice, ErrorNotice } from '../components/Notices.tsx';
import { addParty, partyExportHref } from '../endpoints.ts';
import { PARTY_ROLE, SIDE_GROUP, SIDE_LONG } from '../labels.ts';
import { PartyRole, Side, type CaseDetail, type PartyView } from '../schemas.ts';
import { useAction } from '../useResource.ts';

export function PartiesPanel({ kase, can, onChanged }: { kase: CaseDetail; can: CaseAbilities; onChanged: () => void }): ReactElement {
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="staff-card" aria-labelledby="parties-heading" data-testid="parties-panel">
      <div className="staff-card__header">
        <h2 id="parties-heading">People</h2>
        {can.facilitate && kase.status !== 'closed' && !adding && (
          <button type="button" className="button button--secondary" onClick={() => setAdding(true)} data-testid="add-party">
            Add a person…
          </button>
        )}
      </div>
      <div aria-live="polite">{done && <DoneNotice>{done}</DoneNotice>}</div>
      {adding && (
        <AddPartyForm
          caseId={kase.id}
          onCancel={() => setAdding(false)}
          onAdded={(p) => {
            setAdding(false);
            setDone(`${p.pseudonym} was added to the ${SIDE_GROUP[p.side].toLowerCase()}.`);
            onChanged();
          }}
        />
      )}
      <div className="sides">
        {Side.options.map((side) => {
          const people = kase.parties.filter((p) => p.side === side);
          return (
            <section key={side} className={`side side--${side}`} aria-labelledby={`side-${side}`} data-testid={`side-${side}`}>
              <h3 id={`side-${side}`} className="side__title">
                {SIDE_GROUP[side]}
              </h3>
              {people.length === 0 && <p className="staff-muted">Nobody yet.</p>}
              <ul className="people">
                {people.map((p) => (
                  <PersonItem key={p.id} person={p} caseId={kase.id} canExport={can.facilitate} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}

function PersonItem({ person, caseId, canExport }: { person: PartyView; caseId: string; canExport: boolean }): ReactElement {
  const d = person.details;
  return (
    <li className="person" data-testid="party" data-pseudonym={person.pseudonym}>
      <p className="person__name">
        <strong>{person.pseudonym}</strong> <span className="staff-muted">· {PARTY_ROLE[person.role]}</span>
      </p>
      {d && (
        <dl className="facts facts--compact">
          <dt>Name</dt>
          <dd>{d.name}</dd>
          {d.contactNotes && (
            <>
              <dt>Contact</dt>
              <dd className="pre-line">{d.contactNotes}</dd>
            </>
          )}
          {d.accessibilityNeeds && (
            <>
              <dt>Access</dt>
              <dd className="pre-line">{d.accessibilityNeeds}</dd>
            </>
          )}
        </dl>
      )}
      {canExport && (
        <a className="staff-small-link" href={partyExportHref(caseId, person.id)} download>
          Download {person.pseudonym}’s data (subject access)
        </a>
      )}
    </li>
  );
}

const SIDE_OPTIONS = Side.options.map((s) => ({ value: s, label: SIDE_LONG[s] }));
const ROLE_OPTIONS = PartyRole.options.map((r) => ({ value: r, label: PARTY_ROLE[r] }));

function AddPartyForm({ caseId, onCancel, onAdded }: { caseId: string; onCancel: () => void; onAdded: (p: PartyView) => void }): ReactElement {
  const [side, setSide] = useState<Side>('harmed');
  const [role, setRole] = useState<PartyRole>('party');
  const [name, setName] = useState('');
  const [pseudonym, setPseudonym] = useState('');
  const [contactNotes, setContactNotes] = useState('');
  const [accessibilityNeeds, setAccessibilityNeeds] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(() =>
    addParty(caseId, {
      side,
      role,
      name: name.trim(),
      pseudonym: pseudonym.trim(),
      ...(contactNotes.trim() ? { contactNotes: contactNotes.trim() } : {}),
      ...(accessibilityNeeds.trim() ? { accessibilityNeeds: accessibilityNeeds.trim() } : {}),
    }),
  );

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!name.trim() || !pseudonym.trim()) return setProblem('Enter both the name and the pseudonym.');
    setProblem(null);
    const result = await action.run();
    if (result.ok) onAdded(result.value.party);
  };

  return (
    <form className="sub-form" onSubmit={(e) => void submit(e)} aria-label="Add a person" noValidate>
      <div className="form-grid">
        <SelectField legend="Side" value={side} options={SIDE_OPTIONS} onChange={setSide} />
        <SelectField legend="Role" value={role} options={ROLE_OPTIONS} onChange={setRole} />
        <TextField label="Name" value={name} onChange={setName} hint="Staff only." maxLength={100} />
        <TextField label="Pseudonym" value={pseudonym} onChange={setPseudonym} hint="Shown to others in meetings." maxLength={64} />
        <TextArea label="Contact notes" optional value={contactNotes} onChange={setContactNotes} />
        <TextArea label="Accessibility needs" optional value={accessibilityNeeds} onChange={setAccessibilityNeeds} />
      </div>
      {problem && (
        <p className="staff-error" role="alert">
          {problem}
        </p>
      )}
      {action.error !== null && <ErrorNotice error={action.error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={action.pending}>
          Add person
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
