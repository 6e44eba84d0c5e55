import type { PublishedDocument } from '../../shared/core/documents/published';
import { FamilyLayout, type HeaderInfo } from './layout';

function DocumentList({ documents, empty }: { documents: PublishedDocument[]; empty: string }) {
  if (documents.length === 0) return <p>{empty}</p>;
  return (
    <ul className="documents">
      {documents.map((d) => (
        <li key={d.id}>
          {d.kind === 'link' && d.url ? (
            <a href={d.url} rel="noopener noreferrer">
              {d.title} <span className="note">(site externe)</span>
            </a>
          ) : (
            <a href={`/documents/${d.id}`}>
              {d.title} <span className="note">(PDF{d.sizeBytes ? `, ${Math.max(1, Math.round(d.sizeBytes / 1024))} Ko` : ''})</span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The manual's « Infos./Documents », with its « Formulaires » section. */
export function DocumentsPage({ header, csrfToken, documents }: { header: HeaderInfo; csrfToken: string; documents: PublishedDocument[] }) {
  return (
    <FamilyLayout title="Infos./Documents" header={header} active="/infos-documents" csrfToken={csrfToken}>
      <section className="card" aria-labelledby="infos-title">
        <h2 id="infos-title">Informations et documents de la commune</h2>
        <DocumentList
          documents={documents.filter((d) => d.category !== 'formulaire')}
          empty="La commune n'a pas encore publié de document."
        />
      </section>
      <section className="card" aria-labelledby="forms-title" id="formulaires">
        <h2 id="forms-title">Formulaires</h2>
        <DocumentList
          documents={documents.filter((d) => d.category === 'formulaire')}
          empty="Aucun formulaire à télécharger pour le moment."
        />
      </section>
    </FamilyLayout>
  );
}

/** « Fiche d'inscription »: the enrolment forms the commune publishes, and who to ask for the dossier. */
export function EnrolmentFormPage(props: {
  header: HeaderInfo;
  csrfToken: string;
  forms: PublishedDocument[];
  familyChildren: Array<{ id: number; firstName: string; lastName: string }>;
  schoolYear: string;
  communeName: string;
  communePhone: string;
  communeEmail: string;
}) {
  return (
    <FamilyLayout title="Fiche d'inscription" header={props.header} active="/fiche-inscription" csrfToken={props.csrfToken}>
      <section className="card" aria-labelledby="dossier-title">
        <h2 id="dossier-title">{`Dossier d'inscription pour l'année scolaire ${props.schoolYear}`}</h2>
        <p>
          <a href="/fiche-inscription/vierge.pdf">
            {`Fiche d'inscription vierge ${props.schoolYear}`} <span className="note">(PDF, à imprimer)</span>
          </a>
        </p>
        <DocumentList documents={props.forms} empty="La commune ne publie pas d'autre formulaire pour le moment." />
        <p>
          Pour recevoir le dossier ou le rendre complété, contactez la {props.communeName} au {props.communePhone} ou par courriel à{' '}
          <a href={`mailto:${props.communeEmail}`}>{props.communeEmail}</a>.
        </p>
      </section>
      <section className="card" aria-labelledby="children-records-title">
        <h2 id="children-records-title">Les fiches pré-remplies de vos enfants</h2>
        <p>
          Chaque fiche reprend ce que la commune connaît de votre famille et de l'enfant : vérifiez-la, corrigez-la à la main, signez-la et
          rendez-la.
        </p>
        <ul>
          {props.familyChildren.map((c) => (
            <li key={c.id}>
              <a href={`/fiche-inscription/enfants/${c.id}.pdf`}>
                {`Fiche d'inscription de ${c.firstName} ${c.lastName}`} <span className="note">(PDF pré-rempli)</span>
              </a>
              {' — '}
              <a href={`/mes-enfants/${c.id}`}>{`Fiche enfant de ${c.firstName}`}</a>
            </li>
          ))}
        </ul>
      </section>
    </FamilyLayout>
  );
}
