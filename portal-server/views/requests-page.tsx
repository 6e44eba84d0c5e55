import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';
import { MorePending, RequestTablesByType, requestDay, requestName } from './request-tables';
import { FamilyLayout, type HeaderInfo } from './layout';
import { REQUEST_FILTERS } from '../../shared/domain/labels';

/** The manual's « Onglet Liste des demandes »: the requests of the last month, by outcome. */
export function RequestsPage(props: {
  header: HeaderInfo;
  csrfToken: string;
  withdrawn?: boolean;
  view: 'compte' | 'enfants';
  type?: string;
  requests: { pending: FamilyRequestRow[]; refused: FamilyRequestRow[]; accepted: FamilyRequestRow[] };
}) {
  const { pending, refused, accepted } = props.requests;
  return (
    <FamilyLayout title="Liste des demandes" header={props.header} active="/liste-des-demandes" csrfToken={props.csrfToken} wide>
      {props.withdrawn ? (
        <p className="notice" role="status">
          Votre demande a été retirée.
        </p>
      ) : null}
      <p>
        Toutes les demandes que vous avez faites depuis moins d'un mois, qu'elles aient été acceptées ou refusées, et celles qui attendent
        la décision de la commune.
      </p>
      <nav aria-label="Demandes par fiche">
        <ul className="filters">
          <li>
            <a href="/liste-des-demandes?vue=compte" aria-current={props.view === 'compte' && !props.type ? 'page' : undefined}>
              Mon compte
            </a>
          </li>
          <li>
            <a href="/liste-des-demandes?vue=enfants" aria-current={props.view === 'enfants' && !props.type ? 'page' : undefined}>
              Mes enfants
            </a>
          </li>
        </ul>
      </nav>
      <nav aria-label="Filtrer par type de demande">
        <ul className="filters">
          {REQUEST_FILTERS[props.view].map((f) => (
            <li key={f.category}>
              <a
                href={`/liste-des-demandes?vue=${props.view}&type=${f.category}`}
                aria-current={props.type === f.category ? 'page' : undefined}
              >
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section className="card" aria-labelledby="pending-title">
        <h2 id="pending-title">Demandes en attente</h2>
        <MorePending count={pending.length} />
        <RequestTablesByType
          outcome="Demandes en attente"
          rows={pending}
          empty="Aucune demande en attente."
          trailing={[
            {
              header: 'Action',
              cell: (r) => (
                <form method="post" action={`/demandes/${r.id}/retirer`} className="inline-form">
                  <input type="hidden" name="_csrf" value={props.csrfToken} />
                  <button type="submit" aria-label={`Retirer la demande ${requestName(r)}`}>
                    Retirer
                  </button>
                </form>
              ),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="refused-title">
        <h2 id="refused-title">Demandes refusées</h2>
        <RequestTablesByType
          outcome="Demandes refusées"
          rows={refused}
          empty="Aucune demande refusée."
          trailing={[
            { header: 'Date.refus', cell: (r) => requestDay(r.decidedAt) },
            { header: 'Motif.refus', cell: (r) => r.refusalReason ?? '' },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="accepted-title">
        <h2 id="accepted-title">Demandes acceptées</h2>
        <RequestTablesByType
          outcome="Demandes acceptées"
          rows={accepted}
          empty="Aucune demande acceptée."
          trailing={[{ header: 'Date.acceptation', cell: (r) => requestDay(r.decidedAt) }]}
        />
      </section>
    </FamilyLayout>
  );
}
