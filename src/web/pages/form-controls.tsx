/** What every control below shares: name (also its id), label, an optional hint, and the error shown next to it. */
interface ControlProps {
  readonly name: string;
  readonly label: string;
  readonly hint?: string | undefined;
  /** The API's own message for this field, in the visitor's language. */
  readonly error?: string | undefined;
  readonly required?: boolean;
  readonly autofocus?: boolean;
}

/** The ids an input is described by: its hint, then its error. */
const describedBy = (name: string, hint: string | undefined, error: string | undefined): string | undefined =>
  [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;

function Hint({ name, hint }: { name: string; hint: string | undefined }) {
  return hint ? <p id={`${name}-hint`} class="field-hint">{hint}</p> : null;
}

function ErrorText({ name, error }: { name: string; error: string | undefined }) {
  return error ? <p id={`${name}-error`} class="field-error" role="alert">{error}</p> : null;
}

/** A labelled multi-line text with its hint and error; `id` when the page has several of the same name (one per form). */
export function TextArea({ name, id = name, label, hint, error, required = false, autofocus = false, value, maxlength, rows = 4 }: ControlProps & {
  readonly id?: string; readonly value?: string | undefined; readonly maxlength?: number; readonly rows?: number;
}) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <Hint name={id} hint={hint} />
      <textarea id={id} name={name} rows={rows} maxlength={maxlength} required={required} autofocus={autofocus || Boolean(error)}
        aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>{value ?? ''}</textarea>
      <ErrorText name={id} error={error} />
    </div>
  );
}

/**
 * A labelled single-line text with its hint and error; `id` when the page has several of the same
 * name (one per form), `type="password"` for a secret (never given a value back).
 */
export function TextInput({ name, id = name, label, hint, error, required = false, autofocus = false, value, maxlength, autocomplete = 'off', type = 'text',
  inputmode }: ControlProps & {
  readonly id?: string; readonly value?: string | undefined; readonly maxlength?: number; readonly autocomplete?: string; readonly type?: 'text' | 'password' | 'email';
  readonly inputmode?: 'numeric' | 'text';
}) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <Hint name={id} hint={hint} />
      <input id={id} name={name} type={type} value={type === 'password' ? undefined : value ?? ''} maxlength={maxlength} required={required} autocomplete={autocomplete}
        inputmode={inputmode} autofocus={autofocus || Boolean(error)} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)} />
      <ErrorText name={id} error={error} />
    </div>
  );
}

export interface Choice { readonly value: string; readonly label: string }

/** A labelled drop-down list; `id` when the page has several of the same name. */
export function SelectField({ name, id = name, label, hint, error, choices, value }: ControlProps & {
  readonly id?: string; readonly choices: readonly Choice[]; readonly value?: string | undefined;
}) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <Hint name={id} hint={hint} />
      <select id={id} name={name} autofocus={Boolean(error)} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {choices.map((c) => <option value={c.value} selected={c.value === value}>{c.label}</option>)}
      </select>
      <ErrorText name={id} error={error} />
    </div>
  );
}

/** A group of radio buttons under one legend, each a large target to tap. */
export function RadioGroup({ name, label, hint, error, choices, value, required = false }: ControlProps & { readonly choices: readonly Choice[]; readonly value?: string | undefined }) {
  return (
    <fieldset class={error ? 'field choices field-invalid' : 'field choices'} aria-describedby={describedBy(name, hint, error)}>
      <legend>{label}</legend>
      <Hint name={name} hint={hint} />
      {choices.map((c, i) => (
        <label class={`choice choice-${c.value}`}>
          <input type="radio" name={name} value={c.value} checked={c.value === value} required={required && i === 0}
            autofocus={Boolean(error) && i === 0} aria-invalid={error ? 'true' : undefined} />
          <span>{c.label}</span>
        </label>
      ))}
      <ErrorText name={name} error={error} />
    </fieldset>
  );
}
