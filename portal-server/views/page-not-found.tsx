import { PublicLayout } from './layout';

/** An address the portal does not know. */
export function PageNotFound({ loggedIn }: { loggedIn: boolean }) {
  return (
    <PublicLayout title="Page introuvable">
      <section className="card login-card" aria-labelledby="not-found-title">
        <h1 id="not-found-title">Page introuvable</h1>
        <p>L’adresse demandée n’existe pas sur le Portail Famille.</p>
        <p>
          <a href={loggedIn ? '/accueil' : '/connexion'}>{loggedIn ? 'Retour à l’accueil' : 'Retour à la connexion'}</a>
        </p>
      </section>
    </PublicLayout>
  );
}
