// /staff/cases/new: a new referral with its people in one form, made to take under a minute.
// A facilitator goes straight on to the case page with the new-meeting form open.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { ApiError } from '../api.ts';
import { focusFirstProblem, RadioGroup, TextArea, TextField } from '../components/Fields.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import { createCase, listStaff } from '../endpoints.ts';
import { fieldErrors } from '../errorText.ts';
import { caseRequest, emptyCaseForm, formErrorsFromServer, validateCaseForm, type CaseForm, type FormErrors } from '../forms/caseForm.ts';
import { PartyRows } from '../forms/PartyRows.tsx';
import { localDay } from '../format.ts';
import { CRIME_TYPES, INITIATED_BY, REFERRAL_SOURCES, RISK } from '../labels.ts';
import { navigate } from '../navigation.ts';
import { RiskLevel, Side } from '../schemas.ts';
import { useStaffSession } from '../staffSession.ts';
import { useAction, useResource } from '../useResource.ts';

const INITIATOR_OPTIONS = Side.options.map((s) => ({ value: s, label: INITIATED_BY[s] }));
const RISK_OPTIONS = RiskLevel.options.map((r) => ({ value: r, label: RISK[r] }));

export function NewCasePage(): ReactElement {
  const { staff } = useStaffSession();
  const coordinator = staff.role === 'coordinator';
  const [form, setForm] = useState<CaseForm>(() => emptyCaseForm(localDay()));
  const [errors, setErrors] = useState<FormErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const action = useAction(createCase);
  const facilitators = useResource(() => (coordinator ? listStaff({ role: 'facilitator' }) : Promise.resolve({ staff: [] })), [coordinator]);

  useEffect(() => {
    if (attempt > 0) focusFirstProblem(formRef.current, errors);
  }, [attempt, errors]);

  const set = (patch: Partial<CaseForm>): void => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const found = validateCaseForm(form);
    setErrors(found);
    setAttempt((a) => a + 1);
    if (Object.keys(found).length > 0) return;
    const { body, partyIndexes } = caseRequest(form, { assignFacilitators: coordinator });
    const result = await action.run(body);
    if (result.ok) {
      const next = staff.role === 'facilitator' ? '?start=meeting' : '';
      navigate(`/staff/cases/${result.value.case.id}${next}`);
      return;
    }
    // Server-side field problems land on the same fields as the client's own.
    const server = fieldErrors(result.error);
    if (Object.keys(server).length > 0) {
      setErrors(formErrorsFromServer(server, partyIndexes));
      setAttempt((a) => a + 1);
    }
  };

  const problemCount = Object.keys(errors).length;

  return (
    <div className="staff-page staff-page--narrow" data-testid="new-case-page">
      <header className="staff-page__header">
        <h1>New case</h1>
      </header>
      <form ref={formRef} className="staff-form" onSubmit={(e) => void submit(e)} noValidate aria-describedby="new-case-intro">
        <p id="new-case-intro" className="staff-muted">
          Fields marked optional can be left empty. A reference is made for you if you leave it empty.
        </p>
        <section className="staff-card" aria-labelledby="referral-heading">
          <h2 id="referral-heading">Referral</h2>
          <div className="form-grid">
            <TextField label="Crime type" value={form.crimeType} onChange={(crimeType) => set({ crimeType })} error={errors['crimeType']} list="crime-types" required testId="case-crime-type" name="crimeType" maxLength={80} />
            <TextField
              label="Referral source"
              value={form.referralSource}
              onChange={(referralSource) => set({ referralSource })}
              error={errors['referralSource']}
              list="referral-sources"
              required
              testId="case-referral-source"
              name="referralSource"
              maxLength={80}
            />
            <TextField label="Referral date" type="date" value={form.referredOn} onChange={(referredOn) => set({ referredOn })} error={errors['referredOn']} required testId="case-referred-on" name="referredOn" />
            <TextField label="Reference" optional value={form.reference} onChange={(reference) => set({ reference })} error={errors['reference']} testId="case-reference" name="reference" maxLength={40} />
          </div>
          <datalist id="crime-types">
            {CRIME_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <datalist id="referral-sources">
            {REFERRAL_SOURCES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <div className="form-grid">
            <RadioGroup legend="Who asked for restorative justice?" value={form.initiatedBy} options={INITIATOR_OPTIONS} onChange={(initiatedBy) => set({ initiatedBy })} error={errors['initiatedBy']} testId="case-initiated-by" name="initiatedBy" />
            <RadioGroup legend="Risk level" value={form.riskLevel} options={RISK_OPTIONS} onChange={(riskLevel) => set({ riskLevel })} error={errors['riskLevel']} testId="case-risk" name="riskLevel" />
          </div>
          <details className="staff-details">
            <summary>Risk note and first contact</summary>
            <div className="form-grid">
              <TextArea label="Risk note" optional value={form.riskNote} onChange={(riskNote) => set({ riskNote })} name="riskNote" />
              <TextField label="First contact" optional type="date" value={form.firstContactOn} onChange={(firstContactOn) => set({ firstContactOn })} error={errors['firstContactOn']} name="firstContactOn" hint="When someone first spoke with a party." />
            </div>
          </details>
        </section>

        <section className="staff-card" aria-labelledby="people-heading">
          <h2 id="people-heading">People</h2>
          <PartyRows rows={form.parties} errors={errors} onChange={(parties) => set({ parties })} />
        </section>

        {coordinator && (
          <section className="staff-card" aria-labelledby="facilitators-heading">
            <h2 id="facilitators-heading">Facilitators</h2>
            {facilitators.state.status === 'ready' && (
              <fieldset className="choice">
                <legend className="field__label">Assign to</legend>
                <div className="choice__options">
                  {facilitators.state.data.staff.map((f) => (
                    <label key={f.id} className="choice__option">
                      <input
                        type="checkbox"
                        checked={form.facilitatorIds.includes(f.id)}
                        onChange={(e) => set({ facilitatorIds: e.target.checked ? [...form.facilitatorIds, f.id] : form.facilitatorIds.filter((x) => x !== f.id) })}
                      />
                      <span>{f.displayName}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            {facilitators.state.status === 'error' && <ErrorNotice error={facilitators.state.error} retry={facilitators.reload} />}
          </section>
        )}

        <div className="staff-form__submit" aria-live="polite">
          {problemCount > 0 && (
            <p className="staff-error" role="alert">
              {problemCount === 1 ? 'One field needs attention.' : `${problemCount} fields need attention.`}
            </p>
          )}
          {action.error !== null && !(action.error instanceof ApiError && action.error.fields.length > 0) && <ErrorNotice error={action.error} />}
          <button type="submit" className="button button--primary button--large" disabled={action.pending} data-testid="case-submit">
            {action.pending ? 'Creating…' : staff.role === 'facilitator' ? 'Create case and set up a meeting' : 'Create case'}
          </button>
        </div>
      </form>
    </div>
  );
}
