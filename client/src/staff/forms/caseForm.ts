// The create-case form as data: its fields, what is missing, and the request it becomes. Pure, so
// the mapping (blank → left out, trimmed text, people with no name skipped) is unit-tested.
import type { NewCaseBody, NewPartyBody } from '../endpoints.ts';
import type { PartyRole, RiskLevel, Side } from '../schemas.ts';

export interface PartyRow {
  /** A stable key for React; never sent. */
  readonly key: string;
  side: Side;
  role: PartyRole;
  name: string;
  pseudonym: string;
  contactNotes: string;
  accessibilityNeeds: string;
}

export interface CaseForm {
  reference: string;
  crimeType: string;
  referralSource: string;
  initiatedBy: Side | '';
  riskLevel: RiskLevel | '';
  riskNote: string;
  referredOn: string;
  firstContactOn: string;
  facilitatorIds: string[];
  parties: PartyRow[];
}

let nextKey = 0;

export function emptyParty(side: Side, role: PartyRole = 'party'): PartyRow {
  nextKey += 1;
  return { key: `party-${nextKey}`, side, role, name: '', pseudonym: '', contactNotes: '', accessibilityNeeds: '' };
}

/** A fresh form: referred today, one person on each side to fill in. */
export function emptyCaseForm(today: string): CaseForm {
  return {
    reference: '',
    crimeType: '',
    referralSource: '',
    initiatedBy: '',
    riskLevel: '',
    riskNote: '',
    referredOn: today,
    firstContactOn: '',
    facilitatorIds: [],
    parties: [emptyParty('harmed'), emptyParty('responsible')],
  };
}

/** A row nobody started filling in is left out, not refused. */
export function isBlankParty(row: PartyRow): boolean {
  return [row.name, row.pseudonym, row.contactNotes, row.accessibilityNeeds].every((v) => v.trim() === '');
}

/** Problems keyed by the API's field paths (`crimeType`, `parties.1.pseudonym`), so server and client errors land in the same place. */
export type FormErrors = Record<string, string>;

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function validateCaseForm(form: CaseForm): FormErrors {
  const errors: FormErrors = {};
  const reference = form.reference.trim();
  if (reference && (!REFERENCE.test(reference) || reference.length > 40)) errors['reference'] = 'Use up to 40 letters, digits, spaces and . / _ - only.';
  if (!form.crimeType.trim()) errors['crimeType'] = 'Enter the type of crime.';
  if (!form.referralSource.trim()) errors['referralSource'] = 'Enter who referred the case.';
  if (!form.initiatedBy) errors['initiatedBy'] = 'Choose who asked for restorative justice.';
  if (!form.riskLevel) errors['riskLevel'] = 'Choose the risk level.';
  if (!DAY.test(form.referredOn)) errors['referredOn'] = 'Enter the referral date.';
  if (form.firstContactOn && !DAY.test(form.firstContactOn)) errors['firstContactOn'] = 'Enter a full date, or leave it empty.';
  else if (form.firstContactOn && DAY.test(form.referredOn) && form.firstContactOn < form.referredOn) {
    errors['firstContactOn'] = 'First contact cannot be before the referral.';
  }
  form.parties.forEach((row, index) => {
    if (isBlankParty(row)) return;
    if (!row.name.trim()) errors[`parties.${index}.name`] = 'Enter the name staff use.';
    if (!row.pseudonym.trim()) errors[`parties.${index}.pseudonym`] = 'Enter the name shown to others in meetings.';
  });
  return errors;
}

function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

function partyBody(row: PartyRow): NewPartyBody {
  const body: NewPartyBody = { side: row.side, role: row.role, name: row.name.trim(), pseudonym: row.pseudonym.trim() };
  const contactNotes = optional(row.contactNotes);
  const accessibilityNeeds = optional(row.accessibilityNeeds);
  if (contactNotes) body.contactNotes = contactNotes;
  if (accessibilityNeeds) body.accessibilityNeeds = accessibilityNeeds;
  return body;
}

/**
 * The request for a valid form. Blank optional fields are left out (the server generates the
 * reference), and blank people rows are skipped. `parties` paths in server errors refer to the
 * request's list; `partyIndexes` maps them back to the form's rows.
 */
export function caseRequest(form: CaseForm, opts: { assignFacilitators: boolean }): { body: NewCaseBody; partyIndexes: number[] } {
  if (!form.initiatedBy || !form.riskLevel) throw new Error('caseRequest needs a validated form');
  const body: NewCaseBody = {
    crimeType: form.crimeType.trim(),
    referralSource: form.referralSource.trim(),
    initiatedBy: form.initiatedBy,
    riskLevel: form.riskLevel,
    referredOn: form.referredOn,
  };
  const reference = optional(form.reference);
  const riskNote = optional(form.riskNote);
  if (reference) body.reference = reference;
  if (riskNote) body.riskNote = riskNote;
  if (form.firstContactOn) body.firstContactOn = form.firstContactOn;
  if (opts.assignFacilitators && form.facilitatorIds.length > 0) body.facilitatorIds = [...form.facilitatorIds];
  const partyIndexes: number[] = [];
  const parties: NewPartyBody[] = [];
  form.parties.forEach((row, index) => {
    if (isBlankParty(row)) return;
    partyIndexes.push(index);
    parties.push(partyBody(row));
  });
  if (parties.length > 0) body.parties = parties;
  return { body, partyIndexes };
}

/** Server field errors (request paths) moved onto the form's rows. */
export function formErrorsFromServer(fields: Record<string, string>, partyIndexes: number[]): FormErrors {
  const errors: FormErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const match = /^parties\.(\d+)\.(.+)$/.exec(path);
    const row = match ? partyIndexes[Number(match[1])] : undefined;
    errors[match && row !== undefined ? `parties.${row}.${match[2]}` : path || 'form'] = message;
  }
  return errors;
}
