import type { FamilyChildRow } from '../../shared/core/families/family-account-view';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';
import { IconNav, PLUS } from './home-icons';
import { PendingRequests } from './request-pages';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';

/** The manual's « Onglet Mes enfants »: the household's children. */
export function ChildrenPage({
  header,
  csrfToken,
  familyChildren,
  pendingRequests,
  notice,
}: {
  header: HeaderInfo;
  csrfToken: string;
  familyChildren: FamilyChildRow[];
  pendingRequests: FamilyRequestRow[];
  notice?: string;
}) {
  return (
    <FamilyLayout title="Mes enfants" header={header} active="/mes-enfants" csrfToken={csrfToken}>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="layout-with-icons">
        <IconNav label="Demandes" items={[{ href: '/mes-enfants/ajouter', icon: PLUS, label: 'Ajouter un enfant' }]} />
        <div>
          <p>Cliquez sur le nom d'un enfant pour voir son planning ; ses icônes permettent de demander une modification de sa fiche.</p>
          <section className="card" aria-labelledby="children-list-title">
            <h2 id="children-list-title">Mes enfants</h2>
            <DataTable
              caption="Mes enfants"
              rows={familyChildren}
              rowKey={(c) => c.id}
              empty="Aucun enfant n'est inscrit."
              columns={[
                {
                  header: 'Enfant',
                  cell: (c) => (
                    <a href={`/mes-enfants/${c.id}/planning`}>
                      {c.firstName} {c.lastName}
                    </a>
                  ),
                },
                { header: 'Date de naissance', cell: (c) => formatShortFrenchDate(c.birthDate) },
                { header: 'École', cell: (c) => c.school },
                { header: 'Classe', cell: (c) => c.grade },
              ]}
            />
          </section>
          <PendingRequests requests={pendingRequests} csrfToken={csrfToken} />
        </div>
      </div>
    </FamilyLayout>
  );
}
