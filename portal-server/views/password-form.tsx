import { PASSWORD_RULES_TEXT } from '../../shared/domain/password-policy';

export type PasswordFieldErrors = Partial<Record<'current' | 'password' | 'confirm' | '_', string>>;

function Field(props: { id: string; label: string; autoComplete: string; error?: string; describedBy?: string }) {
  const describedBy = [props.describedBy, props.error ? `${props.id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type="password"
        autoComplete={props.autoComplete}
        required
        maxLength={200}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.error ? (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The new-password fields with the manual's rules beside them and each failed rule next to its field. */
export function PasswordForm(props: {
  action: string;
  csrfToken: string;
  askCurrent: boolean;
  errors: PasswordFieldErrors;
  submitLabel: string;
}) {
  return (
    <form method="post" action={props.action} noValidate>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.errors._ ? (
        <p className="error" role="alert">
          {props.errors._}
        </p>
      ) : null}
      {props.askCurrent ? (
        <Field id="current" label="Mot de passe actuel" autoComplete="current-password" error={props.errors.current} />
      ) : null}
      <div id="password-rules" className="rules">
        <p>Le mot de passe doit répondre aux critères suivants :</p>
        <ul>
          {PASSWORD_RULES_TEXT.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
        <p>Il ne doit pas contenir votre identifiant ni être un mot de passe courant.</p>
      </div>
      <Field
        id="password"
        label="Nouveau mot de passe"
        autoComplete="new-password"
        error={props.errors.password}
        describedBy="password-rules"
      />
      <Field id="confirm" label="Confirmez le nouveau mot de passe" autoComplete="new-password" error={props.errors.confirm} />
      <button type="submit" className="primary">
        {props.submitLabel}
      </button>
    </form>
  );
}
