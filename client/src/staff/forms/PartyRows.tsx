// The people of a new case, in the same form: side, role, the name staff use and the pseudonym
// the other side sees. Contact notes and accessibility needs fold away until needed.
import type { ReactElement } from 'react';
import { SelectField, TextArea, TextField } from '../components/Fields.tsx';
import { PARTY_ROLE, SIDE_LONG } from '../labels.ts';
import { PartyRole, Side } from '../schemas.ts';
import { emptyParty, type FormErrors, type PartyRow } from './caseForm.ts';

interface PartyRowsProps {
  rows: PartyRow[];
  errors: FormErrors;
  onChange: (rows: PartyRow[]) => void;
}

const SIDE_OPTIONS = Side.options.map((s) => ({ value: s, label: SIDE_LONG[s] }));
const ROLE_OPTIONS = PartyRole.options.map((r) => ({ value: r, label: PARTY_ROLE[r] }));

export function PartyRows({ rows, errors, onChange }: PartyRowsProps): ReactElement {
  const change = (index: number, patch: Partial<PartyRow>): void => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const remove = (index: number): void => onChange(rows.filter((_, i) => i !== index));

  return (
    <div className="party-rows">
      {rows.map((row, index) => (
        <fieldset key={row.key} className={`party-row party-row--${row.side}`} data-testid="party-row" data-index={index}>
          <legend className="party-row__legend">Person {index + 1}</legend>
          <div className="party-row__grid">
            <SelectField legend="Side" value={row.side} options={SIDE_OPTIONS} onChange={(side) => change(index, { side })} testId="party-side" />
            <SelectField legend="Role" value={row.role} options={ROLE_OPTIONS} onChange={(role) => change(index, { role })} testId="party-role" />
            <TextField
              label="Name"
              value={row.name}
              onChange={(name) => change(index, { name })}
              error={errors[`parties.${index}.name`]}
              hint="Staff only. Never shown to the other side."
              testId="party-name"
              name={`parties.${index}.name`}
              maxLength={100}
            />
            <TextField
              label="Pseudonym"
              value={row.pseudonym}
              onChange={(pseudonym) => change(index, { pseudonym })}
              error={errors[`parties.${index}.pseudonym`]}
              hint="The name shown to others in meetings."
              testId="party-pseudonym"
              name={`parties.${index}.pseudonym`}
              maxLength={64}
            />
          </div>
          <details className="party-row__more">
            <summary>Contact notes and accessibility needs</summary>
            <div className="party-row__grid">
              <TextArea label="Contact notes" optional value={row.contactNotes} onChange={(contactNotes) => change(index, { contactNotes })} hint="How and when to reach them. Staff on this case only." />
              <TextArea label="Accessibility needs" optional value={row.accessibilityNeeds} onChange={(accessibilityNeeds) => change(index, { accessibilityNeeds })} />
            </div>
          </details>
          <button type="button" className="staff-link-button party-row__remove" onClick={() => remove(index)} aria-label={`Remove person ${index + 1}`}>
            Remove
          </button>
        </fieldset>
      ))}
      <div className="party-rows__add">
        {Side.options.map((side) => (
          <button key={side} type="button" className="button button--secondary" onClick={() => onChange([...rows, emptyParty(side)])} data-testid={`add-party-${side}`}>
            Add someone on the {side} side
          </button>
        ))}
      </div>
      <p className="field__hint">Rows left empty are skipped. You can add people later on the case page.</p>
    </div>
  );
}
