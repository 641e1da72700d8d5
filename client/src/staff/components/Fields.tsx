// Labelled form fields with their hint and error wired up for assistive technology
// (aria-describedby, aria-invalid). The look comes from styles.css (.field, .field__control).
import { useId, type ReactElement, type ReactNode } from 'react';

interface BaseProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  testId?: string;
  required?: boolean;
  /** The key in the form's error map, for focusing the first problem. */
  name?: string;
  optional?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean | undefined }): ReactElement {
  return (
    <label className="field__label" htmlFor={id}>
      {label}
      {optional && <span className="field__optional"> (optional)</span>}
    </label>
  );
}

function Messages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }): ReactElement {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </>
  );
}

interface TextFieldProps extends BaseProps {
  type?: 'text' | 'email' | 'date' | 'datetime-local' | 'month' | 'password';
  list?: string;
  autoComplete?: string;
  maxLength?: number;
  inputMode?: 'numeric' | 'text';
}

export function TextField({ label, value, onChange, error, hint, testId, required, name, optional, type = 'text', list, autoComplete, maxLength, inputMode }: TextFieldProps): ReactElement {
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <input
        id={id}
        className="field__control"
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={testId}
        data-field={name}
        list={list}
        autoComplete={autoComplete ?? 'off'}
        maxLength={maxLength}
        inputMode={inputMode}
      />
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextArea({ label, value, onChange, error, hint, testId, name, optional }: BaseProps): ReactElement {
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <textarea
        id={id}
        className="field__control field__control--area"
        value={value}
        rows={2}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={testId}
        data-field={name}
      />
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

interface ChoiceProps<T extends string> {
  legend: string;
  /** Keep the label for assistive technology only (e.g. in a table under a column header). */
  hideLabel?: boolean;
  value: T | '';
  options: readonly { value: T; label: string; hint?: string }[];
  onChange: (value: T) => void;
  error?: string | undefined;
  testId?: string;
  name?: string;
}

/** Radio buttons in a fieldset: every option visible, one keystroke apart. */
export function RadioGroup<T extends string>({ legend, value, options, onChange, error, testId, name }: ChoiceProps<T>): ReactElement {
  const id = useId();
  return (
    <fieldset className={`choice${error ? ' field--invalid' : ''}`} data-testid={testId} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label">{legend}</legend>
      <div className="choice__options">
        {options.map((o, i) => (
          <label key={o.value} className="choice__option">
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              data-field={i === 0 ? name : undefined}
              aria-invalid={error ? true : undefined}
            />
            <span>
              {o.label}
              {o.hint && <span className="choice__hint">{o.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A labelled <select>. */
export function SelectField<T extends string>({ legend, value, options, onChange, error, testId, name, hideLabel }: ChoiceProps<T>): ReactElement {
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className={hideLabel ? 'sr-only' : 'field__label'} htmlFor={id}>
        {legend}
      </label>
      <select id={id} className="field__control" value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId} data-field={name} aria-invalid={error ? true : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}

/** Focuses the first field the form marked invalid (by its data-field key, in page order). */
export function focusFirstProblem(form: HTMLElement | null, errors: Record<string, string>): void {
  if (!form) return;
  const fields = [...form.querySelectorAll<HTMLElement>('[data-field]')];
  const first = fields.find((el) => {
    const key = el.dataset['field'];
    return key !== undefined && key in errors;
  });
  first?.focus();
}
