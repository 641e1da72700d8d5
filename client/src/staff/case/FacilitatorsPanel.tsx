// Coordinators assign the case's facilitators: the whole set is replaced at once.
import { useState, type ReactElement } from 'react';
import { DoneNotice, ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import { assignFacilitators, listStaff } from '../endpoints.ts';
import type { CaseDetail } from '../schemas.ts';
import { useAction, useResource } from '../useResource.ts';

export function FacilitatorsPanel({ kase, onChanged }: { kase: CaseDetail; onChanged: () => void }): ReactElement {
  const people = useResource(() => listStaff({ role: 'facilitator' }), []);
  const [chosen, setChosen] = useState<string[]>(() => kase.facilitators.map((f) => f.id));
  const [done, setDone] = useState(false);
  const action = useAction(() => assignFacilitators(kase.id, chosen));

  const toggle = (id: string, on: boolean): void => {
    setDone(false);
    setChosen((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)));
  };

  return (
    <section className="staff-card" aria-labelledby="facilitators-heading">
      <h2 id="facilitators-heading">Facilitators</h2>
      {people.state.status === 'loading' && <LoadingNotice what="facilitators" />}
      {people.state.status === 'error' && <ErrorNotice error={people.state.error} retry={people.reload} />}
      {people.state.status === 'ready' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run().then((r) => {
              if (!r.ok) return;
              setDone(true);
              onChanged();
            });
          }}
        >
          <fieldset className="choice">
            <legend className="field__label">Assigned to this case</legend>
            <div className="choice__options">
              {people.state.data.staff.map((f) => (
                <label key={f.id} className="choice__option">
                  <input type="checkbox" checked={chosen.includes(f.id)} onChange={(e) => toggle(f.id, e.target.checked)} />
                  <span>{f.displayName}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {action.error !== null && <ErrorNotice error={action.error} />}
          <button type="submit" className="button button--secondary" disabled={action.pending}>
            Save facilitators
          </button>
          <div aria-live="polite">{done && <DoneNotice>Facilitators saved.</DoneNotice>}</div>
        </form>
      )}
    </section>
  );
}
