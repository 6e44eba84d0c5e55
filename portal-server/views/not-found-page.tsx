import { FamilyLayout, type HeaderInfo } from './layout';

export function NotFoundPage({ header, csrfToken, what }: { header: HeaderInfo; csrfToken: string; what: string }) {
  return (
    <FamilyLayout title="Page introuvable" header={header} active="" csrfToken={csrfToken}>
      <p>{what} n'existe pas ou ne fait pas partie de votre dossier famille.</p>
      <p>
        <a href="/accueil">Retour à l'accueil</a>
      </p>
    </FamilyLayout>
  );
}
