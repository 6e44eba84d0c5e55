import { FamilyLayout, PublicLayout, type HeaderInfo } from './layout';
import { PasswordForm, type PasswordFieldErrors } from './password-form';

/** The padlock's « Changer mot de passe », and the forced change at first login. */
export function ChangePasswordPage(props: {
  header: HeaderInfo;
  csrfToken: string;
  forced: boolean;
  errors: PasswordFieldErrors;
  done?: boolean;
}) {
  return (
    <FamilyLayout
      title="Changer mot de passe"
      header={props.header}
      active="/changer-mot-de-passe"
      csrfToken={props.csrfToken}
      restricted={props.forced}
    >
      {props.forced ? (
        <p className="notice" role="status">
          Pour votre sécurité, vous devez choisir un nouveau mot de passe avant de continuer.
        </p>
      ) : null}
      {props.done ? (
        <p className="notice" role="status">
          Votre mot de passe a été modifié.
        </p>
      ) : null}
      <section className="card narrow">
        <PasswordForm
          action="/changer-mot-de-passe"
          csrfToken={props.csrfToken}
          askCurrent
          errors={props.errors}
          submitLabel="Enregistrer"
        />
      </section>
    </FamilyLayout>
  );
}

/** The page an activation or reset link opens: choose a password, once. */
export function SetPasswordPage(props: { title: string; intro: string; action: string; csrfToken: string; errors: PasswordFieldErrors }) {
  return (
    <PublicLayout title={props.title}>
      <section className="card login-card" aria-labelledby="set-password-title">
        <h1 id="set-password-title">{props.title}</h1>
        <p>{props.intro}</p>
        <PasswordForm
          action={props.action}
          csrfToken={props.csrfToken}
          askCurrent={false}
          errors={props.errors}
          submitLabel="Enregistrer"
        />
      </section>
    </PublicLayout>
  );
}

export function LinkExpiredPage({ title }: { title: string }) {
  return (
    <PublicLayout title={title}>
      <section className="card login-card" aria-labelledby="expired-title">
        <h1 id="expired-title">{title}</h1>
        <p className="error" role="alert">
          Ce lien n’est plus valable : il a déjà servi ou il a expiré.
        </p>
        <p>
          Vous pouvez demander un nouveau lien avec <a href="/mot-de-passe-oublie">Mot de passe oublié</a>, ou contacter la mairie si votre
          compte n’est pas encore activé.
        </p>
        <p>
          <a href="/connexion">Retour à la connexion</a>
        </p>
      </section>
    </PublicLayout>
  );
}

/** « Mot de passe oublié »: the same answer whether or not the identifiant exists. */
export function ForgottenPasswordPage(props: { csrfToken: string; sent: boolean; error?: string; communePhone: string }) {
  return (
    <PublicLayout title="Mot de passe oublié">
      <section className="card login-card" aria-labelledby="forgot-title">
        <h1 id="forgot-title">Mot de passe oublié</h1>
        {props.sent ? (
          <p className="notice" role="status">
            Si cet identifiant correspond à un compte actif, un courriel contenant un lien pour choisir un nouveau mot de passe vient d’être
            envoyé à l’adresse du responsable de la famille. Ce lien est valable 1 heure.
          </p>
        ) : (
          <>
            <p>Saisissez votre identifiant : vous recevrez par courriel un lien pour choisir un nouveau mot de passe.</p>
            {props.error ? (
              <p className="error" role="alert" id="forgot-error">
                {props.error}
              </p>
            ) : null}
            <form method="post" action="/mot-de-passe-oublie" noValidate>
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <div className="field">
                <label htmlFor="login">Identifiant</label>
                <input
                  id="login"
                  name="login"
                  type="text"
                  autoComplete="username"
                  required
                  maxLength={120}
                  aria-invalid={props.error ? true : undefined}
                  aria-describedby={props.error ? 'forgot-error' : undefined}
                />
              </div>
              <button type="submit" className="primary">
                Envoyer le lien
              </button>
            </form>
          </>
        )}
        <p>Sans adresse e-mail enregistrée, contactez la mairie au {props.communePhone}.</p>
        <p>
          <a href="/connexion">Retour à la connexion</a>
        </p>
      </section>
    </PublicLayout>
  );
}
