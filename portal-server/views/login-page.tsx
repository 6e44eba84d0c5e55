import { PublicLayout } from './layout';

export interface LoginPageProps {
  csrfToken: string;
  login?: string;
  error?: string;
  notice?: string;
  communeName: string;
  communePhone: string;
  communeEmail: string;
}

/** The manual's « Accès famille » box. */
export function LoginPage(props: LoginPageProps) {
  return (
    <PublicLayout title="Accès famille">
      <section className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title">Accès famille</h1>
        <p>Identifiez-vous pour vous connecter à votre application enfance !</p>
        {props.notice ? (
          <p className="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        {props.error ? (
          <p className="error" role="alert" id="login-error">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/connexion" noValidate>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <div className="field">
            <label htmlFor="login">Identifiant</label>
            <input
              id="login"
              name="login"
              type="text"
              autoComplete="username"
              required
              defaultValue={props.login ?? ''}
              aria-describedby={props.error ? 'login-error' : undefined}
              aria-invalid={props.error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Mot de passe</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-describedby={props.error ? 'login-error' : undefined}
              aria-invalid={props.error ? true : undefined}
            />
          </div>
          <p>
            <a href="/mot-de-passe-oublie">Mot de passe oublié</a>
          </p>
          <button type="submit" className="primary">
            Connexion
          </button>
        </form>
      </section>
      <section className="card help" aria-labelledby="help-title">
        <h2 id="help-title">Vous n'avez pas d'identifiant ?</h2>
        <p>
          L'identifiant et le mot de passe vous sont fournis par la {props.communeName} par courriel après le dépôt de votre dossier
          d'inscription aux services périscolaires. Si vous ne les possédez pas, contactez la mairie au{' '}
          <a href={`tel:${props.communePhone.replace(/\s/g, '')}`}>{props.communePhone}</a> ou par courriel à{' '}
          <a href={`mailto:${props.communeEmail}`}>{props.communeEmail}</a>.
        </p>
      </section>
    </PublicLayout>
  );
}
