import type { ReactElement } from 'react';
import type { FieldSpec, SectionSpec, SectionValues } from '../../shared/contracts/record-sections';
import { fieldInputValue, maskIban } from '../../shared/contracts/record-sections';

export type FieldErrors = Record<string, string>;

function Field({
  field,
  value,
  error,
  pending,
  currentIban,
}: {
  field: FieldSpec;
  value: unknown;
  error?: string;
  pending: boolean;
  currentIban?: string;
}) {
  const id = `f-${field.key}`;
  const notes = [
    field.hint,
    field.kind === 'iban' && currentIban ? `IBAN enregistré : ${maskIban(currentIban)} — laissez vide pour le conserver.` : undefined,
    pending ? 'Une modification de ce champ est en attente de validation par la commune.' : undefined,
  ].filter(Boolean) as string[];
  const describedBy = [notes.length ? `${id}-note` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const common = { id, name: field.key, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
  if (field.kind === 'boolean') {
    return (
      <div className="field checkbox">
        {/* A value from the record is a boolean; one from a form that came back is « on » when ticked. */}
        <input type="checkbox" {...common} defaultChecked={value === true || value === 'on'} />
        <label htmlFor={id}>{field.label}</label>
        {notes.length ? (
          <p className="field-note" id={`${id}-note`}>
            {notes.join(' ')}
          </p>
        ) : null}
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  let control: ReactElement;
  switch (field.kind) {
    case 'longText':
      control = <textarea {...common} rows={3} maxLength={field.max} defaultValue={fieldInputValue(field, value)} />;
      break;
    case 'select':
      control = (
        <select {...common} defaultValue={fieldInputValue(field, value)}>
          <option value="">(non renseigné)</option>
          {field.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    default: {
      const type = field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : field.kind === 'date' ? 'date' : 'text';
      const inputMode =
        field.kind === 'postalCode' || field.kind === 'integer' ? 'numeric' : field.kind === 'decimal' ? 'decimal' : undefined;
      const autoComplete =
        field.kind === 'email'
          ? 'email'
          : field.kind === 'phone'
            ? 'tel'
            : field.kind === 'postalCode'
              ? 'postal-code'
              : field.kind === 'iban'
                ? 'off'
                : undefined;
      control = (
        <input
          {...common}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          maxLength={field.max ?? 120}
          defaultValue={field.kind === 'iban' ? '' : fieldInputValue(field, value)}
        />
      );
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {pending ? <span className="pending-mark"> (modification en attente)</span> : null}
      </label>
      {control}
      {notes.length ? (
        <p className="field-note" id={`${id}-note`}>
          {notes.join(' ')}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A section's request form, pre-filled with the record: **Enregistrer** sends the request. */
export function SectionForm(props: {
  spec: SectionSpec;
  values: SectionValues;
  errors: FieldErrors;
  pending: Set<string>;
  action: string;
  csrfToken: string;
  message?: string;
}) {
  const currentIban = props.spec.key === 'bank' ? String(props.values.iban ?? '') : undefined;
  return (
    <form method="post" action={props.action} noValidate className="section-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.message ? (
        <p className="error" role="alert">
          {props.message}
        </p>
      ) : null}
      <div className="form-grid">
        {props.spec.fields.map((field) => (
          <Field
            key={field.key}
            field={field}
            value={props.values[field.key]}
            error={props.errors[field.key]}
            pending={props.pending.has(field.key)}
            currentIban={currentIban}
          />
        ))}
      </div>
      <button type="submit" className="primary">
        Enregistrer
      </button>
    </form>
  );
}
