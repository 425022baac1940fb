/** What a text field needs: its name (also its id), label, input attributes, and the error shown next to it. */
export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'password';
  readonly value?: string;
  readonly autocomplete: string;
  readonly autofocus?: boolean;
  readonly inputmode?: 'numeric' | 'text';
  readonly maxlength?: number;
  /** The API's own message for this field, in the visitor's language. */
  readonly error?: string | undefined;
  /** What the field expects, under its label. */
  readonly hint?: string | undefined;
}

/** A labelled input with its error beside it (announced, and tied to the input by aria-describedby). */
export function Field({ name, label, type = 'text', value, autocomplete, autofocus = false, inputmode, maxlength, error, hint }: FieldProps) {
  const errorId = `${name}-error`;
  const describedBy = [hint ? `${name}-hint` : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={name}>{label}</label>
      {hint && <p id={`${name}-hint`} class="field-hint">{hint}</p>}
      <input id={name} name={name} type={type} value={value} autocomplete={autocomplete} required autofocus={autofocus || Boolean(error)}
        inputmode={inputmode} maxlength={maxlength} spellcheck={false} autocapitalize="none"
        aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
      {error && <p id={errorId} class="field-error" role="alert">{error}</p>}
    </div>
  );
}
