import type { FamilyChildRow } from '../../shared/core/families/family-account-view';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';

/** The manual's « Onglet Mes enfants »: the household's children. */
export function ChildrenPage({ header, csrfToken, children }: { header: HeaderInfo; csrfToken: string; children: FamilyChildRow[] }) {
  return (
    <FamilyLayout title="Mes enfants" header={header} active="/mes-enfants" csrfToken={csrfToken}>
      <section className="card" aria-labelledby="children-list-title">
        <h2 id="children-list-title">Mes enfants</h2>
        <DataTable
          caption="Mes enfants"
          rows={children}
          rowKey={(c) => c.id}
          empty="Aucun enfant n'est inscrit."
          columns={[
            { header: 'Enfant', cell: (c) => <a href={`/mes-enfants/${c.id}`}>{c.firstName} {c.lastName}</a> },
            { header: 'Date de naissance', cell: (c) => formatShortFrenchDate(c.birthDate) },
            { header: 'École', cell: (c) => c.school },
            { header: 'Classe', cell: (c) => c.grade },
          ]}
        />
      </section>
    </FamilyLayout>
  );
}
